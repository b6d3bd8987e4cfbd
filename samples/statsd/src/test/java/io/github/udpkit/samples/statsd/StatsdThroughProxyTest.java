package io.github.udpkit.samples.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.Faults;
import io.github.udpkit.testkit.LedgerEntry;
import io.github.udpkit.testkit.LedgerTotals;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client through a link that drops, duplicates and reorders datagrams (fixed seed): what reaches the collector is
 * exactly the client's datagrams that the link let through, each made of whole lines. Loss costs whole datagrams,
 * never part of a line.
 */
@UdpTest
@Timeout(60)
class StatsdThroughProxyTest {
    @Test
    void theCollectorGetsWholeDatagramsOfWholeLines_exactlyThoseTheLinkDelivered(UdpPeer collector,
                                                                                  UdpFaultProxy.Builder link) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            lines.add("metric." + i + ":" + (i * 7) + "|c");
        }
        // What the client must send: the same lines packed into datagrams of at most 256 bytes.
        List<byte[]> datagrams = new ArrayList<>();
        StatsdPacker packer = new StatsdPacker(256, (bytes, count) -> datagrams.add(bytes));
        lines.forEach(packer::add);
        packer.flush();
        try (UdpFaultProxy proxy = link.target(collector.address()).seed(8125L)
                     .toTarget(Faults.none().dropProbability(0.2).duplicateProbability(0.2).reorder(0.3, 2))
                     .start();
             StatsdClient client = StatsdClient.builder().target(proxy.address()).maxDatagramSize(256)
                     .flushInterval(Duration.ZERO).build()) {
            for (int i = 0; i < 400; i++) {
                client.count("metric." + i, i * 7);
            }
            client.flush();
            assertThat(client.stats().datagramsSent()).isEqualTo(datagrams.size());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxy.ledger().totals(Direction.TO_TARGET).received() == datagrams.size());
            List<String> expected = new ArrayList<>();
            for (LedgerEntry entry : proxy.ledger().entries(Direction.TO_TARGET)) {
                for (int copy = 0; copy < entry.copies(); copy++) {
                    expected.add(new String(datagrams.get((int) entry.sequence() - 1), StandardCharsets.UTF_8));
                }
            }
            List<String> received = collector.take(expected.size(), Duration.ofSeconds(10)).stream()
                    .map(Datagram::text).toList();
            collector.expectNothing(Duration.ofMillis(200));
            assertThat(received).as(proxy.report()).containsExactlyInAnyOrderElementsOf(expected);
            for (String datagram : received) {
                assertThat(lines).as("every line whole").containsAll(List.of(datagram.split("\n")));
            }
            LedgerTotals totals = proxy.ledger().totals(Direction.TO_TARGET);
            assertThat(List.of(totals.dropped(), totals.duplicated(), totals.reordered()))
                    .as("every kind of fault happened").allMatch(n -> n > 0);
        }
    }
}
