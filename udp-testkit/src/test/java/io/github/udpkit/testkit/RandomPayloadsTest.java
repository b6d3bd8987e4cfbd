package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.udpkit.testkit.internal.RandomPayloadsProvider;
import io.github.udpkit.testkit.internal.RandomTextProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

class RandomPayloadsTest {

    @Test
    void theEdgeSizesComeFirst_thenRandomSizesUpToTheLargest() {
        List<Payload> payloads = RandomPayloadsProvider.payloads(1024, -1, 200, 42);
        assertThat(payloads).hasSize(200);
        assertThat(payloads.subList(0, 5)).extracting(Payload::size).containsExactly(0, 1, 1023, 1024, 1025);
        assertThat(payloads.subList(0, 5)).allMatch(Payload::edge);
        assertThat(payloads.subList(5, 200)).noneMatch(Payload::edge)
                .allSatisfy(p -> assertThat(p.size()).isBetween(0, 1025));
        assertThat(payloads.stream().map(Payload::size).distinct().count()).as("random sizes vary").isGreaterThan(100);
    }

    @Test
    void theUdpMaxima_areEdgesWhereInRange() {
        assertThat(RandomPayloadsProvider.payloads(1024, 70_000, 10, 1).subList(0, 9)).extracting(Payload::size)
                .containsExactly(0, 1, 1023, 1024, 1025, 65_507, 65_508, 65_527, 65_528);
        List<Payload> nearTheMaximum = RandomPayloadsProvider.payloads(65_507, 65_520, 8, 1);
        assertThat(nearTheMaximum).filteredOn(Payload::edge).extracting(Payload::size)
                .containsExactly(0, 1, 65_506, 65_507, 65_508);
        assertThat(RandomPayloadsProvider.payloads(4, -1, 1, 1)).as("samples below the edge count: edges only")
                .extracting(Payload::size).containsExactly(0, 1, 3, 4, 5);
    }

