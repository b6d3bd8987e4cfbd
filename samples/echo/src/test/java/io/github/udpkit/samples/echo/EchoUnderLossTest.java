package io.github.udpkit.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.Faults;
import io.github.udpkit.testkit.LedgerTotals;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The echo client against a link that drops half of all datagrams, both ways (fixed seed): every request still
 * completes, and the client's count of attempts matches, exactly, what the proxy saw.
 */
@UdpTest
@Timeout(120)
class EchoUnderLossTest {
    private static final int REQUESTS = 100;

    @Test
    void halfOfAllDatagramsDropped_all100RequestsComplete_andTheRetriesAreReported(UdpFaultProxy.Builder link) {
        try (EchoServer server = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), 1472, line -> { });
             UdpFaultProxy proxy = link
                     .target(server.localAddress())
                     .seed(5_2026_1124L)
                     .bothWays(Faults.none().dropProbability(0.5))
                     .start();
             // A request gets through both ways with probability 1/4: 40 attempts leave a failure chance of 1e-5.
             EchoClient client = EchoClient.open(proxy.address(), Duration.ofMillis(20), 40, 1.5,
                     Duration.ofMillis(40))) {
            long retriesReported = 0;
            int lastAttempt = 0;
            for (int i = 0; i < REQUESTS; i++) {
                String request = "request " + i;
                EchoReply reply = client.request(request);
                assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).as(proxy.report()).isEqualTo(request);
                assertThat(reply.attempt()).isBetween(1, 40);
                retriesReported += reply.attempt() - 1;
                lastAttempt = reply.attempt();
            }
            EchoClient.Stats stats = client.stats();
            assertThat(stats.requests()).isEqualTo(REQUESTS);
            assertThat(stats.answered()).isEqualTo(REQUESTS);
            assertThat(stats.failed()).isZero();
            assertThat(stats.retries()).isEqualTo(retriesReported).isEqualTo(stats.attempts() - REQUESTS)
                    .isPositive();
            // Every attempt went through the proxy; every request it let through was echoed once.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                LedgerTotals toServer = proxy.ledger().totals(Direction.TO_TARGET);
                assertThat(toServer.received()).isEqualTo(stats.attempts());
                assertThat(server.echoed()).isEqualTo(toServer.datagramsSent());
                assertThat(proxy.ledger().totals(Direction.TO_CLIENT).received()).isEqualTo(server.echoed());
            });
            LedgerTotals toServer = proxy.ledger().totals(Direction.TO_TARGET);
            LedgerTotals toClient = proxy.ledger().totals(Direction.TO_CLIENT);
            assertThat(toServer.dropRate()).as(proxy.report()).isBetween(0.35, 0.65);
            assertThat(toClient.dropRate()).as(proxy.report()).isBetween(0.35, 0.65);
            // The answers that came through are the 100 echoes and the late ones, which the client read as stale;
            // only late answers to the last request's earlier attempts can still be unread when it returns.
            assertThat(toClient.datagramsSent()).isBetween(REQUESTS + stats.stale(),
                    REQUESTS + stats.stale() + lastAttempt - 1);
            System.out.println("50% loss both ways: " + REQUESTS + " requests took " + stats.attempts()
                    + " attempts (" + stats.retries() + " retries, " + stats.stale() + " stale answers); " + proxy);
        }
    }
}
