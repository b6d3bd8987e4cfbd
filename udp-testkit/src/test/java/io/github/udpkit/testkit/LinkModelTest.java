package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.udpkit.testkit.internal.LinkModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The link models on a virtual clock: statistical proofs with fixed seeds and tolerances stated in each test. Every
 * figure is printed on a {@code FIGURE} line.
 */
class LinkModelTest {
    private static final long MS = 1_000_000L;

    private static LinkModel model(Link link, long seed) {
        return new LinkModel(link.spec(), seed, Direction.TO_TARGET.ordinal(), 28);
    }

    private static void figure(String text) {
        System.out.println("FIGURE " + text);
    }

    @Test
    void gilbertElliott_longRunLossAndMeanBurstLength_matchTheChain() {
        // p = 0.01, r = 0.25, all lost in bad, none in good: loss p/(p+r) = 3.846 %, bursts 1/r = 4 datagrams.
        LinkModel model = model(Link.ideal().burstLoss(0.01, 0.25, 1.0, 0.0), 42);
        int n = 400_000;
        int lost = 0;
        int bursts = 0;
        boolean inBurst = false;
        for (int i = 1; i <= n; i++) {
            boolean l = model.offer(i * MS, i, 100).drop() == LedgerEntry.Drop.BURST_LOSS;
            lost += l ? 1 : 0;
            bursts += l && !inBurst ? 1 : 0;
            inBurst = l;
        }
        double rate = (double) lost / n;
        double meanBurst = (double) lost / bursts;
        figure("gilbert-elliott p=0.01 r=0.25: loss " + rate + " (expected 0.03846), mean burst " + meanBurst
                + " (expected 4.0), " + bursts + " bursts in " + n);
        assertThat(rate).isCloseTo(0.01 / 0.26, within(0.002));
        assertThat(meanBurst).isCloseTo(4.0, within(0.2));
    }

    @Test
    void gilbertElliott_withLossInBothStates_matchesTheStationaryMix() {
        // (r * lossInGood + p * lossInBad) / (p + r) = (0.2 * 0.001 + 0.05 * 0.5) / 0.25 = 10.08 %
        LinkModel model = model(Link.ideal().burstLoss(0.05, 0.2, 0.5, 0.001), 7);
        int n = 200_000;
        int lost = 0;
        for (int i = 1; i <= n; i++) {
            lost += model.offer(i * MS, i, 100).drop() == LedgerEntry.Drop.BURST_LOSS ? 1 : 0;
        }
        figure("gilbert-elliott p=0.05 r=0.2 bad=0.5 good=0.001: loss " + (double) lost / n + " (expected 0.1008)");
        assertThat((double) lost / n).isCloseTo(0.1008, within(0.004));
    }

    @Test
    void rateLimit_aSenderTwiceTooFast_seesTheRateExactly_aFullQueueDelay_andTailDrop() {
        // 972-byte payloads + 28 header bytes = 1,000 bytes = 8 ms at 1 Mbit/s; offered every 4 ms (2 Mbit/s).
        LinkModel model = model(Link.ideal().rate(1_000_000).queueDatagrams(20), 1);
        List<Long> departures = new ArrayList<>();
        int dropped = 0;
        long lastQueue = 0;
        for (int i = 1; i <= 2_000; i++) {
            long now = i * 4 * MS;
            LinkModel.Outcome o = model.offer(now, i, 972);
            if (o.drop() == LedgerEntry.Drop.QUEUE_FULL) {
                dropped++;
            } else {
                assertThat(o.drop()).isEqualTo(LedgerEntry.Drop.NONE);
                departures.add(now + o.queueNanos());
                lastQueue = o.queueNanos();
            }
        }
        for (int i = 1; i < departures.size(); i++) {
            assertThat(departures.get(i) - departures.get(i - 1)).as("serialisation at the rate").isEqualTo(8 * MS);
        }
        double rate = (departures.size() - 1) * 8_000.0 / ((departures.get(departures.size() - 1)
                - departures.get(0)) / 1e9);
        figure("rate 1 Mbit/s, queue 20, offered 2 Mbit/s for 8 s: " + departures.size() + " sent, " + dropped
                + " tail-dropped, measured rate " + rate + " bit/s, steady queue delay " + lastQueue / 1e6 + " ms");
        assertThat(rate).isCloseTo(1_000_000, within(1.0));
        assertThat(lastQueue).as("a full queue: 20 datagrams of 8 ms, the first partly sent")
                .isBetween(152 * MS, 160 * MS);
        assertThat(dropped + departures.size()).isEqualTo(2_000);
        assertThat(dropped).isBetween(975, 985);
    }

