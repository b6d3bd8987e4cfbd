package io.github.udpkit.testkit;

import io.github.udpkit.internal.Args;
import io.github.udpkit.internal.Payloads;
import java.util.Arrays;

/**
 * One generated payload of a {@link RandomPayloads} test: its bytes, its size, whether it is an edge case, and the
 * seed it came from. Immutable; the bytes are copied in and out.
 *
 * @since 0.1
 */
public final class Payload {
    private final byte[] bytes;
    private final boolean edge;
    private final long seed;

    /**
     * Creates a payload.
     *
     * @param bytes the content; copied
     * @param edge whether its size is one of the edge sizes
     * @param seed the seed of the run that generated it
     * @throws NullPointerException if {@code bytes} is {@code null}
     */
    public Payload(byte[] bytes, boolean edge, long seed) {
        this.bytes = Args.notNull(bytes, "bytes").clone();
        this.edge = edge;
        this.seed = seed;
    }

    /**
     * Returns a copy of the content.
     *
     * @return the bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Returns the size.
     *
     * @return the number of bytes
     */
    public int size() {
        return bytes.length;
    }

    /**
     * Tells whether the size is an edge size (0, 1, around the limit, or a UDP maximum).
     *
     * @return {@code true} for an edge case
     */
    public boolean edge() {
        return edge;
    }

    /**
     * Returns the seed of the run; {@code -Dudpkit.seed=<seed>} replays it.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Compares content, edge flag and seed.
     *
     * @param other the object to compare with
     * @return whether {@code other} is an equal payload
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Payload p && edge == p.edge && seed == p.seed && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + Long.hashCode(seed) + (edge ? 1 : 0);
    }

    /**
     * Describes the payload with a capped preview of its content.
     *
     * @return for example {@code Payload[size=1025 (edge), seed=42, bytes=0x3fa1…(+961 bytes)]}
     */
    @Override
    public String toString() {
        return "Payload[size=" + bytes.length + (edge ? " (edge)" : "") + ", seed=" + seed + ", bytes="
                + Payloads.preview(bytes) + "]";
    }
}
