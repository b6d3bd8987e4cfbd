package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpClient;
import io.github.udpkit.UdpClientStats;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpTimeoutException;
import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.Faults;
import io.github.udpkit.testkit.Ledger;
import io.github.udpkit.testkit.LedgerEntry;
import io.github.udpkit.testkit.LedgerTotals;
import io.github.udpkit.testkit.UdpFaultProxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 concurrent requests from one {@link UdpClient} to an echo server behind a proxy that drops 20% and duplicates
 * 10% of the datagrams both ways, from a fixed seed. Each request has its own size (4 + its index bytes), so the
 * ledger (which records sizes, never contents) tells what happened to each request's attempts and to each reply: a
 * request must complete exactly when at least one copy of its reply got through, with its own bytes, and every other
 * reply copy must be counted as late.
 */
@Timeout(120)
class ClientUnderFaultsTest {
    private static final int REQUESTS = 1_000;
    private static final long SEED = 20_261_201L;
    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private static byte[] request(int index) {
        ByteBuffer bytes = ByteBuffer.allocate(4 + index).putInt(index);
        while (bytes.hasRemaining()) {
            bytes.put((byte) (bytes.position() * 31 + index));
        }
        return bytes.array();
    }

    @Test
    void everyRequestCompletesOrTimesOut_exactlyAsTheLedgerPredicts() {
        Faults faults = Faults.none().dropProbability(0.2).duplicateProbability(0.1);
        try (UdpReceiver server = UdpReceiver.builder().onRequest((d, r) -> r.reply(d, d.payload())).start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.localAddress()).seed(SEED)
                     .bothWays(faults).start();
             UdpClient client = UdpClient.builder().target(proxy.address())
                     .correlate(b -> ByteBuffer.wrap(b).getInt(), b -> b.length < 4 ? -1 : ByteBuffer.wrap(b).getInt())
                     .retries(2, Duration.ofMillis(300), 2.0, Duration.ofSeconds(1)).build()) {
            List<CompletableFuture<Datagram>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                futures.add(client.request(request(i), TIMEOUT));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(t -> null).join();
            LedgerTotals toClient = proxy.ledger().totals(Direction.TO_CLIENT);
            // settled: the proxy forwarded everything, and both ends read it and counted every outcome
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.inFlight() == 0
                    && client.receiverStats().received() == proxy.ledger().totals(Direction.TO_CLIENT)
                            .datagramsSent() && client.receiverStats().inFlight() == 0
                    && server.stats().received() == proxy.ledger().totals(Direction.TO_TARGET).datagramsSent()
                    && server.stats().inFlight() == 0);
            Ledger ledger = proxy.ledger();
            toClient = ledger.totals(Direction.TO_CLIENT);
            LedgerTotals toServer = ledger.totals(Direction.TO_TARGET);

            Set<Integer> answeredSizes = new HashSet<>();
            for (LedgerEntry e : ledger.entries(Direction.TO_CLIENT)) {
                if (!e.dropped()) {
                    answeredSizes.add(e.size());
                }
            }
            int completed = 0;
            for (int i = 0; i < REQUESTS; i++) {
                CompletableFuture<Datagram> f = futures.get(i);
                boolean predicted = answeredSizes.contains(4 + i);
                if (predicted) {
                    assertThat(f.join().payload()).as("reply of request %d", i).isEqualTo(request(i));
                    completed++;
                } else {
                    assertThat(f).as("request %d, whose replies the link dropped", i).isCompletedExceptionally();
                    Throwable t = f.handle((d, e) -> e).join();
                    assertThat(t instanceof CompletionException ? t.getCause() : t)
                            .isInstanceOf(UdpTimeoutException.class);
                }
            }
            UdpClientStats stats = client.stats();
            assertThat(stats.requests()).isEqualTo(REQUESTS);
            assertThat(stats.matched()).isEqualTo(completed);
            assertThat(stats.timeouts()).isEqualTo(REQUESTS - completed);
            assertThat(stats.failed() + stats.cancelled() + stats.inFlight()).isZero();
            assertThat(stats.sent()).isEqualTo(toServer.received()).isEqualTo(REQUESTS + stats.retries());
            assertThat(server.stats().received()).isEqualTo(toServer.datagramsSent());
            assertThat(stats.late()).isEqualTo(toClient.datagramsSent() - completed);
            assertThat(stats.unmatched()).isZero();
            // the faults really happened, and the client really retried, timed out and saw duplicates
            assertThat(toServer.dropped()).isPositive();
            assertThat(toClient.duplicated()).isPositive();
            assertThat(stats.retries()).isPositive();
            assertThat(stats.timeouts()).isPositive();
            assertThat(stats.late()).isPositive();
            System.out.println("FIGURE client under faults seed " + SEED + ": " + stats + "; to server " + toServer
                    + "; to client " + toClient);
        }
    }
}
