package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/**
 * Turns the {@code sockaddr} the kernel wrote into an {@link InetSocketAddress}, reusing the object decoded last time
 * for the same bytes: a receive from a known sender allocates nothing. Direct-mapped, 64 slots, one batch's alone
 * (not thread-safe).
 */
final class SenderCache {
    private static final int SLOTS = 64;

    private final long[] keys = new long[SLOTS * 4];
    private final InetSocketAddress[] values = new InetSocketAddress[SLOTS];

    /**
     * Decodes the address at {@code offset}.
     *
     * @param seg the memory
     * @param offset where the structure starts
     * @param length the length the kernel reported
     * @return the address, or {@code null} if there is none (length 0 or an unknown family)
     */
    InetSocketAddress decode(MemorySegment seg, long offset, int length) {
        int family = seg.get(JAVA_SHORT_UNALIGNED, offset);
        long k0;
        long k1;
        long k2;
        long k3;
        if (family == Libc.AF_INET && length >= SockAddr.IN_SIZE) {
            k0 = seg.get(JAVA_LONG_UNALIGNED, offset); // family, port, address
            k1 = 0;
            k2 = 0;
            k3 = 0;
        } else if (family == Libc.AF_INET6 && length >= SockAddr.IN6_SIZE) {
            k0 = seg.get(JAVA_LONG_UNALIGNED, offset) & 0xFFFF_FFFFL; // family and port; not the flow info
            k1 = seg.get(JAVA_LONG_UNALIGNED, offset + 8); // the address
            k2 = seg.get(JAVA_LONG_UNALIGNED, offset + 16);
            k3 = seg.get(JAVA_INT_UNALIGNED, offset + 24); // the scope id
        } else {
            return SockAddr.decode(seg, offset, length);
        }
        int slot = (int) (mix(k0 ^ Long.rotateLeft(k1, 17) ^ Long.rotateLeft(k2, 41) ^ k3) & (SLOTS - 1));
        int at = slot * 4;
        InetSocketAddress cached = values[slot];
        if (cached != null && keys[at] == k0 && keys[at + 1] == k1 && keys[at + 2] == k2 && keys[at + 3] == k3) {
            return cached;
        }
        InetSocketAddress decoded = SockAddr.decode(seg, offset, length);
        keys[at] = k0;
        keys[at + 1] = k1;
        keys[at + 2] = k2;
        keys[at + 3] = k3;
        values[slot] = decoded;
        return decoded;
    }

    private static long mix(long x) {
        long h = x * 0x9E37_79B9_7F4A_7C15L;
        return h ^ (h >>> 29);
    }
}
