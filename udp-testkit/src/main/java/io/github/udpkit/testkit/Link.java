package io.github.udpkit.testkit;

import io.github.udpkit.internal.Args;
import io.github.udpkit.testkit.internal.Durations;
import io.github.udpkit.testkit.internal.LinkSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A network link for one direction of a {@link UdpFaultProxy}: a bottleneck rate with a tail-drop queue,
 * Gilbert-Elliott burst loss, netem-style delay distributions, an MTU, and a timeline of partitions. An immutable
 * value built from {@link #ideal()}; each method returns a new {@code Link}.
 *
 * <pre>{@code
 * Link dsl = Link.ideal()
 *         .rate(1_000_000).queueDatagrams(20)                  // 1 Mbit/s bottleneck, 20-datagram queue
 *         .burstLoss(0.01, 0.25, 1.0, 0.0)                    // bursts of 4 datagrams on average
 *         .delay(Duration.ofMillis(20), Duration.ofMillis(5), Link.Jitter.PARETO_NORMAL)
 *         .down(Duration.ofSeconds(2), Duration.ofSeconds(3)); // partitioned from t = 2 s to t = 3 s
 * UdpFaultProxy proxy = UdpFaultProxy.builder().target(server).link(Direction.TO_TARGET, dsl).start();
 * }</pre>
 *
 * <p><b>Order.</b> After the proxy's {@link Faults}, each datagram meets, in this order: the MTU, the partitions, the
 * burst loss, the rate limiter's queue and the delay. Every loss is in the ledger with its reason
 * ({@link LedgerEntry.Drop#MTU}, {@code PARTITION}, {@code BURST_LOSS}, {@code QUEUE_FULL}) and every datagram is in
 * {@link UdpFaultProxy#events()} with the time it arrived and the time it is delivered, measured from the proxy's
 * start.
 *
 * <p><b>Sizes.</b> The MTU and the rate count the IP packet: payload plus 28 bytes of IPv4 and UDP headers (48 for
 * IPv6). A duplicate made by the {@code Faults} shares its original's fate.
 *
 * <p><b>Seeds.</b> Random draws follow from the proxy's seed, the direction and the datagram's sequence number, so a
 * seed replays the losses and delays; the queue, and partitions by time, also depend on when datagrams arrive.
 *
 * @since 0.2
 */
public final class Link {
    private static final Link IDEAL = new Link(LinkSpec.IDEAL);
    private static final long MAX_RATE = 100_000_000_000L;
    private static final int MAX_WINDOWS = 64;

    private final LinkSpec spec;

    private Link(LinkSpec spec) {
        this.spec = spec;
    }

    /** The jitter distributions of {@link #delay(Duration, Duration, Jitter)}, as netem names them. */
    public enum Jitter {
        /** Uniform on {@code [delay - jitter, delay + jitter]}. */
        UNIFORM,
        /** Normal with mean {@code delay} and standard deviation {@code jitter}. */
        NORMAL,
        /** netem's {@code pareto}: {@code delay + jitter * (4/3)(u^(-1/3) - 1.5)}, mean {@code delay}, long tail. */
        PARETO,
        /** netem's {@code paretonormal}: a quarter normal and three quarters the Pareto above, mean {@code delay}. */
        PARETO_NORMAL
    }

    /** What the link does with a packet larger than its MTU. */
    public enum OverMtu {
        /** Drops it, as a path does for a packet with Don't Fragment set; reported as fragmentation needed. */
        DROP,
        /** Forwards it and only reports it. */
        REPORT
    }

    /**
     * Returns the perfect link: no rate limit, no loss, no delay, no MTU, never down. The default of both directions.
     *
     * @return the ideal link
     */
    public static Link ideal() {
        return IDEAL;
    }

    LinkSpec spec() {
        return spec;
    }

    /**
     * Limits the link to a rate: each packet takes {@code bytes * 8 / rate} seconds to leave, later ones queue
     * behind it. If never called, the rate is unlimited.
     *
     * @param bitsPerSecond the rate, 1 to 100,000,000,000 (100 Gbit/s)
     * @return a copy with this setting; its queue holds 1,000 datagrams unless set
     * @throws IllegalArgumentException if the rate is out of range
     */
    public Link rate(long bitsPerSecond) {
        if (bitsPerSecond < 1 || bitsPerSecond > MAX_RATE) {
            throw new IllegalArgumentException("bitsPerSecond must be between 1 and " + MAX_RATE + ", was "
                    + bitsPerSecond);
        }
        int queue = spec.queueDatagrams() == 0 && spec.queueBytes() == 0 ? 1_000 : spec.queueDatagrams();
        return with(bitsPerSecond, queue, spec.queueBytes());
    }

    /**
     * Bounds the rate limiter's queue in datagrams (waiting or being sent); one more is dropped at the tail
     * ({@link LedgerEntry.Drop#QUEUE_FULL}). Only matters with a {@link #rate(long)}.
     *
     * @param datagrams the limit, 1 to 1,000,000; default 1,000
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code datagrams} is out of range
     */
    public Link queueDatagrams(int datagrams) {
        return with(spec.rateBitsPerSecond(), Args.inRange(datagrams, 1, 1_000_000, "queueDatagrams"),
                spec.queueBytes());
    }

    /**
     * Bounds the rate limiter's queue in bytes of IP packets; a packet that would exceed it is dropped at the tail.
     * Applies besides {@link #queueDatagrams(int)} when both are set.
     *
     * @param bytes the limit, 1 to 1,000,000,000; default none
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code bytes} is out of range
     */
    public Link queueBytes(int bytes) {
        return with(spec.rateBitsPerSecond(), spec.queueDatagrams(), Args.inRange(bytes, 1, 1_000_000_000,
                "queueBytes"));
    }

    private Link with(long rate, int queueDatagrams, int queueBytes) {
        LinkSpec s = spec;
        return new Link(new LinkSpec(rate, queueDatagrams, queueBytes, s.geGoodToBad(), s.geBadToGood(),
                s.geLossInBad(), s.geLossInGood(), s.delayNanos(), s.jitterNanos(), s.shape(), s.reorder(), s.mtu(),
                s.dropOverMtu(), s.downWindows(), s.downFirstSequence(), s.downDatagrams(), s.flapUpNanos(),
                s.flapDownNanos()));
    }

    /**
     * Loses datagrams in bursts, as netem's {@code loss gemodel p r 1-h 1-k}: a Gilbert-Elliott chain with a good and
     * a bad state. Each datagram is lost with the loss probability of the state it finds, then the chain moves.
     * Long-run loss: {@code (r * lossInGood + p * lossInBad) / (p + r)}; with {@code lossInBad} 1 and
     * {@code lossInGood} 0, bursts last {@code 1 / r} datagrams on average. Beside it, {@link Faults#dropProbability}
     * stays independent loss.
     *
     * @param goodToBad p, the probability of moving from good to bad after a datagram, 0.0 to 1.0
     * @param badToGood r, the probability of moving back, more than 0.0 and at most 1.0
     * @param lossInBad the loss probability in the bad state (netem's 1-h), 0.0 to 1.0
     * @param lossInGood the loss probability in the good state (netem's 1-k), 0.0 to 1.0
     * @return a copy with this setting
     * @throws IllegalArgumentException naming the parameter if a probability is out of range (or NaN)
     */
    public Link burstLoss(double goodToBad, double badToGood, double lossInBad, double lossInGood) {
        probability(goodToBad, "goodToBad");
        if (!(badToGood > 0.0 && badToGood <= 1.0)) {
            throw new IllegalArgumentException("badToGood must be more than 0.0 and at most 1.0, was " + badToGood);
        }
        LinkSpec s = spec;
        return new Link(new LinkSpec(s.rateBitsPerSecond(), s.queueDatagrams(), s.queueBytes(), goodToBad,
                badToGood, probability(lossInBad, "lossInBad"), probability(lossInGood, "lossInGood"), s.delayNanos(),
                s.jitterNanos(), s.shape(), s.reorder(), s.mtu(), s.dropOverMtu(), s.downWindows(),
                s.downFirstSequence(), s.downDatagrams(), s.flapUpNanos(), s.flapDownNanos()));
    }

    /**
     * Delays every datagram by a constant time, after the queue.
     *
     * @param delay zero to one hour
     * @return a copy with this setting and no jitter
     * @throws NullPointerException if {@code delay} is {@code null}
     * @throws IllegalArgumentException if {@code delay} is negative or over one hour
     */
    public Link delay(Duration delay) {
        return delay(delay, Duration.ZERO, Jitter.UNIFORM, spec.reorder());
    }

    /**
     * Delays each datagram by {@code delay + jitter * t}, {@code t} drawn from the distribution (mean 0) with the
     * seed; negative results count as 0. As in netem, jitter reorders datagrams closer together than it, unless
     * {@link #noReordering()} is set.
     *
     * @param delay the mean, zero to one hour
     * @param jitter the spread (the standard deviation for {@code NORMAL}), zero to one hour
     * @param distribution the distribution of {@code t}
     * @return a copy with this setting
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code delay} or {@code jitter} is negative or over one hour
     */
    public Link delay(Duration delay, Duration jitter, Jitter distribution) {
        return delay(delay, jitter, distribution, spec.reorder());
    }

    /**
     * Keeps datagrams in order whatever the jitter: a datagram is never delivered before one that arrived earlier,
     * as netem does when a rate is set. If never called, jitter may reorder.
     *
     * @return a copy with this setting
     */
    public Link noReordering() {
        LinkSpec s = spec;
        return delay(Duration.ofNanos(s.delayNanos()), Duration.ofNanos(s.jitterNanos()), jitterOf(s.shape()), false);
    }

    private static Jitter jitterOf(LinkSpec.Shape shape) {
        return switch (shape) {
            case NORMAL -> Jitter.NORMAL;
            case PARETO -> Jitter.PARETO;
            case PARETO_NORMAL -> Jitter.PARETO_NORMAL;
            default -> Jitter.UNIFORM;
        };
    }

    private Link delay(Duration delay, Duration jitter, Jitter distribution, boolean reorder) {
        long d = Durations.delay(delay, "delay").toNanos();
        long j = Durations.delay(jitter, "jitter").toNanos();
        LinkSpec.Shape shape = j == 0 ? LinkSpec.Shape.CONSTANT
                : LinkSpec.Shape.valueOf(Args.notNull(distribution, "distribution").name());
        Args.notNull(distribution, "distribution");
        LinkSpec s = spec;
        return new Link(new LinkSpec(s.rateBitsPerSecond(), s.queueDatagrams(), s.queueBytes(), s.geGoodToBad(),
                s.geBadToGood(), s.geLossInBad(), s.geLossInGood(), d, j, shape, reorder, s.mtu(), s.dropOverMtu(),
                s.downWindows(), s.downFirstSequence(), s.downDatagrams(), s.flapUpNanos(), s.flapDownNanos()));
    }

    /**
     * Sets the path MTU: an IP packet (payload plus headers) larger than {@code bytes} is dropped
     * ({@link LedgerEntry.Drop#MTU}) or forwarded and reported. Either way the proxy records a
     * {@link LinkEvent.Kind#FRAGMENTATION_NEEDED} event naming the MTU and calls
     * {@link UdpFaultProxy.Builder#onFragmentationNeeded}, which is what an ICMP "fragmentation needed" would tell the
     * sender (the proxy cannot forge ICMP).
     *
     * @param bytes the MTU, 68 (the IPv4 minimum) to 65,575
     * @param action drop, or only report
     * @return a copy with this setting
     * @throws NullPointerException if {@code action} is {@code null}
     * @throws IllegalArgumentException if {@code bytes} is out of range
     */
    public Link mtu(int bytes, OverMtu action) {
        Args.inRange(bytes, 68, 65_575, "mtu");
        boolean drop = Args.notNull(action, "action") == OverMtu.DROP;
        LinkSpec s = spec;
        return new Link(new LinkSpec(s.rateBitsPerSecond(), s.queueDatagrams(), s.queueBytes(), s.geGoodToBad(),
                s.geBadToGood(), s.geLossInBad(), s.geLossInGood(), s.delayNanos(), s.jitterNanos(), s.shape(),
                s.reorder(), bytes, drop, s.downWindows(), s.downFirstSequence(), s.downDatagrams(),
                s.flapUpNanos(), s.flapDownNanos()));
    }

    /**
     * Partitions the link from {@code from} until {@code until}, measured from the proxy's start: datagrams arriving
     * in between are dropped ({@link LedgerEntry.Drop#PARTITION}). Calls add windows (up to 64).
     *
     * @param from when the link goes down, zero to one hour
     * @param until when it heals, after {@code from} and at most one hour
     * @return a copy with this window added
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if a time is out of range, {@code until} is not after {@code from}, or there
     *     are already 64 windows
     */
    public Link down(Duration from, Duration until) {
        long f = Durations.delay(from, "from").toNanos();
        long u = Durations.delay(until, "until").toNanos();
        if (u <= f) {
            throw new IllegalArgumentException("until must be after from (" + from + "), was " + until);
        }
        if (spec.downWindows().size() >= MAX_WINDOWS) {
            throw new IllegalArgumentException("a link takes at most " + MAX_WINDOWS + " down windows, was given "
                    + (MAX_WINDOWS + 1));
        }
        List<long[]> windows = new ArrayList<>(spec.downWindows());
        windows.add(new long[] {f, u});
        LinkSpec s = spec;
        return new Link(new LinkSpec(s.rateBitsPerSecond(), s.queueDatagrams(), s.queueBytes(), s.geGoodToBad(),
                s.geBadToGood(), s.geLossInBad(), s.geLossInGood(), s.delayNanos(), s.jitterNanos(), s.shape(),
                s.reorder(), s.mtu(), s.dropOverMtu(), windows, s.downFirstSequence(), s.downDatagrams(),
                s.flapUpNanos(), s.flapDownNanos()));
    }

    /**
     * Partitions the link for a run of datagrams: numbers {@code first} to {@code first + count - 1} of this
     * direction are dropped ({@link LedgerEntry.Drop#PARTITION}); the link heals after them.
     *
     * @param first the sequence number of the first datagram lost, at least 1
     * @param count how many, at least 1
     * @return a copy with this setting (replacing an earlier run)
     * @throws IllegalArgumentException if an argument is less than 1
     */
    public Link downForDatagrams(long first, long count) {
        if (first < 1) {
            throw new IllegalArgumentException("first must be at least 1, was " + first);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        LinkSpec s = spec;
        return new Link(new LinkSpec(s.rateBitsPerSecond(), s.queueDatagrams(), s.queueBytes(), s.geGoodToBad(),
                s.geBadToGood(), s.geLossInBad(), s.geLossInGood(), s.delayNanos(), s.jitterNanos(), s.shape(),
                s.reorder(), s.mtu(), s.dropOverMtu(), s.downWindows(), first, count, s.flapUpNanos(),
                s.flapDownNanos()));
    }

    /**
     * Makes the link flap: up for {@code up}, then down for {@code down}, repeated from the proxy's start.
     *
     * @param up how long each up phase lasts, more than zero and at most one hour
     * @param down how long each down phase lasts, more than zero and at most one hour
     * @return a copy with this setting
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if a duration is zero, negative or over one hour
     */
    public Link flapping(Duration up, Duration down) {
        long u = Durations.positiveDelay(up, "up").toNanos();
        long d = Durations.positiveDelay(down, "down").toNanos();
        LinkSpec s = spec;
        return new Link(new LinkSpec(s.rateBitsPerSecond(), s.queueDatagrams(), s.queueBytes(), s.geGoodToBad(),
                s.geBadToGood(), s.geLossInBad(), s.geLossInGood(), s.delayNanos(), s.jitterNanos(), s.shape(),
                s.reorder(), s.mtu(), s.dropOverMtu(), s.downWindows(), s.downFirstSequence(), s.downDatagrams(),
                u, d));
    }

    private static double probability(double value, String name) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0.0 and 1.0, was " + value);
        }
        return value;
    }

    /**
     * Lists what is switched on.
     *
     * @return for example {@code Link[rate=1000000 bit/s, queue=20 datagrams, delay=PT0.02S]}, or {@code Link[ideal]}
     */
    @Override
    public String toString() {
        LinkSpec s = spec;
        List<String> parts = new ArrayList<>();
        if (s.rateBitsPerSecond() > 0) {
            parts.add("rate=" + s.rateBitsPerSecond() + " bit/s");
        }
        if (s.queueDatagrams() > 0) {
            parts.add("queue=" + s.queueDatagrams() + " datagrams");
        }
        if (s.queueBytes() > 0) {
            parts.add("queue=" + s.queueBytes() + " bytes");
        }
        if (s.geGoodToBad() >= 0) {
            parts.add("burstLoss=p " + s.geGoodToBad() + ", r " + s.geBadToGood() + ", bad " + s.geLossInBad()
                    + ", good " + s.geLossInGood());
        }
        if (s.delayNanos() > 0 || s.jitterNanos() > 0) {
            parts.add("delay=" + Duration.ofNanos(s.delayNanos()) + (s.jitterNanos() > 0 ? " +- "
                    + Duration.ofNanos(s.jitterNanos()) + " " + s.shape() : ""));
        }
        if (!s.reorder()) {
            parts.add("noReordering");
        }
        if (s.mtu() > 0) {
            parts.add("mtu=" + s.mtu() + (s.dropOverMtu() ? " (drop)" : " (report)"));
        }
        for (long[] w : s.downWindows()) {
            parts.add("down=" + Duration.ofNanos(w[0]) + ".." + Duration.ofNanos(w[1]));
        }
        if (s.downDatagrams() > 0) {
            parts.add("down=#" + s.downFirstSequence() + "+" + s.downDatagrams());
        }
        if (s.flapUpNanos() > 0) {
            parts.add("flapping=up " + Duration.ofNanos(s.flapUpNanos()) + "/down "
                    + Duration.ofNanos(s.flapDownNanos()));
        }
        return parts.isEmpty() ? "Link[ideal]" : "Link[" + String.join(", ", parts) + "]";
    }
}
