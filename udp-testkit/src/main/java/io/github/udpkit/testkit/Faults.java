package io.github.udpkit.testkit;

import io.github.udpkit.testkit.internal.Durations;
import java.time.Duration;

/**
 * The faults a {@link UdpFaultProxy} applies to the datagrams of one direction: an immutable value built from
 * {@link #none()} with {@code with}-style methods, each returning a new {@code Faults}.
 *
 * <pre>{@code
 * Faults lossy = Faults.none().dropProbability(0.1).duplicateProbability(0.05).delay(Duration.ofMillis(5),
 *         Duration.ofMillis(20));
 * }</pre>
 *
 * <p>Each datagram's fate is decided from the proxy's seed, the direction and the datagram's sequence number in that
 * direction (and its size), never from timing, so the same seed and the same traffic give the same decisions. The
 * faults are applied in this order: drop (first n, every n-th, probability); then truncate, corrupt, duplicate,
 * delay and hold (reorder). A duplicate is an identical second copy sent right after the first.
 *
 * @since 0.1
 */
public final class Faults {
    private static final Faults NONE = new Faults(0, 0, 0.0, 0.0, 0.0, 0, Duration.ZERO, Duration.ZERO, -1, 0.0,
            0.0, 0, Duration.ofMillis(100));

    final int dropFirst;
    final int dropEvery;
    final double dropProbability;
    final double duplicateProbability;
    final double reorderProbability;
    final int reorderWindow;
    final Duration delay;
    final Duration jitter;
    final int truncateTo;
    final double truncateProbability;
    final double corruptProbability;
    final int corruptBits;
    final Duration maxHold;

    private Faults(int dropFirst, int dropEvery, double dropProbability, double duplicateProbability,
                   double reorderProbability, int reorderWindow, Duration delay, Duration jitter, int truncateTo,
                   double truncateProbability, double corruptProbability, int corruptBits, Duration maxHold) {
        this.dropFirst = dropFirst;
        this.dropEvery = dropEvery;
        this.dropProbability = dropProbability;
        this.duplicateProbability = duplicateProbability;
        this.reorderProbability = reorderProbability;
        this.reorderWindow = reorderWindow;
        this.delay = delay;
        this.jitter = jitter;
        this.truncateTo = truncateTo;
        this.truncateProbability = truncateProbability;
        this.corruptProbability = corruptProbability;
        this.corruptBits = corruptBits;
        this.maxHold = maxHold;
    }

    /**
     * Returns a perfect link: every datagram forwarded once, at once, unchanged. The default of both directions.
     *
     * @return the faults of a perfect link
     */
    public static Faults none() {
        return NONE;
    }

    /**
     * Drops each datagram with a probability, drawn from the seed.
     *
     * @param probability 0.0 (never) to 1.0 (always); default 0.0
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code probability} is outside 0.0 to 1.0 (or NaN)
     */
    public Faults dropProbability(double probability) {
        return new Faults(dropFirst, dropEvery, probability(probability, "dropProbability"), duplicateProbability,
                reorderProbability, reorderWindow, delay, jitter, truncateTo, truncateProbability,
                corruptProbability, corruptBits, maxHold);
    }

    /**
     * Drops every n-th datagram: the n-th, the 2n-th, and so on.
     *
     * @param n the period, at least 1 (1 drops everything); default 0, off
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public Faults dropEvery(int n) {
        return new Faults(dropFirst, atLeast(n, 1, "dropEvery"), dropProbability, duplicateProbability,
                reorderProbability, reorderWindow, delay, jitter, truncateTo, truncateProbability,
                corruptProbability, corruptBits, maxHold);
    }

    /**
     * Drops the first n datagrams, as a link that comes up late does.
     *
     * @param n how many, at least 0; default 0
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Faults dropFirst(int n) {
        return new Faults(atLeast(n, 0, "dropFirst"), dropEvery, dropProbability, duplicateProbability,
                reorderProbability, reorderWindow, delay, jitter, truncateTo, truncateProbability,
                corruptProbability, corruptBits, maxHold);
    }

    /**
     * Sends a datagram twice with a probability.
     *
     * @param probability 0.0 to 1.0; default 0.0
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code probability} is outside 0.0 to 1.0 (or NaN)
     */
    public Faults duplicateProbability(double probability) {
        return new Faults(dropFirst, dropEvery, dropProbability, probability(probability, "duplicateProbability"),
                reorderProbability, reorderWindow, delay, jitter, truncateTo, truncateProbability,
                corruptProbability, corruptBits, maxHold);
    }

    /**
     * Reorders by hold-and-release: with a probability, a datagram is held back until {@code window} later datagrams
     * of the same direction have been sent, or for at most 100 ms when traffic stops.
     *
     * @param probability 0.0 to 1.0; default 0.0
     * @param window how many later datagrams overtake a held one, at least 1
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code probability} is outside 0.0 to 1.0 or {@code window} is less than 1
     */
    public Faults reorder(double probability, int window) {
        return reorder(probability, window, Duration.ofMillis(100));
    }

