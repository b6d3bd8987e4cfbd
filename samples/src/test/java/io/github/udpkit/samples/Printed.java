package io.github.udpkit.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A command's standard output or error in a test: a {@link PrintStream} that keeps what is printed, read back as
 * UTF-8. Safe to read from one thread while the command prints from another.
 */
public final class Printed extends PrintStream {
    /** An empty stream that flushes on every line. */
    public Printed() {
        super(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /**
     * Returns what was printed so far.
     *
     * @return the text, decoded as UTF-8
     */
    public String text() {
        return ((ByteArrayOutputStream) out).toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was printed so far. */
    public void clear() {
        ((ByteArrayOutputStream) out).reset();
    }
}
