package io.github.udpkit;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a {@link UdpClient} sends a request again: after {@code firstDelay}, then each delay {@code backoff} times the
 * one before, capped at {@code maxDelay}, each spread by {@code jitter} (a delay {@code d} becomes a uniformly random
 * value in {@code [d * (1 - jitter), d * (1 + jitter)]}), at most {@code maxRetries} times and never after the
 * request's timeout.
 *
 * @param maxRetries how many times a request is sent again at most; 0 for never
 * @param firstDelayNanos the wait after the first attempt
 * @param backoff the factor from one wait to the next
 * @param maxDelayNanos the longest wait
 * @param jitter the spread, 0 (none) to 1
 */
record RetryPolicy(int maxRetries, long firstDelayNanos, double backoff, long maxDelayNanos, double jitter) {
    static final RetryPolicy NONE = new RetryPolicy(0, 0, 1.0, 0, 0.0);

    static RetryPolicy of(int maxRetries, Duration firstDelay, double backoff, Duration maxDelay, double jitter) {
        return new RetryPolicy(maxRetries, firstDelay.toNanos(), backoff, maxDelay.toNanos(), jitter);
    }

    RetryPolicy withJitter(double newJitter) {
        return new RetryPolicy(maxRetries, firstDelayNanos, backoff, maxDelayNanos, newJitter);
    }

    /**
     * Returns the wait before retry number {@code retry + 1}, jitter applied.
     *
     * @param retry 0 for the wait after the first attempt
     * @return the wait in nanoseconds, at least 1
     */
    long delayNanos(int retry) {
        double delay = Math.min(maxDelayNanos, firstDelayNanos * Math.pow(backoff, retry));
        if (jitter > 0) {
            delay *= 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        }
        return Math.max(1, (long) delay);
    }
}
