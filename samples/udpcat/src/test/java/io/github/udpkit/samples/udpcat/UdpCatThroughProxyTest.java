package io.github.udpkit.samples.udpcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.Faults;
import io.github.udpkit.testkit.LedgerEntry;
import io.github.udpkit.testkit.LedgerTotals;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code udpcat listen --hex} behind a link that drops, duplicates, reorders, truncates and corrupts (fixed seed): it
 * prints one line per datagram the link delivered, exactly those bytes, and nothing else.
 */
@UdpTest
@Timeout(60)
class UdpCatThroughProxyTest {
    private static final int DATAGRAMS = 200;
    private static final int BATCH = 20;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    /** The complete lines printed so far (a line being written is left for the next look). */
    private List<String> printed() {
        String text = outBytes.toString(StandardCharsets.UTF_8);
        return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    }

    private static boolean caughtUp(UdpFaultProxy proxy, UdpCat.Listener listener, int count) {
        LedgerTotals totals = proxy.ledger().totals(Direction.TO_TARGET);
        return totals.received() == count && listener.received() == totals.datagramsSent();
    }

    @Test
    void listenPrintsExactlyWhatTheLinkDelivered(UdpPeer sender, UdpFaultProxy.Builder link) {
        UdpCat.Options options = UdpCat.Options.parse(new String[] {"listen", "--port", "0", "--hex"}, out);
        try (UdpCat.Listener listener = UdpCat.listen(options, out, err, () -> { });
             UdpFaultProxy proxy = link.target(listener.localAddress()).seed(9_9999L)
                     .toTarget(Faults.none().dropProbability(0.1).duplicateProbability(0.1).reorder(0.2, 3)
                             .truncate(64, 0.3).corrupt(0.3, 4))
                     .start()) {
            Random random = new Random(42);
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < DATAGRAMS; i++) {
                byte[] payload = new byte[1 + random.nextInt(300)];
                random.nextBytes(payload);
                sent.add(payload);
                sender.sendTo(proxy.address(), payload);
                if (sent.size() % BATCH == 0) { // paced: nothing may be lost to a full socket buffer
                    int count = sent.size();
                    await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp(proxy, listener, count));
                }
            }
            List<String> expected = new ArrayList<>();
            for (LedgerEntry entry : proxy.ledger().entries(Direction.TO_TARGET)) {
                byte[] bytes = Arrays.copyOf(sent.get((int) entry.sequence() - 1), entry.sentSize());
                for (int bit : entry.flippedBits()) {
                    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                for (int copy = 0; copy < entry.copies(); copy++) {
                    expected.add(HexFormat.of().formatHex(bytes));
                }
            }
            await().atMost(Duration.ofSeconds(10)).alias(proxy.report())
                    .until(() -> printed().size() >= expected.size());
            assertThat(printed()).as(proxy.report()).containsExactlyInAnyOrderElementsOf(expected);
            LedgerTotals totals = proxy.ledger().totals(Direction.TO_TARGET);
            assertThat(List.of(totals.dropped(), totals.duplicated(), totals.truncated(), totals.corrupted(),
                    totals.reordered())).as("every kind of fault happened").allMatch(n -> n > 0);
        }
    }
}
