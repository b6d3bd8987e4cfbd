package io.github.udpkit.samples.statsd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Packs StatsD lines into datagrams of at most {@code maxSize} bytes, separated by {@code \n}, without a trailing
 * newline. An entry is never split across datagrams: when it does not fit in the current datagram, the current one is
 * emitted first. An entry larger than {@code maxSize} on its own cannot be sent whole and is refused.
 *
 * <p>An entry may hold more than one line (a negative gauge is {@code name:0|g\nname:-5|g}: the two lines must stay
 * together and in order); it is kept whole like a single line.
 *
 * <p>Not thread-safe: {@link StatsdClient} calls it under its lock.
 */
final class StatsdPacker {
    /** Receives each packed datagram. */
    @FunctionalInterface
    interface Sink {
        /**
         * Takes one datagram.
         *
         * @param datagram the bytes, at most {@code maxSize}
         * @param lines how many lines it holds
         */
        void emit(byte[] datagram, int lines);
    }

    private final int maxSize;
    private final Sink sink;
    private final ByteArrayOutputStream buffer;
    private int lines;

    StatsdPacker(int maxSize, Sink sink) {
        this.maxSize = maxSize;
        this.sink = sink;
        this.buffer = new ByteArrayOutputStream(maxSize);
    }

    /**
     * Adds an entry: one line, or several separated by {@code \n} that must travel together.
     *
     * @param entry the line(s), without a trailing newline
     * @return {@code false} if the entry is larger than a datagram may be, and was dropped
     */
    boolean add(String entry) {
        byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxSize) {
            return false;
        }
        int separator = buffer.size() == 0 ? 0 : 1;
        if (buffer.size() + separator + bytes.length > maxSize) {
            flush();
            separator = 0;
        }
        if (separator == 1) {
            buffer.write('\n');
        }
        buffer.writeBytes(bytes);
        lines += 1 + count(bytes);
        return true;
    }

    private static int count(byte[] bytes) {
        int newlines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                newlines++;
            }
        }
        return newlines;
    }

    /** Emits the current datagram, if it holds anything. */
    void flush() {
        if (buffer.size() > 0) {
            byte[] datagram = buffer.toByteArray();
            int count = lines;
            buffer.reset();
            lines = 0;
            sink.emit(datagram, count);
        }
    }

    /**
     * Returns the number of bytes waiting in the current datagram.
     *
     * @return 0 when empty
     */
    int pending() {
        return buffer.size();
    }
}