    @Test
    void rateLimit_aSlowerSender_isNeverQueuedBehindAnother_andAByteQueueBoundsBytes() {
        LinkModel slow = model(Link.ideal().rate(1_000_000).queueDatagrams(2), 1);
        for (int i = 1; i <= 1_000; i++) {
            LinkModel.Outcome o = slow.offer(i * 10 * MS, i, 972);
            assertThat(o.drop()).isEqualTo(LedgerEntry.Drop.NONE);
            assertThat(o.queueNanos()).isEqualTo(8 * MS);
        }
        LinkModel bytes = model(Link.ideal().rate(1_000_000).queueBytes(10_000), 1);
        int accepted = 0;
        for (int i = 1; i <= 50; i++) { // a burst at t = 0: ten 1,000-byte packets fit
            accepted += bytes.offer(0, i, 972).drop() == LedgerEntry.Drop.NONE ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(bytes.queued(0)).isEqualTo(10);
        assertThat(bytes.queued(80 * MS)).isZero();
    }

    private static double[] delays(Link link, int n) {
        LinkModel model = model(link, 11);
        double[] out = new double[n];
        for (int i = 1; i <= n; i++) {
            out[i - 1] = model.offer(i * MS, i, 100).delayNanos() / 1e6;
        }
        return out;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double std(double[] values) {
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return Math.sqrt(sum / (values.length - 1));
    }

    private static double min(double[] values) {
        double min = Double.MAX_VALUE;
        for (double v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    @Test
    void delayDistributions_haveTheirMeanSpreadAndBounds() {
        Duration mu = Duration.ofMillis(50);
        Duration sigma = Duration.ofMillis(10);
        int n = 200_000;
        double[] constant = delays(Link.ideal().delay(mu), 1_000);
        assertThat(min(constant)).isEqualTo(50.0);
        assertThat(std(constant)).isZero();

        double[] uniform = delays(Link.ideal().delay(mu, sigma, Link.Jitter.UNIFORM), n);
        double[] normal = delays(Link.ideal().delay(mu, sigma, Link.Jitter.NORMAL), n);
        double[] pareto = delays(Link.ideal().delay(mu, sigma, Link.Jitter.PARETO), n);
        double[] paretoNormal = delays(Link.ideal().delay(mu, sigma, Link.Jitter.PARETO_NORMAL), n);
        figure("delay 50 ms +- 10 ms over " + n + ": uniform mean " + mean(uniform) + " std " + std(uniform)
                + "; normal mean " + mean(normal) + " std " + std(normal) + "; pareto mean " + mean(pareto)
                + " std " + std(pareto) + " min " + min(pareto) + "; paretonormal mean " + mean(paretoNormal)
                + " std " + std(paretoNormal));
        assertThat(mean(uniform)).isCloseTo(50.0, within(0.05));
        assertThat(std(uniform)).isCloseTo(10 / Math.sqrt(3), within(0.05));
        assertThat(min(uniform)).isGreaterThanOrEqualTo(40.0);
        assertThat(mean(normal)).isCloseTo(50.0, within(0.1));
        assertThat(std(normal)).isCloseTo(10.0, within(0.1));
        // Pareto, shape 3, moved to mean 0 and scaled by 4/3: std (4/3) sqrt(3/4) = 1.155 sigma; floor mu - sigma*2/3.
        assertThat(mean(pareto)).isCloseTo(50.0, within(0.2));
        assertThat(std(pareto)).isCloseTo(11.55, within(0.6));
        assertThat(min(pareto)).isGreaterThanOrEqualTo(50.0 - 10.0 * 2 / 3);
        // A quarter normal, three quarters Pareto: std sqrt(1/16 + 9/16 * 4/3) = 0.901 sigma.
        assertThat(mean(paretoNormal)).isCloseTo(50.0, within(0.15));
        assertThat(std(paretoNormal)).isCloseTo(9.01, within(0.5));
    }

    @Test
    void jitter_reordersUnlessToldNotTo() {
        Link jittery = Link.ideal().delay(Duration.ofMillis(20), Duration.ofMillis(10), Link.Jitter.UNIFORM);
        int[] inversions = new int[2];
        Link[] links = {jittery, jittery.noReordering()};
        for (int k = 0; k < 2; k++) {
            LinkModel model = model(links[k], 3);
            long last = 0;
            for (int i = 1; i <= 10_000; i++) {
                long now = i * MS;
                long delivery = now + model.offer(now, i, 100).totalNanos();
                inversions[k] += delivery < last ? 1 : 0;
                last = Math.max(last, delivery);
            }
        }
        figure("uniform jitter 20 +- 10 ms at 1 ms spacing: " + inversions[0] + " of 10000 overtaken; noReordering: "
                + inversions[1]);
        assertThat(inversions[0]).isGreaterThan(5_000);
        assertThat(inversions[1]).isZero();
    }

    @Test
    void timeline_partitionsByTime_byDatagrams_andFlapping() {
        LinkModel window = model(Link.ideal().down(Duration.ofSeconds(1), Duration.ofSeconds(2)), 1);
        int lost = 0;
        for (int i = 0; i < 300; i++) { // every 10 ms for 3 s: t = 1.00 s to 1.99 s are down
            LedgerEntry.Drop drop = window.offer(i * 10 * MS, i + 1, 10).drop();
            assertThat(drop).isEqualTo(i >= 100 && i < 200 ? LedgerEntry.Drop.PARTITION : LedgerEntry.Drop.NONE);
            lost += drop == LedgerEntry.Drop.PARTITION ? 1 : 0;
        }
        assertThat(lost).isEqualTo(100);

        LinkModel run = model(Link.ideal().downForDatagrams(10, 5), 1);
        List<Long> dropped = new ArrayList<>();
        for (long i = 1; i <= 30; i++) {
            if (run.offer(i * MS, i, 10).drop() == LedgerEntry.Drop.PARTITION) {
                dropped.add(i);
            }
        }
        assertThat(dropped).containsExactly(10L, 11L, 12L, 13L, 14L);

        LinkModel flapping = model(Link.ideal().flapping(Duration.ofMillis(100), Duration.ofMillis(50)), 1);
        int down = 0;
        for (int i = 0; i < 3_000; i++) {
            down += flapping.offer(i * MS, i + 1, 10).drop() == LedgerEntry.Drop.PARTITION ? 1 : 0;
        }
        assertThat(down).as("a third of each 150 ms period").isEqualTo(1_000);
    }

    @Test
    void mtu_dropsOrReportsPacketsOverIt_countingTheHeaders() {
        LinkModel drop = model(Link.ideal().mtu(1_400, Link.OverMtu.DROP), 1);
        assertThat(drop.offer(0, 1, 1_372)).isEqualTo(new LinkModel.Outcome(LedgerEntry.Drop.NONE, 0, 0, false));
        assertThat(drop.offer(0, 2, 1_373)).isEqualTo(new LinkModel.Outcome(LedgerEntry.Drop.MTU, 0, 0, true));
        LinkModel report = model(Link.ideal().mtu(1_400, Link.OverMtu.REPORT), 1);
        assertThat(report.offer(0, 1, 1_373)).isEqualTo(new LinkModel.Outcome(LedgerEntry.Drop.NONE, 0, 0, true));
    }

    @Test
    void theSameSeed_givesTheSameOutcomes_anotherSeedOthers() {
        Link link = Link.ideal().burstLoss(0.02, 0.3, 0.9, 0.01).rate(5_000_000).queueDatagrams(8)
                .delay(Duration.ofMillis(5), Duration.ofMillis(3), Link.Jitter.PARETO_NORMAL)
                .flapping(Duration.ofMillis(900), Duration.ofMillis(100));
        assertThat(run(link, 99)).isEqualTo(run(link, 99)).isNotEqualTo(run(link, 100));
    }

    private static List<LinkModel.Outcome> run(Link link, long seed) {
        LinkModel model = model(link, seed);
        List<LinkModel.Outcome> out = new ArrayList<>();
        for (int i = 1; i <= 5_000; i++) {
            out.add(model.offer(i * MS / 2, i, 200 + i % 700));
        }
        return out;
    }
}
