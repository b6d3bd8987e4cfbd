package io.github.udpkit.testkit.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Synthesises the IPv4 or IPv6 and UDP headers of a datagram for a capture: correct lengths, the IPv4 header
 * checksum and the UDP checksum over the pseudo-header, TTL / hop limit 64, IPv4 with Don't Fragment.
 */
public final class PacketBytes {
    /** IPv4 (20) plus UDP (8) header bytes. */
    public static final int IPV4_HEADERS = 28;
    /** IPv6 (40) plus UDP (8) header bytes. */
    public static final int IPV6_HEADERS = 48;

    private PacketBytes() {
    }

    /**
     * Builds the IP packet of a UDP datagram. Both addresses must be of one family (an IPv4-mapped IPv6 address
     * counts as IPv4).
     *
     * @param source the sender
     * @param destination the receiver
     * @param payload the UDP payload; at most 65,507 bytes for IPv4 and 65,527 for IPv6
     * @param id the IPv4 identification field (ignored for IPv6)
     * @return the packet, starting with the IP header
     * @throws IllegalArgumentException if the families differ or the payload does not fit
     */
    public static byte[] udp(InetSocketAddress source, InetSocketAddress destination, byte[] payload, int id) {
        byte[] src = source.getAddress().getAddress();
        byte[] dst = destination.getAddress().getAddress();
        if (src.length != dst.length) {
            throw new IllegalArgumentException("source " + source + " and destination " + destination
                    + " are of different address families");
        }
        int udpLength = 8 + payload.length;
        boolean v4 = src.length == 4;
        if (udpLength > (v4 ? 65_515 : 65_535)) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes does not fit one "
                    + (v4 ? "IPv4" : "IPv6") + " packet");
        }
        ByteBuffer b = ByteBuffer.allocate((v4 ? 20 : 40) + udpLength);
        if (v4) {
            b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udpLength)).putShort((short) id)
                    .putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0).put(src).put(dst);
            b.putShort(10, (short) checksum(0, b.array(), 0, 20));
        } else {
            b.putInt(0x6000_0000).putShort((short) udpLength).put((byte) 17).put((byte) 64).put(src).put(dst);
        }
        int udpStart = b.position();
        b.putShort((short) source.getPort()).putShort((short) destination.getPort()).putShort((short) udpLength)
                .putShort((short) 0).put(payload);
        long pseudo = sum(src) + sum(dst) + 17 + udpLength;
        int sum = checksum(pseudo, b.array(), udpStart, udpLength);
        b.putShort(udpStart + 6, (short) (sum == 0 ? 0xffff : sum));
        return b.array();
    }

    /**
     * Tells the header bytes of an address's family.
     *
     * @param address an address
     * @return {@link #IPV4_HEADERS} or {@link #IPV6_HEADERS}
     */
    public static int headers(InetAddress address) {
        return address instanceof Inet6Address ? IPV6_HEADERS : IPV4_HEADERS;
    }

    private static long sum(byte[] address) {
        long s = 0;
        for (int i = 0; i < address.length; i += 2) {
            s += ((address[i] & 0xff) << 8) | (address[i + 1] & 0xff);
        }
        return s;
    }

    /** The Internet checksum (RFC 1071) of {@code bytes[from, from + length)} plus a partial sum. */
    private static int checksum(long partial, byte[] bytes, int from, int length) {
        long s = partial;
        for (int i = 0; i + 1 < length; i += 2) {
            s += ((bytes[from + i] & 0xff) << 8) | (bytes[from + i + 1] & 0xff);
        }
        if ((length & 1) == 1) {
            s += (bytes[from + length - 1] & 0xff) << 8;
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }
}
