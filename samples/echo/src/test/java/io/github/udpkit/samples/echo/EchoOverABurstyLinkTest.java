package io.github.udpkit.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.LedgerEntry;
import io.github.udpkit.testkit.Link;
import io.github.udpkit.testkit.PcapReplay;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The echo client over a link that behaves like a real one: a 1 Mbit/s bottleneck, 5 ms +- 1 ms of normal jitter both
 * ways, and Gilbert-Elliott burst loss towards the server (fixed seed). Every request completes, each retry answers
 * exactly one loss the ledger names, and the run's capture is written for Wireshark.
 */
@UdpTest
@Timeout(120)
class EchoOverABurstyLinkTest {
    private static final int REQUESTS = 100;

    @Test
    void burstLoss_everyRetryAnswersALossTheLedgerNames_andTheCaptureHasEveryPacket(UdpFaultProxy.Builder proxies) {
        Link path = Link.ideal().rate(1_000_000).delay(Duration.ofMillis(5), Duration.ofMillis(1), Link.Jitter.NORMAL);
        try (EchoServer server = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), 1472, line -> { });
             UdpFaultProxy proxy = proxies.target(server.localAddress()).seed(2)
                     .link(Direction.TO_TARGET, path.burstLoss(0.05, 0.3, 1.0, 0.0)) // 14 % lost, bursts of 3.3
                     .link(Direction.TO_CLIENT, path)
                     .start();
             // The round trip is about 10 ms: a 300 ms timeout only ever fires for a lost request.
             EchoClient client = EchoClient.open(proxy.address(), Duration.ofMillis(300), 20, 1.0,
                     Duration.ofMillis(300))) {
            for (int i = 0; i < REQUESTS; i++) {
                String request = "request " + i;
                EchoReply reply = client.request(request);
                assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).as(proxy.report()).isEqualTo(request);
            }
            EchoClient.Stats stats = client.stats();
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.inFlight() == 0);
            long burstLosses = proxy.ledger().entries(Direction.TO_TARGET).stream()
                    .filter(e -> e.drop() == LedgerEntry.Drop.BURST_LOSS).count();
            assertThat(stats.answered()).isEqualTo(REQUESTS);
            assertThat(stats.retries()).as(proxy.report()).isEqualTo(burstLosses).isPositive();
            assertThat(proxy.ledger().totals(Direction.TO_CLIENT).dropped()).isZero();
            assertThat(stats.stale()).isZero();

            Path capture = proxy.writeCapture(Path.of("target/echo-over-a-bursty-link.pcapng"));
            long packets = proxy.ledger().totals(Direction.TO_TARGET).received()
                    + proxy.ledger().totals(Direction.TO_TARGET).datagramsSent()
                    + proxy.ledger().totals(Direction.TO_CLIENT).received()
                    + proxy.ledger().totals(Direction.TO_CLIENT).datagramsSent();
            assertThat(PcapReplay.read(capture).datagrams()).hasSize((int) packets);
            System.out.println("bursty link: " + REQUESTS + " requests, " + stats.attempts() + " attempts, "
                    + burstLosses + " burst losses; capture " + capture.toAbsolutePath());
        }
    }
}
