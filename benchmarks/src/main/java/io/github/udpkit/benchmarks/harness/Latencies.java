package io.github.udpkit.benchmarks.harness;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Round trips of one ping-pong run: the first {@code warmup} are dropped, the next {@code measured} kept. */
public final class Latencies {
    private final int warmup;
    private final long[] samples;
    private final AtomicInteger done = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile long sentAt;

    /**
     * @param warmup round trips to run before recording
     * @param measured round trips to record
     */
    public Latencies(int warmup, int measured) {
        this.warmup = warmup;
        this.samples = new long[measured];
    }

    /** Notes that a ping leaves now. */
    public void sending() {
        sentAt = System.nanoTime();
    }

    /**
     * Records the reply to the last ping.
     *
     * @return {@code true} if another ping should be sent
     */
    public boolean received() {
        long rtt = System.nanoTime() - sentAt;
        int i = done.get();
        if (i >= warmup + samples.length) {
            return false;
        }
        if (i >= warmup) {
            samples[i - warmup] = rtt;
        }
        done.lazySet(i + 1);
        if (i + 1 == warmup + samples.length) {
            finished.countDown();
            return false;
        }
        return true;
    }

    /**
     * Returns the round trips completed so far, warm-up included.
     *
     * @return the count
     */
    public int progress() {
        return done.get();
    }

    /**
     * Tells whether every round trip was done.
     *
     * @return {@code true} once all were recorded
     */
    public boolean finished() {
        return finished.getCount() == 0;
    }

    /**
     * Waits for the run to finish.
     *
     * @param millis how long at most
     * @return {@code true} if it finished
     * @throws InterruptedException if interrupted
     */
    public boolean await(long millis) throws InterruptedException {
        return finished.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Returns the recorded round trips.
     *
     * @return nanoseconds, one per measured round trip
     */
    public long[] samples() {
        return samples.clone();
    }
}
