package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

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

    MemorySegment staging(int bytes) {
        if (staging == null || staging.byteSize() < bytes) {
            staging = arena.allocate(Math.max(bytes, STAGING_BYTES), 64);
        }
        return staging;
    }
}
