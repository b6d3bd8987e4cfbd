package io.github.udpkit;

/**
 * What a receiver asks the kernel to tell about each datagram, besides its sender and bytes: see
 * {@link UdpReceiver.Builder#metadata(DatagramMetadata...)}. Each needs the native engine (Linux, JDK 22+, native
 * access enabled); a receiver that asks for one runs on it with {@link UdpEngine#AUTO} and is refused, with the reason,
 * where it cannot.
 *
 * <table class="striped">
 * <caption>Metadata, where it is read, and the kernel option behind it</caption>
 * <thead><tr><th>metadata</th><th>read with</th><th>socket option</th></tr></thead>
 * <tbody>
 * <tr><td>{@link #DESTINATION}</td><td>{@link Datagram#destination()}, {@link Datagram#interfaceIndex()}</td>
 *     <td>{@code IP_PKTINFO}, {@code IPV6_RECVPKTINFO}</td></tr>
 * <tr><td>{@link #TTL}</td><td>{@link Datagram#ttl()}</td><td>{@code IP_RECVTTL}, {@code IPV6_RECVHOPLIMIT}</td></tr>
 * <tr><td>{@link #ECN}</td><td>{@link Datagram#ecn()}</td><td>{@code IP_RECVTOS}, {@code IPV6_RECVTCLASS}</td></tr>
 * <tr><td>{@link #KERNEL_TIMESTAMP}</td><td>{@link Datagram#receivedAt()}, {@link Datagram#kernelTimestamp()}</td>
 *     <td>{@code SO_TIMESTAMPNS}</td></tr>
 * <tr><td>{@link #KERNEL_DROPS}</td><td>{@link Datagram#kernelDrops()}</td><td>{@code SO_RXQ_OVFL}</td></tr>
 * </tbody>
 * </table>
 *
 * @since 0.2
 */
public enum DatagramMetadata {
    /**
     * The address and port the datagram was sent to, and the interface it arrived on. On the native engine a receiver
     * bound to a wildcard address ({@code 0.0.0.0}, {@code ::}) reads it for every datagram without being asked, so
     * that {@link UdpReceiver#reply(Datagram, byte[]) reply} answers from the address the request arrived on; a
     * receiver bound to one address reports that address on either engine.
     */
    DESTINATION,
    /** The IPv4 time-to-live or IPv6 hop limit the datagram arrived with. */
    TTL,
    /** The ECN codepoint the datagram arrived with. */
    ECN,
    /** The kernel's arrival time, to the nanosecond, instead of the time the receive loop read the datagram. */
    KERNEL_TIMESTAMP,
    /**
     * The socket's running count of datagrams the kernel dropped (its receive buffer was full) before this one: the
     * difference between two datagrams' counts is the number lost between them.
     */
    KERNEL_DROPS
}