    /**
     * Reorders by hold-and-release, with a bound on the hold; see {@link #reorder(double, int)}.
     *
     * @param probability 0.0 to 1.0; default 0.0
     * @param window how many later datagrams overtake a held one, at least 1
     * @param maxHold the longest a datagram is held when not enough traffic follows it, more than zero and at most
     *     one hour; default 100 ms
     * @return a copy with this setting
     * @throws NullPointerException if {@code maxHold} is {@code null}
     * @throws IllegalArgumentException if {@code probability} is outside 0.0 to 1.0, {@code window} is less than 1,
     *     or {@code maxHold} is zero, negative or over one hour
     */
    public Faults reorder(double probability, int window, Duration maxHold) {
        return new Faults(dropFirst, dropEvery, dropProbability, duplicateProbability,
                probability(probability, "reorderProbability"), atLeast(window, 1, "window"), delay, jitter,
                truncateTo, truncateProbability, corruptProbability, corruptBits,
                Durations.positiveDelay(maxHold, "maxHold"));
    }

    /**
     * Delays every datagram by a fixed time.
     *
     * @param fixed the delay, zero to one hour; default zero
     * @return a copy with this setting and no jitter
     * @throws NullPointerException if {@code fixed} is {@code null}
     * @throws IllegalArgumentException if {@code fixed} is negative or over one hour
     */
    public Faults delay(Duration fixed) {
        return delay(fixed, Duration.ZERO);
    }

    /**
     * Delays every datagram by a fixed time plus a jitter drawn uniformly from 0 to {@code jitter} with the seed.
     * Jitter reorders datagrams that are closer together than it.
     *
     * @param fixed the fixed part, zero to one hour; default zero
     * @param jitter the largest extra delay, zero to one hour; default zero
     * @return a copy with this setting
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if an argument is negative or over one hour (the proxy schedules every
     *     delay; an hour is far beyond any test, and a longer one would overflow its clock)
     */
    public Faults delay(Duration fixed, Duration jitter) {
        return new Faults(dropFirst, dropEvery, dropProbability, duplicateProbability, reorderProbability,
                reorderWindow, Durations.delay(fixed, "delay"),
                Durations.delay(jitter, "jitter"), truncateTo,
                truncateProbability, corruptProbability, corruptBits, maxHold);
    }

    /**
     * Truncates every datagram longer than {@code bytes} to its first {@code bytes} bytes.
     *
     * @param bytes the length kept, at least 0
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Faults truncate(int bytes) {
        return truncate(bytes, 1.0);
    }

    /**
     * Truncates datagrams longer than {@code bytes} to their first {@code bytes} bytes, with a probability.
     *
     * @param bytes the length kept, at least 0
     * @param probability 0.0 to 1.0
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code bytes} is negative or {@code probability} outside 0.0 to 1.0
     */
    public Faults truncate(int bytes, double probability) {
        return new Faults(dropFirst, dropEvery, dropProbability, duplicateProbability, reorderProbability,
                reorderWindow, delay, jitter, atLeast(bytes, 0, "truncate bytes"), probability(probability,
                "truncateProbability"), corruptProbability, corruptBits, maxHold);
    }

    /**
     * Corrupts datagrams with a probability by flipping one bit, chosen with the seed.
     *
     * @param probability 0.0 to 1.0; default 0.0
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code probability} is outside 0.0 to 1.0 (or NaN)
     */
    public Faults corruptProbability(double probability) {
        return corrupt(probability, 1);
    }

    /**
     * Corrupts datagrams with a probability by flipping {@code bits} distinct bits (fewer if the payload has fewer),
     * chosen with the seed. Empty payloads cannot be corrupted.
     *
     * @param probability 0.0 to 1.0; default 0.0
     * @param bits how many bits to flip, at least 1
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code probability} is outside 0.0 to 1.0 or {@code bits} is less than 1
     */
    public Faults corrupt(double probability, int bits) {
        return new Faults(dropFirst, dropEvery, dropProbability, duplicateProbability, reorderProbability,
                reorderWindow, delay, jitter, truncateTo, truncateProbability,
                probability(probability, "corruptProbability"), atLeast(bits, 1, "bits"), maxHold);
    }

    private static double probability(double value, String name) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0.0 and 1.0, was " + value);
        }
        return value;
    }

    private static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /**
     * Lists the faults that are switched on.
     *
     * @return for example {@code Faults[dropProbability=0.3, delay=PT0.01S]}, or {@code Faults[none]}
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Faults[");
        if (dropFirst > 0) {
            out.append("dropFirst=").append(dropFirst).append(", ");
        }
        if (dropEvery > 0) {
            out.append("dropEvery=").append(dropEvery).append(", ");
        }
        if (dropProbability > 0) {
            out.append("dropProbability=").append(dropProbability).append(", ");
        }
        if (truncateTo >= 0 && truncateProbability > 0) {
            out.append("truncate=").append(truncateTo).append('@').append(truncateProbability).append(", ");
        }
        if (corruptProbability > 0) {
            out.append("corrupt=").append(corruptBits).append("bits@").append(corruptProbability).append(", ");
        }
        if (duplicateProbability > 0) {
            out.append("duplicateProbability=").append(duplicateProbability).append(", ");
        }
        if (!delay.isZero() || !jitter.isZero()) {
            out.append("delay=").append(delay).append('+').append(jitter).append(", ");
        }
        if (reorderProbability > 0) {
            out.append("reorder=").append(reorderProbability).append("/window ").append(reorderWindow)
                    .append("/maxHold ").append(maxHold).append(", ");
        }
        if (out.length() == "Faults[".length()) {
            return "Faults[none]";
        }
        out.setLength(out.length() - 2);
        return out.append(']').toString();
    }
}
