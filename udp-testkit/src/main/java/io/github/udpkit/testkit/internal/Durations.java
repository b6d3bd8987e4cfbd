package io.github.udpkit.testkit.internal;

import io.github.udpkit.internal.Args;
import java.time.Duration;

/**
 * How the testkit treats {@link Duration} arguments without overflowing: waits saturate (anything from about 292
 * years, the range of {@link System#nanoTime()}, up to {@code Duration.ofSeconds(Long.MAX_VALUE)} means "wait
 * forever"), and delays the proxy schedules are refused above {@link #MAX_DELAY}.
 */
public final class Durations {
    /** The longest delay, hold or model time the proxy accepts: one hour, far beyond any test's patience. */
    public static final Duration MAX_DELAY = Duration.ofHours(1);

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * Tells whether a wait is "forever": at least {@link Long#MAX_VALUE} nanoseconds.
     *
     * @param wait the wait
     * @return {@code true} when it cannot be measured in {@code long} nanoseconds
     */
    public static boolean isForever(Duration wait) {
        return wait.compareTo(MAX_NANOS) >= 0;
    }

    /**
     * Converts a non-negative wait to nanoseconds, saturating at {@link Long#MAX_VALUE} instead of throwing.
     *
     * @param wait the wait, zero or more
     * @return its nanoseconds, or {@link Long#MAX_VALUE} for a wait of about 292 years or more
     */
    public static long saturatedNanos(Duration wait) {
        return isForever(wait) ? Long.MAX_VALUE : wait.toNanos();
    }

    /**
     * Checks a wait: positive; any length, the longest ones meaning "forever".
     *
     * @param wait the wait
     * @param name the parameter's name
     * @return its nanoseconds, saturated as by {@link #saturatedNanos(Duration)}
     * @throws NullPointerException naming the parameter if {@code wait} is {@code null}
     * @throws IllegalArgumentException naming the parameter and the value if it is zero or negative
     */
    public static long waitNanos(Duration wait, String name) {
        return saturatedNanos(Args.positive(wait, name));
    }

    /**
     * Checks a delay the proxy will schedule: from zero to {@link #MAX_DELAY}.
     *
     * @param delay the delay
     * @param name the parameter's name
     * @return the delay
     * @throws NullPointerException naming the parameter if {@code delay} is {@code null}
     * @throws IllegalArgumentException naming the parameter and echoing the value if it is negative or over one
     *     hour
     */
    public static Duration delay(Duration delay, String name) {
        Args.notNull(delay, name);
        if (delay.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + delay);
        }
        return atMostMax(delay, name);
    }

    /**
     * Checks a positive delay the proxy will schedule: more than zero and at most {@link #MAX_DELAY}.
     *
     * @param delay the delay
     * @param name the parameter's name
     * @return the delay
     * @throws NullPointerException naming the parameter if {@code delay} is {@code null}
     * @throws IllegalArgumentException naming the parameter and echoing the value if it is zero, negative or over
     *     one hour
     */
    public static Duration positiveDelay(Duration delay, String name) {
        return atMostMax(Args.positive(delay, name), name);
    }

    private static Duration atMostMax(Duration delay, String name) {
        if (delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_DELAY + ", was " + delay);
        }
        return delay;
    }

    /**
     * Renders a wait for a message: whole milliseconds ({@code 250 ms}), or {@code forever}.
     *
     * @param wait the wait
     * @return the rendering; never throws
     */
    public static String millis(Duration wait) {
        if (isForever(wait)) {
            return "forever";
        }
        if (wait.isNegative() && wait.compareTo(MAX_NANOS.negated()) <= 0) {
            return wait.toString();
        }
        return wait.toMillis() + " ms";
    }
}
