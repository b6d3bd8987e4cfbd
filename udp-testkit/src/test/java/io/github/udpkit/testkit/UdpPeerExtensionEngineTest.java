package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs the {@link ExtensionFixtures} through JUnit's engine and checks what JUnit reports. */
@Timeout(120)
class UdpPeerExtensionEngineTest {

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    private static Throwable onlyFailure(EngineExecutionResults results) {
        results.testEvents().assertStatistics(s -> s.started(1).failed(1).succeeded(0));
        List<Event> failed = results.testEvents().failed().list();
        return failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    /** The capture file a failure's report names. */
    static Path captureOf(Throwable failure) {
        String report = failure.getSuppressed()[0].getMessage();
        int at = report.lastIndexOf("\ncapture: ");
        assertThat(at).as("a capture line in " + report).isPositive();
        return Path.of(report.substring(at + "\ncapture: ".length(), report.lastIndexOf(" (")));
    }

    private static List<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    @Test
    void aFailingTest_carriesThePeersJournalInItsFailure_andKeepsItsOwnMessage() {
        Throwable failure = onlyFailure(run(ExtensionFixtures.FailsAfterReceiving.class));
        UdpPeer peer = ExtensionFixtures.FailsAfterReceiving.PEER.get();

        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("the real answer", "what the test wanted");
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(failure.getSuppressed()[0].getMessage()).isEqualTo(
                "udpkit peers and proxies of deliberately failing test when it failed:\n" + peer.journalReport()
                        + "\ncapture: " + captureOf(failure) + " (2 packets; open with Wireshark or tshark -r)");
        assertThat(captureOf(failure)).exists().hasParent(Path.of("target/udpkit-captures/FailsAfterReceiving")
                .toAbsolutePath()).extracting(p -> p.getFileName().toString()).asString().matches(
                "fails-[0-9a-f]{8}\\.pcapng");
        assertThat(peer.journalReport())
                .startsWith("UdpPeer " + peer.address() + "\njournal (2 datagrams):\n  #1 from ")
                .contains(": 5 bytes \"hello\"\n  #2 from ").endsWith(": 3 bytes 0x000102");
        assertThat(peer.isOpen()).as("closed after the test").isFalse();
        assertThat(liveThreadNames()).doesNotContain("udpkit-peer-" + peer.address());
    }

    @Test
    void aFailingTestWithAProxy_carriesTheSeedAndLedger_andBothAreClosed() {
        Throwable failure = onlyFailure(run(ExtensionFixtures.FailsWithAProxy.class));
        UdpPeer server = ExtensionFixtures.FailsWithAProxy.SERVER.get();
        UdpFaultProxy proxy = ExtensionFixtures.FailsWithAProxy.PROXY.get();

        assertThat(failure).hasMessageStartingWith(server + ": expected 2 datagrams within 500 ms, received 1");
        String attached = failure.getSuppressed()[0].getMessage();
        assertThat(attached).isEqualTo("udpkit peers and proxies of deliberately failing test with a proxy when it "
                + "failed:\n" + server.journalReport() + "\n" + proxy.report() + "\ncapture: " + captureOf(failure)
                + " (4 packets; open with Wireshark or tshark -r)");
        assertThat(attached).contains("seed " + proxy.seed() + " (replay with -Dudpkit.seed=" + proxy.seed())
                .contains("TO_TARGET #2 (client 1, 3 bytes): dropped (EVERY_NTH)");
        assertThat(server.isOpen()).isFalse();
        assertThat(liveThreadNames()).doesNotContain("udpkit-proxy-" + proxy.address(),
                "udpkit-proxy-" + proxy.address() + "-send", "udpkit-peer-" + server.address());
    }

    @Test
    void aFailingBeforeEach_carriesTheJournalToo() {
        Throwable failure = onlyFailure(run(ExtensionFixtures.FailsInBeforeEach.class));
        UdpPeer peer = ExtensionFixtures.FailsInBeforeEach.PEER.get();
        assertThat(failure).isExactlyInstanceOf(IllegalStateException.class).hasMessage("setup failed on purpose");
        assertThat(failure.getSuppressed()).singleElement().extracting(Throwable::getMessage).isEqualTo(
                "udpkit peers and proxies of neverRuns() when it failed:\n" + peer.journalReport()
                        + "\ncapture: " + captureOf(failure) + " (2 packets; open with Wireshark or tshark -r)");
        assertThat(peer.journalReport()).endsWith(": 9 bytes \"to myself\"");
        assertThat(peer.isOpen()).isFalse();
    }

    @Test
    void aRegisterExtensionField_injectsAConfiguredPeer_andAPassingTestGetsNothingAttached() {
        EngineExecutionResults results = run(ExtensionFixtures.RegisteredAsField.class);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        assertThat(ExtensionFixtures.RegisteredAsField.PEER.get().isOpen()).isFalse();
    }

    @Test
    void underParallelExecution_peersGetDistinctPorts_testsOverlap_andNoThreadIsLeft() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ExtensionFixtures.ParallelPeers.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism",
                        String.valueOf(ExtensionFixtures.ParallelPeers.PARALLELISM))
                .execute();
        results.testEvents().assertStatistics(s -> s.started(8).succeeded(8).failed(0));
        List<InetSocketAddress> addresses = List.copyOf(ExtensionFixtures.ParallelPeers.ADDRESSES);
        assertThat(addresses).hasSize(16);
        List<String> live = liveThreadNames();
        assertThat(addresses).allSatisfy(a -> assertThat(live).doesNotContain("udpkit-peer-" + a));
    }
}
