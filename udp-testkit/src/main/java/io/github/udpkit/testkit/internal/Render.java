package io.github.udpkit.testkit.internal;

import io.github.udpkit.Datagram;
import io.github.udpkit.internal.Payloads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Readable renderings for failure messages: durations in milliseconds and journals one datagram per line. Payloads
 * are rendered by udp-api's {@link Payloads#preview(byte[])} (quoted text when printable, hex otherwise, at most
 * {@link Payloads#PREVIEW_BYTES} bytes, {@code ""} for no bytes), the same rendering as {@code Datagram.toString()}.
 */
public final class Render {
    private Render() {
    }

    /**
     * Renders a duration as whole milliseconds, for example {@code 250 ms}, or {@code forever} for a wait that
     * saturates; see {@link Durations#millis(Duration)}.
     *
     * @param duration the duration
     * @return the rendering; never throws
     */
    public static String millis(Duration duration) {
        return Durations.millis(duration);
    }

    /**
     * Renders one journal line: {@code #1 from /127.0.0.1:40000 at +12 ms: 5 bytes "hello"}, with
     * {@code (truncated)} for truncated datagrams.
     *
     * @param number the 1-based arrival number
     * @param datagram the datagram
     * @param start the instant times are measured from
     * @return the line, without a line break
     */
    public static String line(int number, Datagram datagram, Instant start) {
        long offset = Duration.between(start, datagram.receivedAt()).toMillis();
        return "#" + number + " from " + datagram.sender() + " at +" + offset + " ms: " + datagram.length()
                + (datagram.length() == 1 ? " byte" : " bytes") + (datagram.truncated() ? " (truncated)" : "")
                + " " + Payloads.preview(datagram.payload());
    }

    /**
     * Renders datagrams one per line, each indented by two spaces and numbered from {@code firstNumber}.
     *
     * @param datagrams the datagrams
     * @param firstNumber the number of the first
     * @param start the instant times are measured from
     * @return the lines, each ending with a line break; empty for no datagrams
     */
    public static String lines(List<Datagram> datagrams, int firstNumber, Instant start) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < datagrams.size(); i++) {
            out.append("  ").append(line(firstNumber + i, datagrams.get(i), start)).append('\n');
        }
        return out.toString();
    }
}
