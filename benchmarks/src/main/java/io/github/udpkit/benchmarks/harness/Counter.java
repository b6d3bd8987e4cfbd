package io.github.udpkit.benchmarks.harness;

import java.util.concurrent.atomic.AtomicLong;

/** A counter with one writer thread: release stores (no fence on x86), acquire reads from any thread. */
public final class Counter {
    private final AtomicLong value = new AtomicLong();

    /** Adds one; call from the single writer thread only. */
    public void increment() {
        value.setRelease(value.getPlain() + 1);
    }

    /**
     * Adds {@code n}; call from the single writer thread only.
     *
     * @param n how many
     */
    public void add(long n) {
        value.setRelease(value.getPlain() + n);
    }

    /**
     * Reads the count.
     *
     * @return the current count
     */
    public long get() {
        return value.getAcquire();
    }
}