    @Test
    void minSize_movesTheLowEdges_andBoundsTheRandomSizes() {
        List<Payload> payloads = RandomPayloadsProvider.payloads(1, 1024, -1, 300, 42);
        assertThat(payloads.subList(0, 5)).extracting(Payload::size).containsExactly(1, 2, 1023, 1024, 1025);
        assertThat(payloads).extracting(Payload::size).doesNotContain(0).allSatisfy(size ->
                assertThat(size).isBetween(1, 1025));
        assertThat(payloads.subList(5, 300).stream().mapToInt(Payload::size).min().orElseThrow()).isLessThan(20);
        assertThat(payloads.subList(5, 300).stream().mapToInt(Payload::size).max().orElseThrow()).isGreaterThan(1000);
        assertThat(RandomPayloadsProvider.payloads(100, 100, -1, 2, 1)).extracting(Payload::size)
                .containsExactly(100, 101);
        assertThat(RandomPayloadsProvider.payloads(99, 100, -1, 3, 1)).extracting(Payload::size)
                .containsExactly(99, 100, 101);
        assertThat(RandomPayloadsProvider.payloads(0, 2048, 70_000, 200, -77)).as("minSize 0 replays old seeds")
                .isEqualTo(RandomPayloadsProvider.payloads(2048, 70_000, 200, -77));
        assertThatThrownBy(() -> RandomPayloadsProvider.payloads(-1, 10, -1, 5, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("@RandomPayloads minSize must be between 0 and maxSize (10), was -1");
        assertThatThrownBy(() -> RandomPayloadsProvider.payloads(11, 10, -1, 5, 1))
                .hasMessage("@RandomPayloads minSize must be between 0 and maxSize (10), was 11");
    }

    /**
     * The pairing the javadoc describes: with the default {@code minSize} the connected sender refuses the size-0
     * case (and only it); with {@code minSize = 1}, or with {@code connected(false)}, every case passes.
     */
    @Test
    void aConnectedSender_needsMinSize1_orAnUnconnectedSenderForSize0() {
        EngineExecutionResults connectedFromZero = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ConnectedFromZero.class)).execute();
        connectedFromZero.testEvents().assertStatistics(s -> s.started(20).succeeded(19).failed(1));
        assertThat(connectedFromZero.testEvents().failed().list()).singleElement().satisfies(e -> {
            assertThat(e.getTestDescriptor().getDisplayName()).isEqualTo("[1] size=0 (edge), seed=3");
            assertThat(e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                    .getThrowable().orElseThrow()).isInstanceOf(io.github.udpkit.UdpException.class)
                    .hasMessageContaining("cannot send an empty datagram to");
        });
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ConnectedFromOne.class)).execute()
                .testEvents().assertStatistics(s -> s.started(20).succeeded(20).failed(0));
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(UnconnectedFromZero.class)).execute()
                .testEvents().assertStatistics(s -> s.started(20).succeeded(20).failed(0));
    }

    static void roundTrip(Payload payload, boolean connected) {
        try (UdpPeer peer = UdpPeer.start()) {
            io.github.udpkit.UdpSender.Builder builder = io.github.udpkit.UdpSender.builder();
            // NIO: a connected DatagramChannel cannot send an empty datagram (the native engine can)
            try (io.github.udpkit.UdpSender sender = connected
                    ? builder.engine(io.github.udpkit.UdpEngine.NIO).target(peer.address()).build()
                    : builder.bind("127.0.0.1", 0).connected(false).build()) {
                if (connected) {
                    sender.send(payload.bytes());
                } else {
                    sender.sendTo(peer.address(), payload.bytes());
                }
                assertThat(peer.take(java.time.Duration.ofSeconds(5)).payload()).isEqualTo(payload.bytes());
            }
        }
    }

    static class ConnectedFromZero {
        @ParameterizedTest
        @RandomPayloads(maxSize = 512, samples = 20, seed = "3")
        void roundTrips(Payload payload) {
            roundTrip(payload, true);
        }
    }

    static class ConnectedFromOne {
        @ParameterizedTest
        @RandomPayloads(minSize = 1, maxSize = 512, samples = 20, seed = "3")
        void roundTrips(Payload payload) {
            roundTrip(payload, true);
        }
    }

    static class UnconnectedFromZero {
        @ParameterizedTest
        @RandomPayloads(maxSize = 512, samples = 20, seed = "3")
        void roundTrips(Payload payload) {
            roundTrip(payload, false);
        }
    }

    @Test
    void theSameSeed_yieldsTheSameSizesAndBytes_anotherSeedOtherBytes() {
        List<Payload> first = RandomPayloadsProvider.payloads(2048, 70_000, 200, -77);
        List<Payload> again = RandomPayloadsProvider.payloads(2048, 70_000, 200, -77);
        assertThat(again).isEqualTo(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).bytes()).isEqualTo(first.get(i).bytes());
        }
        List<Payload> other = RandomPayloadsProvider.payloads(2048, 70_000, 200, -78);
        assertThat(other.subList(9, 200)).extracting(Payload::size)
                .isNotEqualTo(first.subList(9, 200).stream().map(Payload::size).toList());
        assertThat(other.get(4).bytes()).hasSize(2049).isNotEqualTo(first.get(4).bytes());
    }

    @Test
    void randomText_fitsItsUtf8Budget_coversEveryCharacterLength_andReplaysFromTheSeed() {
        List<String> texts = RandomTextProvider.texts(100, 200, 5);
        assertThat(texts).hasSize(200).isEqualTo(RandomTextProvider.texts(100, 200, 5));
        assertThat(texts).allSatisfy(t -> assertThat(t.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(100));
        assertThat(texts.get(0)).isEmpty();
        for (int length = 1; length <= 4; length++) {
            String one = texts.get(2 * length - 1);
            assertThat(one.codePointCount(0, one.length())).isEqualTo(1);
            assertThat(one.getBytes(StandardCharsets.UTF_8)).hasSize(length);
            assertThat(texts.get(2 * length).getBytes(StandardCharsets.UTF_8)).hasSize(100 / length * length);
        }
        assertThat(texts.get(9).getBytes(StandardCharsets.UTF_8)).as("the mixed edge fills the budget").hasSize(100);
        assertThat(texts).allSatisfy(t -> assertThat(t.chars().filter(c -> Character.isSurrogate((char) c)).count()
                % 2).isZero());
    }

    @Test
    void theSystemProperty_fixesTheSeed_andTheAnnotationsOwnSeedWins() {
        String before = System.getProperty("udpkit.seed");
        try {
            System.setProperty("udpkit.seed", "1234");
            assertThat(RandomPayloadsProvider.seed("")).isEqualTo(1234);
            assertThat(RandomPayloadsProvider.seed("99")).isEqualTo(99);
        } finally {
            if (before == null) {
                System.clearProperty("udpkit.seed");
            } else {
                System.setProperty("udpkit.seed", before);
            }
        }
    }

    @Test
    void badAttributes_areRejectedByName() {
        assertThatThrownBy(() -> RandomPayloadsProvider.payloads(0, -1, 200, 1))
                .hasMessage("@RandomPayloads maxSize must be at least 1, was 0");
        assertThatThrownBy(() -> RandomPayloadsProvider.payloads(10, 10, 200, 1))
                .hasMessage("@RandomPayloads largestSize must be -1 or between maxSize + 1 (11) and 16777216, was 10");
        assertThatThrownBy(() -> RandomPayloadsProvider.payloads(10, -1, 0, 1))
                .hasMessage("@RandomPayloads samples must be at least 1, was 0");
        assertThatThrownBy(() -> RandomPayloadsProvider.seed("x1")).hasMessage("seed must be a long, was 'x1'");
        assertThatThrownBy(() -> RandomTextProvider.texts(3, 10, 1))
                .hasMessage("@RandomText maxUtf8Bytes must be at least 4, was 3");
    }

    /** Run through the engine: {@link PayloadFixture} is not picked up by Surefire (nested class). */
    @Test
    void displayNames_showSizeAndSeed_andEveryCaseRuns() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(PayloadFixture.class)).execute();
        results.testEvents().assertStatistics(s -> s.started(7).succeeded(7));
        assertThat(results.testEvents().started().list()).extracting(Event::getTestDescriptor)
                .extracting(d -> d.getDisplayName()).containsExactly(
                        "[1] size=0 (edge), seed=42", "[2] size=1 (edge), seed=42", "[3] size=15 (edge), seed=42",
                        "[4] size=16 (edge), seed=42", "[5] size=17 (edge), seed=42",
                        "[6] size=" + RandomPayloadsProvider.payloads(16, -1, 7, 42).get(5).size() + ", seed=42",
                        "[7] size=" + RandomPayloadsProvider.payloads(16, -1, 7, 42).get(6).size() + ", seed=42");
    }

    static class PayloadFixture {
        @ParameterizedTest
        @RandomPayloads(maxSize = 16, samples = 7, seed = "42")
        void payload(Payload payload) {
            assertThat(payload.seed()).isEqualTo(42);
            assertThat(payload.bytes()).hasSize(payload.size());
        }
    }
}
