package io.github.udpkit.testkit.internal;

import io.github.udpkit.Datagram;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Readable renderings for failure messages: payloads as quoted text when printable and as hex otherwise, never more
 * than a fixed number of bytes; durations in milliseconds; journals one datagram per line.
 */
public final class Render {
    /** How many payload bytes a preview shows at most. */
    public static final int PREVIEW_BYTES = 64;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Render() {
    }

    /**
     * Renders a duration as whole milliseconds, for example {@code 250 ms}.
     *
     * @param duration the duration
     * @return the rendering
     */
    public static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    /**
     * Renders at most {@link #PREVIEW_BYTES} bytes of a payload.
     *
     * @param payload the bytes
     * @return the rendering of {@link #preview(byte[], int)}
     */
    public static String preview(byte[] payload) {
        return preview(payload, PREVIEW_BYTES);
    }

    /**
     * Renders at most {@code maxBytes} bytes of a payload: {@code "text"} (with {@code \n}, {@code \r}, {@code \t},
     * {@code \"} and {@code \\} escaped) when the shown bytes are printable ASCII, UTF-8 text without control
     * characters, or common whitespace; {@code 0x...} hex otherwise; {@code …(+N bytes)} when cut; {@code (empty)}
     * for no bytes.
     *
     * @param payload the bytes
     * @param maxBytes how many bytes to show at most
     * @return the rendering
     */
    public static String preview(byte[] payload, int maxBytes) {
        if (payload.length == 0) {
            return "(empty)";
        }
        int shown = Math.min(payload.length, Math.max(0, maxBytes));
        StringBuilder out = new StringBuilder(shown * 2 + 24);
        if (printable(payload, shown)) {
            out.append('"');
            for (int i = 0; i < shown; i++) {
                char c = (char) (payload[i] & 0xff);
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> out.append(c);
                }
            }
            out.append('"');
        } else {
            out.append("0x");
            for (int i = 0; i < shown; i++) {
                int b = payload[i] & 0xff;
                out.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
            }
        }
        if (shown < payload.length) {
            out.append("…(+").append(payload.length - shown).append(" bytes)");
        }
        return out.toString();
    }

    private static boolean printable(byte[] payload, int shown) {
        for (int i = 0; i < shown; i++) {
            int b = payload[i] & 0xff;
            if (!((b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Renders a whole payload as lower-case hex.
     *
     * @param payload the bytes
     * @return two hex digits per byte, no separators
     */
    public static String hex(byte[] payload) {
        StringBuilder out = new StringBuilder(payload.length * 2);
        for (byte value : payload) {
            int b = value & 0xff;
            out.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
        }
        return out.toString();
    }

    /**
     * Renders text for a message: quoted and escaped when it is short, abbreviated otherwise.
     *
     * @param text the text
     * @return the rendering, at most {@link #PREVIEW_BYTES} UTF-8 bytes of it
     */
    public static String text(String text) {
        return preview(text.getBytes(StandardCharsets.UTF_8));
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
                + " " + preview(datagram.payload());
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
