package io.github.udpkit.testkit;

import io.github.udpkit.internal.Args;
import io.github.udpkit.testkit.internal.Durations;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link UdpFaultProxy} decided for one datagram. Entries hold no addresses or times, only what follows from
 * the seed and the traffic, so two runs with the same seed and the same traffic have equal ledgers.
 *
 * @param direction which way the datagram went
 * @param sequence its 1-based number among the datagrams the proxy received in that direction
 * @param client the 1-based number of the client involved, in the order clients first sent to the proxy
 * @param size its payload size as received, in bytes
 * @param drop why it was dropped, or {@link Drop#NONE}
 * @param copies how many copies were sent: 0 when dropped, 2 when duplicated, else 1
 * @param sentSize the payload size of each copy sent, after truncation
 * @param flippedBits the bit positions flipped to corrupt it (bit {@code i} is bit {@code i % 8}, counted from the
 *     least significant, of byte {@code i / 8}), in the order flipped; empty when not corrupted
 * @param delay how long it was delayed
 * @param heldFor how many later datagrams overtook it (reordering); 0 when not held
 * @since 0.1
 */
public record LedgerEntry(Direction direction, long sequence, int client, int size, Drop drop, int copies,
                          int sentSize, List<Integer> flippedBits, Duration delay, int heldFor) {

    /** Why a datagram was dropped. */
    public enum Drop {
        /** Not dropped. */
        NONE,
        /** One of the first n ({@link Faults#dropFirst(int)}). */
        FIRST,
        /** An n-th datagram ({@link Faults#dropEvery(int)}). */
        EVERY_NTH,
        /** By chance ({@link Faults#dropProbability(double)}). */
        PROBABILITY,
        /** Larger than the link's MTU ({@link Link#mtu(int, Link.OverMtu)}). */
        MTU,
        /** The link was down ({@link Link#down}, {@link Link#downForDatagrams}, {@link Link#flapping}). */
        PARTITION,
        /** In a Gilbert-Elliott loss burst ({@link Link#burstLoss}). */
        BURST_LOSS,
        /** At the tail of the rate limiter's full queue ({@link Link#rate(long)}). */
        QUEUE_FULL
    }

    /**
     * Checks and copies the components.
     *
     * @param direction which way the datagram went
     * @param sequence its 1-based number in that direction
     * @param client the 1-based client number
     * @param size its payload size as received
     * @param drop why it was dropped, or {@link Drop#NONE}
     * @param copies how many copies were sent
     * @param sentSize the payload size of each copy sent
     * @param flippedBits the bit positions flipped; copied
     * @param delay how long it was delayed
     * @param heldFor how many later datagrams overtook it
     * @throws NullPointerException if {@code direction}, {@code drop}, {@code flippedBits} or {@code delay} is
     *     {@code null}
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public LedgerEntry {
        Args.notNull(direction, "direction");
        Args.notNull(drop, "drop");
        flippedBits = List.copyOf(Args.notNull(flippedBits, "flippedBits"));
        if (Args.notNull(delay, "delay").isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
    }

    /**
     * Tells whether the datagram was dropped.
     *
     * @return {@code true} if no copy was sent
     */
    public boolean dropped() {
        return drop != Drop.NONE;
    }

    /**
     * Tells whether the datagram was cut short.
     *
     * @return {@code true} if the copies sent are shorter than what was received
     */
    public boolean truncated() {
        return !dropped() && sentSize < size;
    }

    /**
     * Tells whether bits were flipped.
     *
     * @return {@code true} if the datagram was corrupted
     */
    public boolean corrupted() {
        return !flippedBits.isEmpty();
    }

    /**
     * Describes the decision on one line.
     *
     * @return for example {@code TO_TARGET #7 (client 1, 100 bytes): sent x2, truncated to 10, flipped bits [3],
     *     delayed 5 ms, held for 2}
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(direction).append(" #").append(sequence).append(" (client ")
                .append(client).append(", ").append(size).append(" bytes): ");
        if (dropped()) {
            return out.append("dropped (").append(drop).append(')').toString();
        }
        out.append(copies == 2 ? "sent x2" : "sent");
        if (truncated()) {
            out.append(", truncated to ").append(sentSize);
        }
        if (corrupted()) {
            out.append(", flipped bits ").append(flippedBits);
        }
        if (!delay.isZero()) {
            out.append(", delayed ").append(Durations.isForever(delay) ? delay.toString()
                    : delay.toNanos() / 1_000_000.0 + " ms");
        }
        if (heldFor > 0) {
            out.append(", held for ").append(heldFor);
        }
        return out.toString();
    }
}
