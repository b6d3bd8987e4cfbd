package io.github.udpkit.samples.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.Faults;
import io.github.udpkit.testkit.LedgerEntry;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The receiver behind a link that drops, duplicates, reorders, truncates and corrupts (fixed seed): it prints exactly
 * one line per datagram the link delivered, the line the parser gives for exactly those bytes, and nothing else;
 * nothing the link does makes it throw.
 */
@UdpTest
@Timeout(60)
class SyslogThroughProxyTest {
    private static final int MESSAGES = 300;
    private static final int BATCH = 20;
    private static final List<String> TEMPLATES = List.of(
            "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed",
            "<165>1 2003-10-11T22:14:15.003Z host evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventID=\"1011\"] msg",
            "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
            "<30>Oct  9 22:33:20 hlfedora auditd[1787]: The audit daemon is exiting.",
            "Use the BFG!");

    /** The proxy has seen {@code count} datagrams, and the server has received all that it sent on. */
    private static boolean caughtUp(UdpFaultProxy proxy, SyslogServer server, int count) {
        var totals = proxy.ledger().totals(Direction.TO_TARGET);
        return totals.received() == count && server.received() == totals.datagramsSent();
    }

    /** The bytes the proxy sent for an entry: cut to its sent size, bits flipped (see {@link LedgerEntry}). */
    private static byte[] delivered(byte[] sent, LedgerEntry entry) {
        byte[] out = Arrays.copyOf(sent, entry.sentSize());
        for (int bit : entry.flippedBits()) {
            out[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return out;
    }

    @Test
    void printsExactlyWhatTheLinkDelivered_andNeverThrows(UdpPeer device, UdpFaultProxy.Builder link) {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (SyslogServer server = SyslogServer.start(new InetSocketAddress("127.0.0.1", 0), 8192,
                m -> lines.add(SyslogServer.line(m)));
             UdpFaultProxy proxy = link.target(server.localAddress()).seed(5424_3164L)
                     .toTarget(Faults.none().dropProbability(0.1).duplicateProbability(0.1).reorder(0.2, 3)
                             .truncate(40, 0.3).corrupt(0.3, 8))
                     .start()) {
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                byte[] message = (TEMPLATES.get(i % TEMPLATES.size()) + " #" + i).getBytes(StandardCharsets.UTF_8);
                sent.add(message);
                device.sendTo(proxy.address(), message);
                if (sent.size() % BATCH == 0) {
                    // Paced, so that no datagram is lost to a full socket buffer, only to the proxy's decisions:
                    // a burst of hundreds of small datagrams can overflow a default receive buffer on loopback.
                    int count = sent.size();
                    await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp(proxy, server, count));
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp(proxy, server, MESSAGES));
            List<String> expected = new ArrayList<>();
            for (LedgerEntry entry : proxy.ledger().entries(Direction.TO_TARGET)) {
                byte[] bytes = delivered(sent.get((int) entry.sequence() - 1), entry);
                for (int copy = 0; copy < entry.copies(); copy++) {
                    expected.add(SyslogServer.line(SyslogParser.parse(bytes)));
                }
            }
            await().atMost(Duration.ofSeconds(10)).alias(proxy.report())
                    .until(() -> lines.size() >= expected.size());
            assertThat(lines).as(proxy.report()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(server.received()).isEqualTo(expected.size());
            assertThat(server.listenerFailures()).isZero();
            // the faults really happened
            assertThat(proxy.ledger().totals(Direction.TO_TARGET)).satisfies(t -> {
                assertThat(t.dropped()).isPositive();
                assertThat(t.duplicated()).isPositive();
                assertThat(t.truncated()).isPositive();
                assertThat(t.corrupted()).isPositive();
                assertThat(t.reordered()).isPositive();
            });
            assertThat(lines).anyMatch(line -> line.startsWith("unparsed ("));
        }
    }
}
