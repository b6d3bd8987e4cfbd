package io.github.udpkit;

import io.github.udpkit.internal.Args;
import io.github.udpkit.internal.Payloads;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A received datagram seen in place: a read-only view of the receiver's buffer, handed to a
 * {@link DatagramViewListener} without copying the payload and without allocating anything.
 *
 * <p><b>Valid only during the callback.</b> The receiver reuses this object and its buffer for the next datagram as
 * soon as the listener returns. After that, every method of the view throws {@link IllegalStateException}, and a
 * {@link ByteBuffer} obtained from {@link #buffer()} shows whatever the receiver reads next: do not keep either. To
 * keep a datagram, copy it with {@link #toDatagram()} or {@link #payload()} inside the callback.
 *
 * <p>Not thread-safe: use it on the receiver's thread, inside the callback, only.
 *
 * @since 0.1
 */
public final class DatagramView {
    private ByteBuffer view;
    private InetSocketAddress sender;
    private int length;
    private boolean open;
    private EngineSocket.Inbound inbound;
    private int index;
    private PacketInfo fixed;

    DatagramView() {
    }

    /**
     * Shows one datagram until {@link #close()}.
     *
     * @param readOnlyBuffer the engine's read-only view of the datagram, its first byte at index 0
     */
    void open(ByteBuffer readOnlyBuffer, InetSocketAddress from, int bytes) {
        open(readOnlyBuffer, from, bytes, null, 0, null);
    }

    /**
     * Shows one datagram of an inbound batch until {@link #close()}, with its metadata read in place.
     *
     * @param batch the inbound the datagram is in, or {@code null} when there is no metadata to read
     * @param at its index there
     * @param bound the receiver's fixed metadata (the bound address as destination), or {@code null}
     */
    void open(ByteBuffer readOnlyBuffer, InetSocketAddress from, int bytes, EngineSocket.Inbound batch, int at,
              PacketInfo bound) {
        this.view = readOnlyBuffer;
        this.sender = from;
        this.length = bytes;
        this.inbound = batch;
        this.index = at;
        this.fixed = bound;
        this.open = true;
    }

    void close() {
        this.open = false;
        this.sender = null;
        this.inbound = null;
    }

    private boolean reads() {
        return inbound != null && inbound.hasMetadata();
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("a DatagramView is valid only during the onDatagramView callback that "
                    + "received it; copy it with toDatagram() or payload() to keep it");
        }
    }

    /**
     * Returns the address of the socket that sent this datagram.
     *
     * @return the sender's IP address and port
     * @throws IllegalStateException if called after the callback returned
     */
    public InetSocketAddress sender() {
        checkOpen();
        return sender;
    }

    /**
     * Returns the payload length in bytes.
     *
     * @return the number of payload bytes
     * @throws IllegalStateException if called after the callback returned
     */
    public int length() {
        checkOpen();
        return length;
    }

    /**
     * Returns the payload as a read-only buffer over the receiver's own memory, positioned at 0 with the payload
     * length as limit. Every call returns the same buffer object, rewound: reading from it moves its position, so
     * call this again to start over. Absolute reads ({@code getInt(0)}, ...) leave it as it is. The buffer must not be
     * used after the callback returns: it then shows the next datagram's bytes.
     *
     * @return a read-only view of the payload, valid during the callback only
     * @throws IllegalStateException if called after the callback returned
     */
    public ByteBuffer buffer() {
        checkOpen();
        view.limit(length).position(0);
        return view;
    }

    /**
     * Returns one byte of the payload.
     *
     * @param index the byte's index, 0 to {@code length() - 1}
     * @return the byte
     * @throws IndexOutOfBoundsException if {@code index} is outside the payload
     * @throws IllegalStateException if called after the callback returned
     */
    public byte get(int index) {
        checkOpen();
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index must be between 0 and " + (length - 1) + ", was " + index);
        }
        return view.get(index);
    }

    /**
     * Returns a copy of the payload, which stays valid after the callback. Allocates an array of {@link #length()}.
     *
     * @return the payload bytes
     * @throws IllegalStateException if called after the callback returned
     */
    public byte[] payload() {
        checkOpen();
        byte[] copy = new byte[length];
        view.get(0, copy, 0, length);
        return copy;
    }

    /**
     * Decodes the payload as UTF-8. Malformed bytes become U+FFFD.
     *
     * @return the payload as text
     * @throws IllegalStateException if called after the callback returned
     */
    public String text() {
        return text(StandardCharsets.UTF_8);
    }

    /**
     * Decodes the payload with a charset. Malformed bytes become the charset's replacement.
     *
     * @param charset the charset to decode with
     * @return the payload as text
     * @throws NullPointerException if {@code charset} is {@code null}
     * @throws IllegalStateException if called after the callback returned
     */
    public String text(Charset charset) {
        Args.notNull(charset, "charset");
        return new String(payload(), charset);
    }

    /**
     * Returns the address and port this datagram was sent to; see {@link Datagram#destination()}.
     *
     * @return the destination; empty where the engine cannot tell
     * @throws IllegalStateException if called after the callback returned
     * @since 0.2
     */
    public Optional<InetSocketAddress> destination() {
        checkOpen();
        InetSocketAddress read = reads() ? inbound.destination(index) : null;
        return Optional.ofNullable(read != null ? read : fixed == null ? null : fixed.destination());
    }

    /**
     * Returns the index of the interface this datagram arrived on; see {@link Datagram#interfaceIndex()}.
     *
     * @return the index; empty where it was not read
     * @throws IllegalStateException if called after the callback returned
     * @since 0.2
     */
    public OptionalInt interfaceIndex() {
        checkOpen();
        int value = reads() ? inbound.interfaceIndex(index) : -1;
        return value < 0 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /**
     * Returns the TTL or hop limit this datagram arrived with; see {@link Datagram#ttl()}.
     *
     * @return 0 to 255; empty where it was not read
     * @throws IllegalStateException if called after the callback returned
     * @since 0.2
     */
    public OptionalInt ttl() {
        checkOpen();
        int value = reads() ? inbound.ttl(index) : -1;
        return value < 0 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /**
     * Returns the ECN codepoint this datagram arrived with; see {@link Datagram#ecn()}.
     *
     * @return the codepoint; empty where it was not read
     * @throws IllegalStateException if called after the callback returned
     * @since 0.2
     */
    public Optional<Ecn> ecn() {
        checkOpen();
        int value = reads() ? inbound.trafficClass(index) : -1;
        return value < 0 ? Optional.empty() : Optional.of(Ecn.ofTrafficClass(value));
    }

    /**
     * Returns the socket's drop count when this datagram was queued; see {@link Datagram#kernelDrops()}.
     *
     * @return the count; empty where it was not read
     * @throws IllegalStateException if called after the callback returned
     * @since 0.2
     */
    public OptionalLong kernelDrops() {
        checkOpen();
        long value = reads() ? inbound.kernelDrops(index) : -1;
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /**
     * Copies the view into an immutable {@link Datagram} that may be kept and shared. Its receive time is the time of
     * this call (views carry no time stamp, so the zero-copy path reads no clock), or the kernel's with
     * {@link DatagramMetadata#KERNEL_TIMESTAMP}; it carries the view's metadata.
     *
     * @return a complete ({@code truncated() == false}) datagram with a copy of the payload
     * @throws IllegalStateException if called after the callback returned
     */
    public Datagram toDatagram() {
        checkOpen();
        PacketInfo info = reads() ? PacketInfo.read(inbound, index, fixed) : fixed;
        long kernelTime = reads() ? inbound.kernelTimeNanos(index) : -1;
        if (kernelTime >= 0) {
            return Datagram.adopt(sender, payload(), Math.floorDiv(kernelTime, 1_000_000_000L),
                    (int) Math.floorMod(kernelTime, 1_000_000_000L), false, length, info);
        }
        Instant now = Instant.now();
        return Datagram.adopt(sender, payload(), now.getEpochSecond(), now.getNano(), false, length, info);
    }

    /**
     * Describes the view with at most 64 bytes of its payload, escaped, like {@link Datagram#toString()}.
     *
     * @return for example {@code DatagramView[from=/127.0.0.1:40000, length=13, payload="Hello, World!"]}, or
     *     {@code DatagramView[released]} after the callback
     */
    @Override
    public String toString() {
        if (!open) {
            return "DatagramView[released]";
        }
        return "DatagramView[from=" + sender + ", length=" + length + ", payload="
                + Payloads.preview(view.duplicate().limit(length).position(0), Payloads.PREVIEW_BYTES) + "]";
    }
}
