package io.github.udpkit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The datagrams a receiver has handed to its callback executor and that are not yet handled, bounded in count and in
 * payload bytes and shared by the receiver's loops. The byte bound is what keeps the heap safe: 1,024 datagrams of
 * 64 KiB are 64 MiB. One datagram is always admitted when nothing is pending, so a limit below a datagram's size
 * slows delivery down to one at a time instead of dropping everything.
 */
final class Backlog {
    /** The default byte bound: a sixteenth of the heap, at most 64 MiB. */
    static final long DEFAULT_MAX_BYTES =
            Math.min(64L << 20, Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 16));

    private final int maxDatagrams;
    private final long maxBytes;
    private final AtomicInteger datagrams = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    Backlog(int maxDatagrams, long maxBytes) {
        this.maxDatagrams = maxDatagrams;
        this.maxBytes = maxBytes;
    }

    /** {@link #tryAdmit(int)}: admitted, and to be released. */
    static final int ADMITTED = 0;
    /** {@link #tryAdmit(int)}: refused, {@code maxPending} datagrams wait. */
    static final int FULL_DATAGRAMS = 1;
    /** {@link #tryAdmit(int)}: refused, {@code maxPendingBytes} would be exceeded. */
    static final int FULL_BYTES = 2;

    /**
     * Reserves room for one datagram.
     *
     * @param length its payload bytes
     * @return {@link #ADMITTED} if it fits (it must later be {@linkplain #release(int) released}), or which bound
     *     refused it
     */
    int tryAdmit(int length) {
        if (datagrams.incrementAndGet() > maxDatagrams) {
            datagrams.decrementAndGet();
            return FULL_DATAGRAMS;
        }
        long total = bytes.addAndGet(length);
        if (total > maxBytes && total != length) {
            bytes.addAndGet(-length);
            datagrams.decrementAndGet();
            return FULL_BYTES;
        }
        return ADMITTED;
    }

    void release(int length) {
        bytes.addAndGet(-length);
        datagrams.decrementAndGet();
    }

    int maxDatagrams() {
        return maxDatagrams;
    }

    long maxBytes() {
        return maxBytes;
    }
}
