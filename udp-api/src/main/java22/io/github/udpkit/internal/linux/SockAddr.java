package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * {@code struct sockaddr_in} (16 bytes: family, port in network order, address, zero padding) and
 * {@code struct sockaddr_in6} (28 bytes: family, port, flow info, address, scope id) in native memory.
 *
 * <p>An IPv4 target on an IPv6 socket is written as the IPv4-mapped address {@code ::ffff:a.b.c.d}; an IPv4-mapped
 * sender is read back as an {@link Inet4Address}, as the JDK reports it. Scope ids of link-local IPv6 addresses are
 * kept both ways.
 */
final class SockAddr {
    /** Bytes of {@code struct sockaddr_in}. */
    static final int IN_SIZE = 16;
    /** Bytes of {@code struct sockaddr_in6}. */
    static final int IN6_SIZE = 28;
    /** Room for either, 8-byte aligned. */
    static final int MAX_SIZE = 32;

    private static final int FAMILY = 0;
    private static final int PORT = 2;
    private static final int IN_ADDR = 4;
    private static final int IN6_FLOWINFO = 4;
    private static final int IN6_ADDR = 8;
    private static final int IN6_SCOPE = 24;

    private SockAddr() {
    }

    /**
     * Writes an address for a socket of the given family.
     *
     * @param seg where to write
     * @param offset the offset of the structure in {@code seg}
     * @param address the address
     * @param socketFamily {@link Libc#AF_INET} or {@link Libc#AF_INET6}
     * @return the structure's length, to pass as {@code socklen_t}
     * @throws IllegalArgumentException if an IPv6 address is written for an IPv4 socket, or the address is unresolved
     */
    static int encode(MemorySegment seg, long offset, InetSocketAddress address, int socketFamily) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("the address is unresolved");
        }
        byte[] raw = ip.getAddress();
        short port = (short) address.getPort();
        if (socketFamily == Libc.AF_INET) {
            if (raw.length != 4) {
                throw new IllegalArgumentException("an IPv4 socket cannot reach an IPv6 address");
            }
            seg.asSlice(offset, IN_SIZE).fill((byte) 0);
            seg.set(JAVA_SHORT_UNALIGNED, offset + FAMILY, (short) Libc.AF_INET);
            seg.set(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), offset + PORT, port);
            MemorySegment.copy(raw, 0, seg, JAVA_BYTE, offset + IN_ADDR, 4);
            return IN_SIZE;
        }
        seg.asSlice(offset, IN6_SIZE).fill((byte) 0);
        seg.set(JAVA_SHORT_UNALIGNED, offset + FAMILY, (short) Libc.AF_INET6);
        seg.set(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), offset + PORT, port);
        if (raw.length == 4) {
            seg.set(JAVA_BYTE, offset + IN6_ADDR + 10, (byte) 0xff);
            seg.set(JAVA_BYTE, offset + IN6_ADDR + 11, (byte) 0xff);
            MemorySegment.copy(raw, 0, seg, JAVA_BYTE, offset + IN6_ADDR + 12, 4);
        } else {
            MemorySegment.copy(raw, 0, seg, JAVA_BYTE, offset + IN6_ADDR, 16);
            int scope = ((Inet6Address) ip).getScopeId();
            seg.set(JAVA_INT_UNALIGNED, offset + IN6_SCOPE, scope);
        }
        seg.set(JAVA_INT_UNALIGNED, offset + IN6_FLOWINFO, 0);
        return IN6_SIZE;
    }

    /**
     * Reads an address written by the kernel.
     *
     * @param seg the memory
     * @param offset the offset of the structure
     * @param length the length the kernel reported
     * @return the address, or {@code null} if the length is 0 or the family is neither IPv4 nor IPv6
     */
    static InetSocketAddress decode(MemorySegment seg, long offset, int length) {
        if (length < 2) {
            return null;
        }
        int family = seg.get(JAVA_SHORT_UNALIGNED, offset + FAMILY);
        int port = Short.toUnsignedInt(seg.get(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), offset + PORT));
        try {
            if (family == Libc.AF_INET && length >= IN_SIZE) {
                byte[] raw = seg.asSlice(offset + IN_ADDR, 4).toArray(JAVA_BYTE);
                return new InetSocketAddress(InetAddress.getByAddress(raw), port);
            }
            if (family == Libc.AF_INET6 && length >= IN6_SIZE) {
                byte[] raw = seg.asSlice(offset + IN6_ADDR, 16).toArray(JAVA_BYTE);
                int scope = seg.get(JAVA_INT_UNALIGNED, offset + IN6_SCOPE);
                InetAddress ip = scope != 0 && !isMapped(raw) ? Inet6Address.getByAddress(null, raw, scope)
                        : InetAddress.getByAddress(raw);
                return new InetSocketAddress(ip, port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the kernel returned an address of a bad length: " + e.getMessage(), e);
        }
        return null;
    }

    private static boolean isMapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }
}
