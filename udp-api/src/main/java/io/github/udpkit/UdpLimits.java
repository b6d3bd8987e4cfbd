package io.github.udpkit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The size limits UDP itself sets on a datagram's payload. A UDP length field counts 16 bits, so a datagram holds at
 * most 65,535 bytes; less the 8-byte UDP header and, over IPv4, the 20-byte IP header, that leaves
 * {@value #IPV4_MAX_PAYLOAD} bytes of payload over IPv4 and {@value #IPV6_MAX_PAYLOAD} over IPv6 (whose header is not
 * counted in its payload length).
 *
 * <p>Datagrams that large are fragmented by IP; to avoid fragmentation on Ethernet, stay at or below
 * {@value #ETHERNET_IPV4_PAYLOAD} bytes over IPv4.
 *
 * @since 0.1
 */
public final class UdpLimits {
    /** The largest UDP payload over IPv4: 65,535 − 20 (IP header) − 8 (UDP header). */
    public static final int IPV4_MAX_PAYLOAD = 65_507;
    /** The largest UDP payload over IPv6 without jumbograms: 65,535 − 8 (UDP header). */
    public static final int IPV6_MAX_PAYLOAD = 65_527;
    /** The largest UDP payload in one unfragmented IPv4 packet on a 1,500-byte Ethernet MTU. */
    public static final int ETHERNET_IPV4_PAYLOAD = 1_472;

    private UdpLimits() {
    }

    /**
     * Returns the largest payload UDP can carry to an address: {@value #IPV6_MAX_PAYLOAD} bytes for an IPv6 address,
     * {@value #IPV4_MAX_PAYLOAD} for IPv4.
     *
     * @param address the destination address
     * @return the protocol maximum in bytes for the address's family
     * @throws NullPointerException if {@code address} is {@code null}
     */
    public static int maxPayload(InetAddress address) {
        Objects.requireNonNull(address, "address must not be null");
        return address instanceof Inet6Address ? IPV6_MAX_PAYLOAD : IPV4_MAX_PAYLOAD;
    }

    /**
     * Returns the largest payload UDP can carry to a socket address; see {@link #maxPayload(InetAddress)}. An
     * unresolved address is treated as IPv4, the stricter limit.
     *
     * @param address the destination socket address
     * @return the protocol maximum in bytes for the address's family
     * @throws NullPointerException if {@code address} is {@code null}
     */
    public static int maxPayload(InetSocketAddress address) {
        Objects.requireNonNull(address, "address must not be null");
        InetAddress ip = address.getAddress();
        return ip == null ? IPV4_MAX_PAYLOAD : maxPayload(ip);
    }
}
