package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/** Per-thread native scratch memory for the calls that take no batch; freed with the thread's last reference. */
final class Scratch {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Room for the largest UDP payload, allocated at the first send of heap bytes. */
    private static final int STAGING_BYTES = 65536;

    final Arena arena = Arena.ofAuto();
    final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
    final MemorySegment address = arena.allocate(SockAddr.MAX_SIZE, 8);
    final MemorySegment value = arena.allocate(JAVA_INT);
    final MemorySegment length = arena.allocate(JAVA_INT);
    /** A {@code struct msghdr}, its {@code iovec} and room for two control messages, for one {@code sendmsg}. */
    final MemorySegment message = arena.allocate(Msg.MSGHDR);
    final MemorySegment iovec = arena.allocate(Msg.IOVEC);
    final MemorySegment control = arena.allocate(128, 8);
    private MemorySegment staging;
    /** The last target a single send encoded, kept while the same object repeats: no encoding, no allocation. */
    private final MemorySegment target = arena.allocate(SockAddr.MAX_SIZE, 8);
    private InetSocketAddress encodedTarget;
    private int encodedFamily;
    private int encodedLength;

    private Scratch() {
    }

    /**
     * Returns this thread's scratch memory.
     *
     * @return the memory, made at the thread's first call
     */
    static Scratch get() {
        return SCRATCH.get();
    }

    /**
     * Returns {@code to} as a {@code sockaddr} for a socket of {@code family}, encoding it only when it is not the
     * object encoded last on this thread (compared by identity: equal IPv6 addresses may differ in scope).
     *
     * @return the structure, whose length {@link #targetLength()} tells
     * @throws IllegalArgumentException as {@link SockAddr#encode} does
     */
    MemorySegment target(InetSocketAddress to, int family) {
        if (to != encodedTarget || family != encodedFamily) {
            encodedTarget = null;
            encodedLength = SockAddr.encode(target, 0, to, family);
            encodedTarget = to;
            encodedFamily = family;
        }
        return target;
    }

    /** The length of the structure {@link #target} returned last. */
    int targetLength() {
        return encodedLength;
    }

    MemorySegment staging(int bytes) {
        if (staging == null || staging.byteSize() < bytes) {
            staging = arena.allocate(Math.max(bytes, STAGING_BYTES), 64);
        }
        return staging;
    }
}
