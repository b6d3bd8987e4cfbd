package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.udpkit.UdpSender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The extension's captures: kept on failure (named in the report), always, or never; replayed by the seed. */
@Timeout(120)
class CaptureExtensionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }

    private static Throwable onlyFailure(EngineExecutionResults results) {
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        return results.testEvents().failed().list().get(0).getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    @Test
    void aFailingTestsCapture_opensInTsharkWithNoMalformedPacket_andTheSeedReplaysTheRun() throws Exception {
        String before = System.getProperty(UdpFaultProxy.SEED_PROPERTY);
        Throwable first;
        Throwable second;
        Ledger firstLedger;
        try {
            System.setProperty(UdpFaultProxy.SEED_PROPERTY, "20261201");
            first = onlyFailure(run(FailsWithSyslogTraffic.class));
            firstLedger = FailsWithSyslogTraffic.PROXY.get().ledger();
            second = onlyFailure(run(FailsWithSyslogTraffic.class));
        } finally {
            if (before == null) {
                System.clearProperty(UdpFaultProxy.SEED_PROPERTY);
            } else {
                System.setProperty(UdpFaultProxy.SEED_PROPERTY, before);
            }
        }
        Ledger secondLedger = FailsWithSyslogTraffic.PROXY.get().ledger();
        assertThat(firstLedger.seed()).isEqualTo(20261201L);
        assertThat(secondLedger).as("-Dudpkit.seed replays the same run").isEqualTo(firstLedger);
        assertThat(firstLedger.totals(Direction.TO_TARGET).dropped()).isPositive();

        Path file = UdpPeerExtensionEngineTest.captureOf(first);
        assertThat(UdpPeerExtensionEngineTest.captureOf(second)).isEqualTo(file);
        assertThat(file).exists();
        Tshark.require();
        assertThat(Tshark.run(file, "-Y", "_ws.malformed || _ws.expert.severity >= error")).isEmpty();
        long delivered = secondLedger.totals(Direction.TO_TARGET).datagramsSent();
        // syslog on its port: decoded by name; the server's copies are on interface 0 (the peer's).
        List<String> messages = Tshark.run(file, "-d", "udp.port==" + FailsWithSyslogTraffic.SERVER.get().port()
                + ",syslog", "-Y", "syslog && frame.interface_id == 0", "-T", "fields", "-e", "syslog.msg");
        assertThat(messages).hasSize((int) delivered).containsExactlyElementsOf(secondLedger.entries().stream()
                .filter(e -> !e.dropped()).map(e -> "Oct 11 22:14:15 host app: event " + (e.sequence() - 1))
                .toList());
        List<String> comments = Tshark.run(file, "-T", "fields", "-e", "frame.comment");
        assertThat(comments).filteredOn(c -> c.startsWith("received; TO_TARGET")).hasSize(40)
                .allSatisfy(c -> assertThat(c).endsWith("; seed 20261201"));
        List<String> interfaces = Tshark.run(file, "-T", "fields", "-e", "frame.interface_name");
        assertThat(interfaces.stream().distinct()).containsExactlyInAnyOrder(
                "udpkit-peer " + FailsWithSyslogTraffic.SERVER.get().address(),
                "udpkit-proxy " + FailsWithSyslogTraffic.PROXY.get().address() + " (clients)",
                "udpkit-proxy " + FailsWithSyslogTraffic.PROXY.get().address() + " (to "
                        + FailsWithSyslogTraffic.SERVER.get().address() + ")");
    }

    @Test
    void always_writesThePassingTestsCapture_andNever_writesNothingAndNamesNoFile() throws Exception {
        run(CapturesAlways.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Path dir = Path.of("target/udpkit-captures/CapturesAlways");
        try (var files = Files.list(dir)) {
            List<Path> written = files.toList();
            assertThat(written).singleElement().satisfies(p -> assertThat(p.getFileName().toString())
                    .matches("passes-[0-9a-f]{8}\\.pcapng"));
            assertThat(Files.readAllBytes(written.get(0))).startsWith(0x0A, 0x0D, 0x0D, 0x0A);
        }
        Throwable failure = onlyFailure(run(CapturesNever.class));
        assertThat(failure.getSuppressed()[0].getMessage()).doesNotContain("capture:");
        assertThat(Path.of("target/udpkit-captures/CapturesNever")).doesNotExist();
    }

    @Test
    void aBadModeProperty_failsAPassingTestByName_butNeverHidesAFailingTestsOwnFailure() {
        String before = System.getProperty(UdpCapture.MODE_PROPERTY);
        try {
            System.setProperty(UdpCapture.MODE_PROPERTY, "sometimes");
            Throwable passing = onlyFailure(run(PassesWithoutAnnotation.class));
            assertThat(passing).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("system property udpkit.capture must be always, on-failure or never, was 'sometimes'");
            Throwable failing = onlyFailure(run(FailsWithoutAnnotation.class));
            assertThat(failing).isExactlyInstanceOf(AssertionError.class).hasMessage("failing on purpose");
            assertThat(failing.getSuppressed()[0].getMessage()).endsWith("\ncapture: not written: system property "
                    + "udpkit.capture must be always, on-failure or never, was 'sometimes'");
        } finally {
            if (before == null) {
                System.clearProperty(UdpCapture.MODE_PROPERTY);
            } else {
                System.setProperty(UdpCapture.MODE_PROPERTY, before);
            }
        }
    }

    @UdpTest
    static class PassesWithoutAnnotation {
        @Test
        void passes(UdpPeer peer) {
            assertThat(peer.isOpen()).isTrue();
        }
    }

    @UdpTest
    static class FailsWithoutAnnotation {
        @Test
        void fails(UdpPeer peer) {
            throw new AssertionError("failing on purpose");
        }
    }

    @UdpTest
    static class FailsWithSyslogTraffic {
        static final AtomicReference<UdpPeer> SERVER = new AtomicReference<>();
        static final AtomicReference<UdpFaultProxy> PROXY = new AtomicReference<>();

        @Test
        void fails(UdpPeer server, UdpFaultProxy.Builder proxies) {
            SERVER.set(server);
            UdpFaultProxy proxy = proxies.target(server.address()).toTarget(Faults.none().dropProbability(0.2))
                    .link(Direction.TO_TARGET, Link.ideal().burstLoss(0.05, 0.5, 1.0, 0.0)).start();
            PROXY.set(proxy);
            try (UdpSender device = UdpSender.builder().target(proxy.address()).build()) {
                for (int i = 0; i < 40; i++) {
                    device.send(("<34>Oct 11 22:14:15 host app: event " + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            await().atMost(WAIT).until(() -> proxy.ledger().entries().size() == 40 && proxy.inFlight() == 0
                    && server.receivedCount() == proxy.ledger().totals(Direction.TO_TARGET).datagramsSent());
            throw new AssertionError("failing on purpose after " + server.receivedCount() + " of 40");
        }
    }

    @UdpTest
    @UdpCapture(UdpCapture.Mode.ALWAYS)
    static class CapturesAlways {
        @Test
        void passes(UdpPeer peer) {
            peer.sendTo(peer.address(), "kept");
            assertThat(peer.take(WAIT).text()).isEqualTo("kept");
        }
    }

    @UdpTest
    @UdpCapture(UdpCapture.Mode.NEVER)
    static class CapturesNever {
        @Test
        void fails(UdpPeer peer) {
            peer.sendTo(peer.address(), "not kept");
            peer.take(WAIT);
            throw new AssertionError("failing on purpose");
        }
    }
}
