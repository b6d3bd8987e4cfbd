package io.github.udpkit.testkit.internal;

import io.github.udpkit.testkit.LedgerEntry;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * One direction of a link, driven by a clock the caller passes in (nanoseconds from the proxy's start), so tests can
 * run it on a virtual clock. For each datagram, in this order: MTU check, partitions (time windows, a run of
 * datagrams, flapping), Gilbert-Elliott loss, the rate limiter's tail-drop queue, then the delay distribution. Random
 * draws come from a source seeded by (seed, direction, sequence number) alone, so the same seed gives the same
 * decisions; only the queue depends on arrival times. Not thread-safe: the proxy calls it from its receive thread.
 */
public final class LinkModel {
    private static final long MAX_DELAY_NANOS = Durations.MAX_DELAY.toNanos() * 2;

    private final LinkSpec spec;
    private final long seed;
    private final int direction;
    private final int headerBytes;
    private final GilbertElliott chain;
    /** Datagrams accepted by the rate limiter and not yet fully sent: {departure, wire bytes}. */
    private final ArrayDeque<long[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long lastDeparture;
    private long lastArrival;
    private long lastDelivery;

    /**
     * What the link did with one datagram.
     *
     * @param drop why it was lost, or {@link LedgerEntry.Drop#NONE}
     * @param queueNanos how long it waited in the queue and took to serialise at the rate
     * @param delayNanos the propagation delay drawn after the queue (including any wait to keep order)
     * @param overMtu whether its IP packet was larger than the MTU (dropped or only reported)
     */
    public record Outcome(LedgerEntry.Drop drop, long queueNanos, long delayNanos, boolean overMtu) {
        /**
         * Returns the total time from arrival to delivery.
         *
         * @return queue plus delay, in nanoseconds
         */
        public long totalNanos() {
            return queueNanos + delayNanos;
        }
    }

    /**
     * Creates the model of one direction.
     *
     * @param spec the parameters
     * @param seed the proxy's seed
     * @param direction the direction's ordinal, mixed into the seed
     * @param headerBytes IP and UDP header bytes added to each payload for the MTU and the rate: 28 for IPv4, 48
     *     for IPv6
     */
    public LinkModel(LinkSpec spec, long seed, int direction, int headerBytes) {
        this.spec = spec;
        this.seed = seed;
        this.direction = direction;
        this.headerBytes = headerBytes;
        this.chain = spec.geGoodToBad() < 0 ? null : new GilbertElliott(spec.geGoodToBad(), spec.geBadToGood(),
                spec.geLossInBad(), spec.geLossInGood());
    }

    /**
     * Decides one datagram.
     *
     * @param now the arrival time in nanoseconds from the proxy's start; never less than the previous call's
     * @param sequence the datagram's 1-based sequence number in this direction
     * @param payloadBytes its payload size
     * @return the outcome
     */
    public Outcome offer(long now, long sequence, int payloadBytes) {
        now = Math.max(now, lastArrival);
        lastArrival = now;
        SplittableRandom random = new SplittableRandom(seed * 0xD1B54A32D192ED03L
                + (direction + 1) * 0x8CB92BA72F3D8DD7L + sequence * 0xABC98388FB8FAC03L);
        int wireBytes = payloadBytes + headerBytes;
        boolean overMtu = spec.mtu() > 0 && wireBytes > spec.mtu();
        if (overMtu && spec.dropOverMtu()) {
            return new Outcome(LedgerEntry.Drop.MTU, 0, 0, true);
        }
        if (down(now, sequence)) {
            return new Outcome(LedgerEntry.Drop.PARTITION, 0, 0, overMtu);
        }
        double uLoss = random.nextDouble();
        double uMove = random.nextDouble();
        if (chain != null && chain.lose(uLoss, uMove)) {
            return new Outcome(LedgerEntry.Drop.BURST_LOSS, 0, 0, overMtu);
        }
        long departure = now;
        if (spec.rateBitsPerSecond() > 0) {
            while (!queue.isEmpty() && queue.peekFirst()[0] <= now) {
                queuedBytes -= queue.pollFirst()[1];
            }
            if ((spec.queueDatagrams() > 0 && queue.size() >= spec.queueDatagrams())
                    || (spec.queueBytes() > 0 && queuedBytes + wireBytes > spec.queueBytes())) {
                return new Outcome(LedgerEntry.Drop.QUEUE_FULL, 0, 0, overMtu);
            }
            long start = Math.max(now, lastDeparture);
            departure = start + serialisationNanos(wireBytes);
            lastDeparture = departure;
            queue.addLast(new long[] {departure, wireBytes});
            queuedBytes += wireBytes;
        }
        long arrival = departure + drawDelay(random);
        if (!spec.reorder()) {
            arrival = Math.max(arrival, lastDelivery);
            lastDelivery = arrival;
        }
        return new Outcome(LedgerEntry.Drop.NONE, departure - now, arrival - departure, overMtu);
    }

    /** At most 65,583 bytes times 8e9: far inside a long. */
    private long serialisationNanos(int wireBytes) {
        return wireBytes * 8L * 1_000_000_000L / spec.rateBitsPerSecond();
    }

    private boolean down(long now, long sequence) {
        for (long[] window : spec.downWindows()) {
            if (now >= window[0] && now < window[1]) {
                return true;
            }
        }
        if (spec.downDatagrams() > 0 && sequence >= spec.downFirstSequence()
                && sequence - spec.downFirstSequence() < spec.downDatagrams()) {
            return true;
        }
        return spec.flapUpNanos() > 0 && now % (spec.flapUpNanos() + spec.flapDownNanos()) >= spec.flapUpNanos();
    }

    private long drawDelay(SplittableRandom random) {
        double sigma = spec.jitterNanos();
        double t = switch (spec.shape()) {
            case CONSTANT -> 0;
            case UNIFORM -> 2 * random.nextDouble() - 1;
            case NORMAL -> random.nextGaussian();
            case PARETO -> pareto(random);
            case PARETO_NORMAL -> 0.25 * random.nextGaussian() + 0.75 * pareto(random);
        };
        double delay = spec.delayNanos() + sigma * t;
        return (long) Math.min(MAX_DELAY_NANOS, Math.max(0, delay));
    }

    /** netem's pareto table entry: a Pareto variate of shape 3, minus its mean 1.5, times 4/3. */
    private static double pareto(SplittableRandom random) {
        return (4.0 / 3.0) * (Math.pow(1.0 - random.nextDouble(), -1.0 / 3.0) - 1.5);
    }

    /**
     * Returns the header bytes added to each payload.
     *
     * @return 28 for IPv4, 48 for IPv6
     */
    public int headerBytes() {
        return headerBytes;
    }

    /**
     * Returns the MTU.
     *
     * @return the MTU in bytes, 0 for none
     */
    public int mtu() {
        return spec.mtu();
    }

    /**
     * Tells how many datagrams are in the rate limiter's queue at a time (waiting or on the wire).
     *
     * @param now the time in nanoseconds from the proxy's start
     * @return the count
     */
    public int queued(long now) {
        return (int) queue.stream().filter(entry -> entry[0] > now).count();
    }
}
