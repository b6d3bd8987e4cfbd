package io.github.udpkit;

import io.github.udpkit.internal.Args;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Datagrams to send in one call: {@link UdpSender#send(DatagramBatch)} or a receiver's replies with
 * {@link UdpReceiver#send(DatagramBatch)}. Made by the sender or receiver that sends it ({@code newBatch}), it copies
 * each payload as it is added into memory it reuses, so a steady stream of batches allocates nothing. On the native
 * engine a batch whose datagrams all go to one target in one size (the last may be shorter) goes out as UDP GSO
 * ({@code UDP_SEGMENT}), anything else as one {@code sendmmsg}; on NIO the batch is a loop of sends, with the same
 * results.
 *
 * <p>Each {@code add} checks the datagram as the equivalent {@code send} or {@code sendTo} would (target, size, empty
 * on a connected NIO socket), so a batch holds only datagrams that may be sent. A batch has room for its count of
 * datagrams and for their bytes: as many 1,500-byte datagrams as its count, plus one of the largest (at most 4 MiB
 * in all); an {@code add} beyond either is refused with an {@link IllegalStateException}, and nothing is dropped.
 * Sending does not clear the batch; {@link #clear()} does. Not thread-safe: fill and send a batch from one thread at
 * a time. {@link #close()} frees its memory (off the heap on the native engine); closing its sender or receiver does
 * not.
 *
 * <pre>{@code
 * try (DatagramBatch batch = sender.newBatch(64)) {
 *     for (byte[] line : lines) {
 *         if (batch.remaining() == 0) {
 *             sender.send(batch);
 *             batch.clear();
 *         }
 *         batch.add(line);
 *     }
 *     sender.send(batch);
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class DatagramBatch implements AutoCloseable {
    private final Sends sends;
    private final EngineSocket.Outbound out;
    /** The sender's target, for the {@code add} methods without one; {@code null} for a receiver or no target. */
    private final InetSocketAddress defaultTarget;
    private final int capacity;
    private boolean closed;

    DatagramBatch(Sends sends, EngineSocket.Outbound out, InetSocketAddress defaultTarget, int capacity) {
        this.sends = sends;
        this.out = out;
        this.defaultTarget = defaultTarget;
        this.capacity = capacity;
    }

    Sends owner() {
        return sends;
    }

    EngineSocket.Outbound outbound() {
        checkOpen();
        return out;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("batch is closed; make a new one with newBatch(...)");
        }
    }

    private InetSocketAddress requireTarget() {
        if (defaultTarget == null) {
            throw new IllegalStateException("this batch has no default target (its sender has none, or it belongs "
                    + "to a receiver); use add(to, payload)");
        }
        return defaultTarget;
    }

    private DatagramBatch added(boolean fitted, int length) {
        if (!fitted) {
            throw new IllegalStateException("batch is full (" + out.size() + " of " + capacity + " datagrams, "
                    + out.bytes() + " bytes); the " + length + "-byte datagram was not added: send the batch and "
                    + "clear() it first");
        }
        return this;
    }

    /**
     * Adds a copy of a byte array, to the sender's target.
     *
     * @param payload the bytes
     * @return this batch
     * @throws NullPointerException if {@code payload} is {@code null}
     * @throws IllegalStateException if the batch is closed or full, or has no default target
     * @throws DatagramTooLargeException if the payload exceeds the limit
     * @throws UdpException if the payload is empty and the socket cannot send an empty datagram when connected
     */
    public DatagramBatch add(byte[] payload) {
        Args.notNull(payload, "payload");
        return add(payload, 0, payload.length);
    }

    /**
     * Adds a copy of a byte array slice, to the sender's target.
     *
     * @param payload the array
     * @param offset where the slice starts
     * @param length how many bytes
     * @return this batch
     * @throws NullPointerException if {@code payload} is {@code null}
     * @throws IndexOutOfBoundsException if the slice does not fit the array
     * @throws IllegalStateException if the batch is closed or full, or has no default target
     * @throws DatagramTooLargeException if the slice exceeds the limit
     * @throws UdpException if the slice is empty and the socket cannot send an empty datagram when connected
     */
    public DatagramBatch add(byte[] payload, int offset, int length) {
        Args.slice(payload, offset, length, "payload");
        checkOpen();
        InetSocketAddress to = requireTarget();
        sends.checkForBatch(to, length, null);
        return added(out.add(payload, offset, length, to), length);
    }

    /**
     * Adds a copy of a buffer's remaining bytes, to the sender's target, and advances its position to its limit.
     *
     * @param payload the bytes between position and limit
     * @return this batch
     * @throws NullPointerException if {@code payload} is {@code null}
     * @throws IllegalStateException if the batch is closed or full, or has no default target
     * @throws DatagramTooLargeException if the payload exceeds the limit
     * @throws UdpException if the payload is empty and the socket cannot send an empty datagram when connected
     */
    public DatagramBatch add(ByteBuffer payload) {
        Args.notNull(payload, "payload");
        checkOpen();
        return addTo(requireTarget(), payload, null);
    }

    /**
     * Adds a copy of a byte array, to any target (as {@code sendTo}).
     *
     * @param to where it goes
     * @param payload the bytes
     * @return this batch
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code to} is unresolved, its port is 0, or the socket cannot reach it
     * @throws IllegalStateException if the batch is closed or full, or the socket is connected to another address
     * @throws DatagramTooLargeException if the payload exceeds the limit
     */
    public DatagramBatch add(InetSocketAddress to, byte[] payload) {
        Args.notNull(payload, "payload");
        return add(to, payload, 0, payload.length);
    }

    /**
     * Adds a copy of a byte array slice, to any target (as {@code sendTo}).
     *
     * @param to where it goes
     * @param payload the array
     * @param offset where the slice starts
     * @param length how many bytes
     * @return this batch
     * @throws NullPointerException if an argument is {@code null}
     * @throws IndexOutOfBoundsException if the slice does not fit the array
     * @throws IllegalArgumentException if {@code to} is unresolved, its port is 0, or the socket cannot reach it
     * @throws IllegalStateException if the batch is closed or full, or the socket is connected to another address
     * @throws DatagramTooLargeException if the slice exceeds the limit
     */
    public DatagramBatch add(InetSocketAddress to, byte[] payload, int offset, int length) {
        Args.slice(payload, offset, length, "payload");
        checkOpen();
        sends.checkForBatch(to, length, "to");
        return added(out.add(payload, offset, length, to), length);
    }

    /**
     * Adds a copy of a buffer's remaining bytes, to any target (as {@code sendTo}), and advances its position.
     *
     * @param to where it goes
     * @param payload the bytes between position and limit
     * @return this batch
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code to} is unresolved, its port is 0, or the socket cannot reach it
     * @throws IllegalStateException if the batch is closed or full, or the socket is connected to another address
     * @throws DatagramTooLargeException if the payload exceeds the limit
     */
    public DatagramBatch add(InetSocketAddress to, ByteBuffer payload) {
        Args.notNull(payload, "payload");
        checkOpen();
        return addTo(to, payload, "to");
    }

    private DatagramBatch addTo(InetSocketAddress to, ByteBuffer payload, String toName) {
        int length = payload.remaining();
        sends.checkForBatch(to, length, toName);
        added(out.add(payload, to), length);
        payload.position(payload.limit());
        return this;
    }

    /**
     * Returns how many datagrams the batch holds.
     *
     * @return 0 after {@link #clear()}
     */
    public int size() {
        return out.size();
    }

    /**
     * Returns how many more datagrams fit, by count (a large datagram may also find the batch's memory full).
     *
     * @return the datagrams that may still be added
     */
    public int remaining() {
        return capacity - out.size();
    }

    /**
     * Returns the payload bytes the batch holds.
     *
     * @return the sum of the datagrams' lengths
     */
    public int bytes() {
        return out.bytes();
    }

    /**
     * Empties the batch, keeping its memory for the next datagrams.
     *
     * @throws IllegalStateException if the batch is closed
     */
    public void clear() {
        checkOpen();
        out.clear();
    }

    /** Frees the batch's memory. Idempotent; the batch cannot be used afterwards. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            out.free();
        }
    }

    @Override
    public String toString() {
        return "DatagramBatch[" + (closed ? "closed" : out.size() + " of " + capacity + " datagrams, " + out.bytes()
                + " bytes") + "]";
    }
}
