package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.testkit.Faults;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault survival: each fault alone and all of them combined, each with several fixed seeds, over 2,000 datagrams per
 * run. The receiver keeps running, and its stats and the bytes it handed to listeners account exactly for the proxy's
 * ledger (see {@link FaultRun}).
 */
@Timeout(120)
class FaultSurvivalTest {
    static final int DATAGRAMS = 2_000;
    static final long[] SEEDS = {1L, 42L, 20_261_124L};

    static final Map<String, Faults> FAULTS = Map.of(
            "drop", Faults.none().dropProbability(0.2).dropFirst(3).dropEvery(50),
            "duplicate", Faults.none().duplicateProbability(0.25),
            "reorder", Faults.none().reorder(0.2, 3, Duration.ofMillis(20)),
            "delay", Faults.none().delay(Duration.ofMillis(1), Duration.ofMillis(4)),
            "truncate", Faults.none().truncate(300, 0.3),
            "corrupt", Faults.none().corrupt(0.3, 3),
            "combined", Faults.none().dropProbability(0.1).duplicateProbability(0.1)
                    .reorder(0.1, 2, Duration.ofMillis(20)).delay(Duration.ZERO, Duration.ofMillis(2))
                    .truncate(300, 0.2).corrupt(0.2, 2));

    static Stream<Arguments> runs() {
        return FAULTS.keySet().stream().sorted()
                .flatMap(name -> java.util.Arrays.stream(SEEDS).mapToObj(seed -> Arguments.of(name, seed)));
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("runs")
    void everyDatagramTheLinkDeliveredIsAccountedFor(String name, long seed) {
        FaultRun run = new FaultRun(seed, FAULTS.get(name), DATAGRAMS, 50);
        FaultRun.Outcome outcome = run.runAndCheck();
        // the fault was really applied in this run (a run in which nothing happened would prove nothing)
        long applied = switch (name) {
            case "drop" -> outcome.totals().dropped();
            case "duplicate" -> outcome.totals().duplicated();
            case "reorder" -> outcome.totals().reordered();
            case "delay" -> outcome.totals().delayed();
            case "truncate" -> outcome.totals().truncated();
            case "corrupt" -> outcome.totals().corrupted();
            default -> Math.min(Math.min(outcome.totals().dropped(), outcome.totals().duplicated()),
                    Math.min(outcome.totals().reordered(), Math.min(outcome.totals().truncated(),
                            outcome.totals().corrupted())));
        };
        assertThat(applied).as(name + " applied").isPositive();
        assertThat(outcome.stats().truncated()).as("receiver-side truncation exercised").isPositive();
        assertThat(outcome.stats().listenerFailures()).as("listener failures exercised").isPositive();
        System.out.println("FIGURE fault " + name + " seed " + seed + ": sent " + DATAGRAMS + ", link "
                + outcome.totals() + ", receiver " + outcome.stats());
    }

    @ParameterizedTest(name = "combined with the zero-copy onDatagramView listener, seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {3L})
    void everyDatagramIsAccountedFor_onTheZeroCopyPath(long seed) {
        FaultRun run = new FaultRun(seed, FAULTS.get("combined"), DATAGRAMS, 50);
        run.view = true;
        FaultRun.Outcome outcome = run.runAndCheck();
        assertThat(outcome.totals().dropped()).isPositive();
        assertThat(outcome.stats().listenerFailures()).isPositive();
        System.out.println("FIGURE fault combined-view seed " + seed + ": sent " + DATAGRAMS + ", link "
                + outcome.totals() + ", receiver " + outcome.stats());
    }

    @ParameterizedTest(name = "combined over IPv6, seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {7L})
    void everyDatagramIsAccountedFor_overIpv6(long seed) throws Exception {
        java.net.InetSocketAddress ipv6 = new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), 0);
        FaultRun.Outcome outcome = new FaultRun(seed, FAULTS.get("combined"), DATAGRAMS, 50, ipv6).runAndCheck();
        assertThat(outcome.totals().dropped()).isPositive();
        assertThat(outcome.totals().corrupted()).isPositive();
        System.out.println("FIGURE fault combined-ipv6 seed " + seed + ": sent " + DATAGRAMS + ", link "
                + outcome.totals() + ", receiver " + outcome.stats());
    }
}
