package io.github.udpkit.testkit.internal;

import java.util.List;

/**
 * The validated parameters of one direction's link model, all times in nanoseconds from the proxy's start. Built by
 * the public {@code Link} value; read by {@link LinkModel}.
 *
 * @param rateBitsPerSecond the bottleneck rate, 0 for unlimited
 * @param queueDatagrams the queue limit in datagrams (waiting or on the wire), 0 for none
 * @param queueBytes the queue limit in wire bytes, 0 for none
 * @param geGoodToBad Gilbert-Elliott p (good to bad per datagram); negative when the model is off
 * @param geBadToGood Gilbert-Elliott r (bad to good per datagram)
 * @param geLossInBad loss probability in the bad state (netem's 1-h)
 * @param geLossInGood loss probability in the good state (netem's 1-k)
 * @param delayNanos the mean (or constant) delay
 * @param jitterNanos the jitter (sigma), 0 for none
 * @param shape the jitter distribution
 * @param reorder whether jitter may reorder datagrams
 * @param mtu the largest IP packet in bytes, 0 for no limit
 * @param dropOverMtu whether a packet over the MTU is dropped (else only reported)
 * @param downWindows partitions as {@code [from, until)} pairs
 * @param downFirstSequence the first sequence number of a partition counted in datagrams, 0 for none
 * @param downDatagrams how many datagrams that partition drops
 * @param flapUpNanos flapping: how long the link is up in each period, 0 for no flapping
 * @param flapDownNanos flapping: how long it is down
 */
public record LinkSpec(long rateBitsPerSecond, int queueDatagrams, int queueBytes, double geGoodToBad,
                       double geBadToGood, double geLossInBad, double geLossInGood, long delayNanos,
                       long jitterNanos, Shape shape, boolean reorder, int mtu, boolean dropOverMtu,
                       List<long[]> downWindows, long downFirstSequence, long downDatagrams, long flapUpNanos,
                       long flapDownNanos) {

    /** Jitter distributions, as netem's tables: a draw {@code t} with mean 0 gives {@code delay + jitter * t}. */
    public enum Shape {
        /** No jitter. */
        CONSTANT,
        /** Uniform on {@code [delay - jitter, delay + jitter]}. */
        UNIFORM,
        /** Normal with standard deviation {@code jitter}. */
        NORMAL,
        /** netem's pareto table: {@code (4/3)(u^(-1/3) - 1.5)}, a Pareto with shape 3 moved to mean 0. */
        PARETO,
        /** netem's paretonormal table: a quarter normal, three quarters the Pareto above. */
        PARETO_NORMAL
    }

    /** The perfect link: nothing limited, nothing lost, nothing delayed. */
    public static final LinkSpec IDEAL = new LinkSpec(0, 0, 0, -1, 0, 0, 0, 0, 0, Shape.CONSTANT, true, 0, true,
            List.of(), 0, 0, 0, 0);

    /**
     * Copies the windows.
     *
     * @param rateBitsPerSecond see the record
     * @param queueDatagrams see the record
     * @param queueBytes see the record
     * @param geGoodToBad see the record
     * @param geBadToGood see the record
     * @param geLossInBad see the record
     * @param geLossInGood see the record
     * @param delayNanos see the record
     * @param jitterNanos see the record
     * @param shape see the record
     * @param reorder see the record
     * @param mtu see the record
     * @param dropOverMtu see the record
     * @param downWindows see the record; copied
     * @param downFirstSequence see the record
     * @param downDatagrams see the record
     * @param flapUpNanos see the record
     * @param flapDownNanos see the record
     */
    public LinkSpec {
        downWindows = downWindows.stream().map(long[]::clone).toList();
    }
}
