package io.github.udpkit;

import io.github.udpkit.internal.Args;
import io.github.udpkit.internal.Payloads;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One received datagram: who sent it, its payload, when it arrived and whether it was truncated. An immutable value,
 * safe to keep and to share between threads: no caller can change its payload.
 *
 * <p>A <em>truncated</em> datagram was larger than the receiver's {@code maxDatagramSize}. It holds exactly the first
 * {@code maxDatagramSize} bytes; the rest was lost in the kernel, so {@link #length()} is a lower bound of what was
 * sent. udpkit never hands a truncated datagram to {@code onDatagram} as if it were complete.
 *
 * <pre>{@code
 * UdpReceiver receiver = UdpReceiver.builder()
 *         .onDatagram(d -> System.out.println(d.sender() + " says " + d.text()))
 *         .start();
 * }</pre>
 *
 * @since 0.1
 */
public final class Datagram {
    private final InetSocketAddress sender;
    private final byte[] payload;
    // The receive time as two primitives: the receive loop stamps datagrams without allocating an Instant.
    private final long receivedSecond;
    private final int receivedNano;
    private final boolean truncated;
    /** The datagram's length on the wire: the payload's unless truncated; -1 where the engine could not tell. */
    private final int originalLength;
    /** What the kernel told besides (destination, TTL, ECN...), or {@code null} when nothing was asked for. */
    private final PacketInfo info;

    /**
     * Creates a datagram, copying the payload. Useful to test code that consumes datagrams without a socket.
     *
     * @param sender the address it came from
     * @param payload its bytes; copied, so later changes to the array do not show
     * @param receivedAt when it arrived
     * @param truncated whether it held more bytes than these
     * @throws NullPointerException if {@code sender}, {@code payload} or {@code receivedAt} is {@code null}
     */
    public Datagram(InetSocketAddress sender, byte[] payload, Instant receivedAt, boolean truncated) {
        this(Args.notNull(sender, "sender"), Args.notNull(payload, "payload").clone(),
                Args.notNull(receivedAt, "receivedAt").getEpochSecond(), receivedAt.getNano(), truncated,
                truncated ? -1 : payload.length, null);
    }

    /** Adopts the array without copying; for the receive paths, which hand over a fresh array. */
    private Datagram(InetSocketAddress sender, byte[] payload, long receivedSecond, int receivedNano,
                     boolean truncated, int originalLength, PacketInfo info) {
        this.info = info;
        this.originalLength = originalLength;
        this.sender = sender;
        this.payload = payload;
        this.receivedSecond = receivedSecond;
        this.receivedNano = receivedNano;
        this.truncated = truncated;
    }

    static Datagram adopt(InetSocketAddress sender, byte[] payload, Instant receivedAt, boolean truncated) {
        return new Datagram(sender, payload, receivedAt.getEpochSecond(), receivedAt.getNano(), truncated,
                truncated ? -1 : payload.length, null);
    }

    static Datagram adopt(InetSocketAddress sender, byte[] payload, long receivedSecond, int receivedNano,
                          boolean truncated) {
        return adopt(sender, payload, receivedSecond, receivedNano, truncated, truncated ? -1 : payload.length);
    }

    /**
     * Adopts a received payload.
     *
     * @param originalLength the length on the wire, -1 for a truncated datagram whose length the engine cannot tell
     */
    static Datagram adopt(InetSocketAddress sender, byte[] payload, long receivedSecond, int receivedNano,
                          boolean truncated, int originalLength) {
        return new Datagram(sender, payload, receivedSecond, receivedNano, truncated, originalLength, null);
    }

    /**
     * Adopts a received payload with what the kernel told about it.
     *
     * @param info the metadata, or {@code null} for none
     */
    static Datagram adopt(InetSocketAddress sender, byte[] payload, long receivedSecond, int receivedNano,
                          boolean truncated, int originalLength, PacketInfo info) {
        return new Datagram(sender, payload, receivedSecond, receivedNano, truncated, originalLength, info);
    }

    /**
     * Returns the address of the socket that sent this datagram.
     *
     * @return the sender's IP address and port
     */
    public InetSocketAddress sender() {
        return sender;
    }

    /**
     * Returns a copy of the payload. Each call allocates a new array; use {@link #buffer()} to read without copying.
     *
     * @return the payload bytes (for a truncated datagram, the bytes that were kept)
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * Returns a read-only view of the payload, positioned at 0 with the payload's length as limit. Each call returns a
     * new view, so reading from it does not affect other callers.
     *
     * @return a read-only buffer over the payload
     */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /**
     * Returns the payload length in bytes. For a truncated datagram this is the receiver's limit, and the datagram sent
     * was longer.
     *
     * @return the number of payload bytes held
     */
    public int length() {
        return payload.length;
    }

    /**
     * Decodes the payload as UTF-8. Malformed bytes become U+FFFD.
     *
     * @return the payload as text
     */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Decodes the payload with a charset. Malformed bytes become the charset's replacement.
     *
     * @param charset the charset to decode with
     * @return the payload as text
     * @throws NullPointerException if {@code charset} is {@code null}
     */
    public String text(Charset charset) {
        return new String(payload, Args.notNull(charset, "charset"));
    }

    /**
     * Returns when the receiver read this datagram from its socket. A {@link UdpReceiver} reads a monotonic clock per
     * datagram and anchors it to the system clock at least once a second, so the time follows the wall clock (within
     * its drift over one second) at a fraction of the cost of {@link Instant#now()}.
     *
     * @return the receive time
     */
    public Instant receivedAt() {
        return Instant.ofEpochSecond(receivedSecond, receivedNano);
    }

    /**
     * Tells whether the datagram was larger than the receiver's limit, and so holds only its first bytes.
     *
     * @return {@code true} if bytes were cut off
     */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Returns the datagram's length as it was sent: {@link #length()} for a complete datagram; for a truncated one,
     * its real length where the engine knows it ({@link UdpEngine#NATIVE} reads it from the kernel), and empty where
     * it does not ({@link UdpEngine#NIO}: the JDK drops the tail without saying how long it was).
     *
     * @return the length on the wire, or empty for a truncated datagram of unknown length
     * @since 0.2
     */
    public OptionalInt originalLength() {
        return originalLength < 0 ? OptionalInt.empty() : OptionalInt.of(originalLength);
    }

    /**
     * Returns the address and port this datagram was sent to: on a receiver bound to a wildcard address, which of the
     * machine's addresses it arrived on. A receiver bound to one address reports that address, on either engine; a
     * wildcard-bound one reports it on the native engine ({@code IP_PKTINFO}, {@code IPV6_PKTINFO}), where
     * {@link UdpReceiver#reply(Datagram, byte[]) reply} also answers from it.
     *
     * @return the destination; empty where the engine cannot tell (a wildcard-bound receiver on NIO)
     * @since 0.2
     */
    public Optional<InetSocketAddress> destination() {
        return Optional.ofNullable(info == null ? null : info.destination());
    }

    /**
     * Returns the index of the network interface this datagram arrived on (see
     * {@link java.net.NetworkInterface#getByIndex(int)}); read with the destination on a wildcard-bound receiver of
     * the native engine, or with {@link DatagramMetadata#DESTINATION}.
     *
     * @return the interface index; empty where it was not read
     * @since 0.2
     */
    public OptionalInt interfaceIndex() {
        return info == null || info.interfaceIndex() < 0 ? OptionalInt.empty() : OptionalInt.of(info.interfaceIndex());
    }

    /**
     * Returns the IPv4 time-to-live or IPv6 hop limit this datagram arrived with; needs
     * {@link DatagramMetadata#TTL}.
     *
     * @return 0 to 255; empty where it was not read
     * @since 0.2
     */
    public OptionalInt ttl() {
        return info == null || info.ttl() < 0 ? OptionalInt.empty() : OptionalInt.of(info.ttl());
    }

    /**
     * Returns the ECN codepoint this datagram arrived with; needs {@link DatagramMetadata#ECN}.
     *
     * @return the codepoint; empty where it was not read
     * @since 0.2
     */
    public Optional<Ecn> ecn() {
        return info == null || info.trafficClass() < 0 ? Optional.empty()
                : Optional.of(Ecn.ofTrafficClass(info.trafficClass()));
    }

    /**
     * Returns the socket's running count of datagrams the kernel dropped before it queued this one (its receive buffer
     * was full); the difference between two datagrams' counts is how many were lost between them. Needs
     * {@link DatagramMetadata#KERNEL_DROPS}.
     *
     * @return the count since the socket opened; empty where it was not read
     * @since 0.2
     */
    public OptionalLong kernelDrops() {
        return info == null || info.kernelDrops() < 0 ? OptionalLong.empty() : OptionalLong.of(info.kernelDrops());
    }

    /**
     * Tells whether {@link #receivedAt()} is the kernel's arrival time ({@link DatagramMetadata#KERNEL_TIMESTAMP})
     * rather than the time the receive loop read the datagram.
     *
     * @return {@code true} for the kernel's time
     * @since 0.2
     */
    public boolean kernelTimestamp() {
        return info != null && info.kernelTimestamp();
    }

    /** The local address a reply should leave from, or {@code null} to let the kernel choose. */
    InetAddress replySource() {
        return info == null ? null : info.replySource();
    }

    /**
     * Compares sender, payload bytes, receive time, truncation and the kernel's metadata.
     *
     * @param other the object to compare with
     * @return {@code true} if {@code other} is a datagram with equal components
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Datagram d
                && truncated == d.truncated
                && receivedSecond == d.receivedSecond
                && receivedNano == d.receivedNano
                && sender.equals(d.sender)
                && Objects.equals(info, d.info)
                && Arrays.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, receivedAt(), truncated) * 31 + Arrays.hashCode(payload);
    }

    /**
     * Describes the datagram with at most 64 bytes of its payload, escaped (as text when printable, else hex), so
     * that logging a datagram never writes a whole 64 KB payload or raw control characters.
     *
     * @return for example {@code Datagram[from=/127.0.0.1:40000, length=13, payload="Hello, World!"]}
     */
    @Override
    public String toString() {
        return "Datagram[from=" + sender + (info == null || info.destination() == null ? ""
                : ", to=" + info.destination()) + ", length=" + payload.length + (truncated ? ", truncated" : "")
                + ", payload=" + Payloads.preview(payload) + "]";
    }
}
