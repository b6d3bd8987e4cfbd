package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.internal.Seeds;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class UdpFaultProxyTest {
    /** What a receiver that lost nothing in the kernel reports: 0 on Linux, absent where it cannot be read. */
    /** The kernel's drop count as {@code ReceiverStats.toString()} shows it: none dropped, or not published. */
    private static final String KERNEL_DROPS = Files.isReadable(Path.of("/proc/net/udp")) ? "0" : "n/a";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Faults EVERYTHING = Faults.none().dropProbability(0.2).duplicateProbability(0.2)
            .truncate(12, 0.3).corrupt(0.2, 2).delay(Duration.ZERO, Duration.ofMillis(2)).reorder(0.1, 2);

    /** Payload {@code i}: its number in 4 bytes, then {@code i % 40} bytes of pattern. */
    static byte[] numbered(int i) {
        ByteBuffer b = ByteBuffer.allocate(4 + i % 40).putInt(i);
        while (b.hasRemaining()) {
            b.put((byte) (i * 7 + b.position()));
        }
        return b.array();
    }

    private static UdpSender client(UdpFaultProxy proxy) {
        return UdpSender.builder().target(proxy.address()).build();
    }

    /**
     * Sends payloads 1..count through the proxy in batches, waiting after each batch until the proxy has decided on
     * every datagram and sent every copy, and the target has read them: so no kernel buffer overflows.
     */
    private static void sendPaced(UdpSender client, UdpFaultProxy proxy, int count, LongSupplierTarget target) {
        int batch = 50;
        for (int start = 1; start <= count; start += batch) { // bounded: count / batch rounds
            int end = Math.min(count, start + batch - 1);
            for (int i = start; i <= end; i++) {
                client.send(numbered(i));
            }
            int expected = end;
            await().atMost(WAIT).until(() -> proxy.ledger().entries(Direction.TO_TARGET).size() == expected
                    && proxy.inFlight() == 0
                    && target.received() == proxy.ledger().totals(Direction.TO_TARGET).datagramsSent());
        }
    }

    @FunctionalInterface
    interface LongSupplierTarget {
        long received();
    }

    @Test
    void perfectLink_forwardsBothWays_andRepliesReachTheClientThatAsked() {
        try (UdpPeer server = UdpPeer.builder().echo().start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(1).start();
             UdpSender a = client(proxy); UdpSender b = client(proxy)) {
            a.send("from a");
            assertThat(a.receive(WAIT).orElseThrow().text()).isEqualTo("from a");
            b.send("from b");
            assertThat(b.receive(WAIT).orElseThrow().text()).isEqualTo("from b");
            a.send("again a");
            assertThat(a.receive(WAIT).orElseThrow().text()).isEqualTo("again a");
            List<Datagram> atServer = server.take(3, WAIT);
            assertThat(atServer.get(0).sender()).isNotEqualTo(atServer.get(1).sender()).isEqualTo(
                    atServer.get(2).sender());
            assertThat(proxy.ledger().entries()).extracting(LedgerEntry::toString).containsExactly(
                    "TO_TARGET #1 (client 1, 6 bytes): sent",
                    "TO_CLIENT #1 (client 1, 6 bytes): sent",
                    "TO_TARGET #2 (client 2, 6 bytes): sent",
                    "TO_CLIENT #2 (client 2, 6 bytes): sent",
                    "TO_TARGET #3 (client 1, 7 bytes): sent",
                    "TO_CLIENT #3 (client 1, 7 bytes): sent");
            assertThat(proxy.errors()).isEmpty();
        }
    }

    @Test
    void anIpv6Target_getsAnIpv6Proxy() {
        try (UdpPeer server = UdpPeer.builder().ipv6().echo().start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).start();
             UdpSender client = client(proxy)) {
            assertThat(proxy.address().getAddress()).isInstanceOf(java.net.Inet6Address.class);
            assertThat(proxy.address().getAddress().isLoopbackAddress()).isTrue();
            client.send("v6");
            assertThat(client.receive(WAIT).orElseThrow().text()).isEqualTo("v6");
        }
    }

    @Test
    void sameSeed_givesIdenticalLedgers_andTheTargetReceivesExactlyWhatTheLedgerSays() {
        long seed = ThreadLocalRandom.current().nextLong();
        List<LedgerEntry> first = runEverything(seed, 300);
        List<LedgerEntry> second = runEverything(seed, 300);
        assertThat(second).as("ledger of the second run with seed %d", seed).isEqualTo(first);
        assertThat(runEverything(seed + 1, 300)).as("a different seed decides differently").isNotEqualTo(first);
    }

    private static List<LedgerEntry> runEverything(long seed, int count) {
        Queue<Datagram> received = new ConcurrentLinkedQueue<>();
        try (UdpReceiver server = UdpReceiver.builder().onDatagram(received::add).start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.localAddress()).seed(seed)
                     .toTarget(EVERYTHING).start();
             UdpSender client = client(proxy)) {
            sendPaced(client, proxy, count, () -> server.stats().received());
            Ledger ledger = proxy.ledger();
            LedgerTotals totals = ledger.totals(Direction.TO_TARGET);
            String context = proxy.report();
            assertThat(totals.received()).as(context).isEqualTo(count);
            assertThat(totals.forwarded() + totals.dropped()).as(context).isEqualTo(count);
            assertThat(totals.datagramsSent()).as(context).isEqualTo(totals.forwarded() + totals.duplicated());
            assertThat(totals.duplicated()).as(context).isPositive();
            assertThat(totals.truncated()).as(context).isPositive();
            assertThat(totals.corrupted()).as(context).isPositive();
            assertThat(totals.reordered()).as(context).isPositive();
            // The receiver's counters agree exactly with the ledger...
            await().atMost(WAIT).until(() -> server.stats().inFlight() == 0);
            assertThat(server.stats()).as(context).hasToString("ReceiverStats[received=" + totals.datagramsSent()
                    + ", bytes=" + totals.bytesSent() + ", delivered=" + totals.datagramsSent() + ", truncated=0, "
                    + "filtered=0, listenerFailures=0, rejected=0, overflowed=0, receiveErrors=0, kernelDrops="
                    + KERNEL_DROPS + ", inFlight=0]");
            // ...and every datagram it got is exactly one the ledger sent, with the ledger's truncation and bits.
            List<String> expected = new ArrayList<>();
            for (LedgerEntry e : ledger.entries()) {
                for (int copy = 0; copy < e.copies(); copy++) {
                    expected.add(Arrays.toString(FaultDecider.apply(numbered((int) e.sequence()), e)));
                }
            }
            List<String> got = received.stream().map(d -> Arrays.toString(d.payload())).toList();
            assertThat(got).as(context).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(proxy.errors()).isEmpty();
            return ledger.entries();
        }
    }

    @Test
    void dropProbability03_over2000Datagrams_dropsWithin005_andTheReceiverAgreesWithTheLedger() {
        long seed = ThreadLocalRandom.current().nextLong();
        AtomicLong delivered = new AtomicLong();
        try (UdpReceiver server = UdpReceiver.builder().onDatagram(d -> delivered.incrementAndGet()).start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.localAddress()).seed(seed)
                     .toTarget(Faults.none().dropProbability(0.3)).start();
             UdpSender client = client(proxy)) {
            sendPaced(client, proxy, 2000, () -> server.stats().received());
            LedgerTotals totals = proxy.ledger().totals(Direction.TO_TARGET);
            String context = proxy.report();
            assertThat(totals.received()).as(context).isEqualTo(2000);
            assertThat(totals.forwarded() + totals.dropped()).as(context).isEqualTo(totals.received());
            assertThat(totals.dropRate()).as(context).isCloseTo(0.3, within(0.05));
            assertThat(totals.duplicated()).isZero();
            await().atMost(WAIT).until(() -> server.stats().inFlight() == 0);
            assertThat(server.stats()).as(context).hasToString("ReceiverStats[received=" + totals.datagramsSent()
                    + ", bytes=" + totals.bytesSent() + ", delivered=" + totals.datagramsSent() + ", truncated=0, "
                    + "filtered=0, listenerFailures=0, rejected=0, overflowed=0, receiveErrors=0, kernelDrops="
                    + KERNEL_DROPS + ", inFlight=0]");
            assertThat(delivered.get()).isEqualTo(totals.forwarded());
        }
    }

    @Test
    void dropFirstAndDropEvery_dropExactlyThoseSequenceNumbers() {
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address())
                     .toTarget(Faults.none().dropFirst(3).dropEvery(4)).start();
             UdpSender client = client(proxy)) {
            for (int i = 1; i <= 12; i++) {
                client.send(numbered(i));
            }
            List<Integer> numbers = server.take(6, WAIT).stream().map(d -> d.buffer().getInt()).toList();
            assertThat(numbers).containsExactly(5, 6, 7, 9, 10, 11);
            await().atMost(WAIT).until(() -> proxy.ledger().entries().size() == 12);
            server.expectNothing(Duration.ofMillis(200));
            assertThat(proxy.ledger().entries()).extracting(LedgerEntry::drop).containsExactly(
                    LedgerEntry.Drop.FIRST, LedgerEntry.Drop.FIRST, LedgerEntry.Drop.FIRST,
                    LedgerEntry.Drop.EVERY_NTH, LedgerEntry.Drop.NONE, LedgerEntry.Drop.NONE, LedgerEntry.Drop.NONE,
                    LedgerEntry.Drop.EVERY_NTH, LedgerEntry.Drop.NONE, LedgerEntry.Drop.NONE, LedgerEntry.Drop.NONE,
                    LedgerEntry.Drop.EVERY_NTH);
            assertThat(proxy.ledger().totals(Direction.TO_TARGET))
                    .isEqualTo(new LedgerTotals(12, 6, 6, 0, 0, 0, 0, 0, 6, 6L * 4 + 5 + 6 + 7 + 9 + 10 + 11));
        }
    }

    @Test
    void truncateAndDuplicate_sendTwoCopiesOfTheFirstBytes_andAreCounted() {
        byte[] payload = "0123456789abcdefghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address())
                     .toTarget(Faults.none().truncate(10).duplicateProbability(1.0)).start();
             UdpSender client = client(proxy)) {
            client.send(payload);
            client.send("short");
            List<Datagram> got = server.take(4, WAIT);
            assertThat(got).extracting(Datagram::text).containsExactly("0123456789", "0123456789", "short", "short");
            server.expectNothing(Duration.ofMillis(200));
            assertThat(proxy.ledger().totals(Direction.TO_TARGET))
                    .isEqualTo(new LedgerTotals(2, 2, 0, 2, 1, 0, 0, 0, 4, 30));
            assertThat(proxy.ledger().entries().get(0))
                    .hasToString("TO_TARGET #1 (client 1, 20 bytes): sent x2, truncated to 10");
        }
    }

    @Test
    void corrupt_flipsExactlyTheBitsTheLedgerNames() {
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address())
                     .toTarget(Faults.none().corrupt(1.0, 3)).start();
             UdpSender client = client(proxy)) {
            for (int i = 1; i <= 20; i++) {
                client.send(numbered(i));
            }
            List<Datagram> got = server.take(20, WAIT);
            List<LedgerEntry> entries = proxy.ledger().entries();
            for (int i = 0; i < 20; i++) {
                byte[] original = numbered(i + 1);
                byte[] received = got.get(i).payload();
                List<Integer> differing = new ArrayList<>();
                for (int bit = 0; bit < original.length * 8; bit++) {
                    if (((original[bit / 8] ^ received[bit / 8]) >> (bit % 8) & 1) == 1) {
                        differing.add(bit);
                    }
                }
                assertThat(differing).hasSize(3).containsExactlyInAnyOrderElementsOf(entries.get(i).flippedBits());
            }
            assertThat(proxy.ledger().totals(Direction.TO_TARGET).corrupted()).isEqualTo(20);
        }
    }

    @Test
    void delay_holdsEachDatagramAtLeastTheFixedTime_andJitterStaysInRange() {
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address())
                     .toTarget(Faults.none().delay(Duration.ofMillis(300), Duration.ofMillis(50))).start();
             UdpSender client = client(proxy)) {
            Instant sent = Instant.now();
            client.send("late");
            Datagram d = server.take(WAIT);
            assertThat(Duration.between(sent, d.receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            for (int i = 0; i < 20; i++) {
                client.send(numbered(i));
            }
            server.take(20, WAIT);
            assertThat(proxy.ledger().entries()).allSatisfy(e -> assertThat(e.delay())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofMillis(350)));
            assertThat(proxy.ledger().entries()).extracting(LedgerEntry::delay).doesNotHaveDuplicates();
            assertThat(proxy.ledger().totals(Direction.TO_TARGET).delayed()).isEqualTo(21);
        }
    }

    @Test
    void reorder_releasesAHeldDatagramAfterTheWindow_inTheOrderTheLedgerPredicts() {
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(7)
                     .toTarget(Faults.none().reorder(0.3, 2, Duration.ofSeconds(2))).start();
             UdpSender client = client(proxy)) {
            for (int i = 1; i <= 30; i++) {
                client.send(numbered(i));
            }
            List<Integer> arrived = server.take(30, WAIT).stream().map(d -> d.buffer().getInt()).toList();
            List<LedgerEntry> entries = proxy.ledger().entries();
            assertThat(arrived).as(proxy.report()).isEqualTo(predictOrder(entries));
            assertThat(arrived).isNotEqualTo(java.util.stream.IntStream.rangeClosed(1, 30).boxed().toList());
        }
    }

    /** The hold-and-release rule, simulated: a held datagram leaves after {@code heldFor} later ones. */
    static List<Integer> predictOrder(List<LedgerEntry> entries) {
        List<Integer> out = new ArrayList<>();
        List<int[]> held = new ArrayList<>();
        for (LedgerEntry e : entries) {
            if (e.heldFor() > 0) {
                held.add(new int[] {(int) e.sequence(), e.heldFor()});
                continue;
            }
            out.add((int) e.sequence());
            for (var it = held.iterator(); it.hasNext(); ) {
                int[] h = it.next();
                if (--h[1] == 0) {
                    it.remove();
                    out.add(h[0]);
                }
            }
        }
        held.forEach(h -> out.add(h[0]));
        return out;
    }

    @Test
    void report_andToString_showTheSeedAndHowToReplayIt() {
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(42)
                     .toTarget(Faults.none().dropEvery(2)).start()) {
            assertThat(proxy.seed()).isEqualTo(42);
            assertThat(proxy).hasToString("UdpFaultProxy " + proxy.address() + " -> " + server.address()
                    + " (seed 42)");
            assertThat(proxy.report()).isEqualTo(proxy + "\nto target: Faults[dropEvery=2]\nto client: Faults[none]\n"
                    + "seed 42 (replay with -Dudpkit.seed=42 or .seed(42L))\n"
                    + "TO_TARGET: LedgerTotals[received=0, forwarded=0, dropped=0, duplicated=0, truncated=0, "
                    + "corrupted=0, delayed=0, reordered=0, datagramsSent=0, bytesSent=0]\n"
                    + "TO_CLIENT: LedgerTotals[received=0, forwarded=0, dropped=0, duplicated=0, truncated=0, "
                    + "corrupted=0, delayed=0, reordered=0, datagramsSent=0, bytesSent=0]");
        }
    }

    @Test
    void seedProperty_isParsed_andABadValueIsRejectedByName() {
        assertThat(Seeds.fromProperty("42")).isEqualTo(42);
        assertThat(Seeds.fromProperty(" -7 ")).isEqualTo(-7);
        assertThatThrownBy(() -> Seeds.fromProperty("abc")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property udpkit.seed must be a long, was 'abc'");
    }

    @Test
    void close_endsBothThreads_andIsIdempotent() {
        UdpPeer server = UdpPeer.start();
        UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).start();
        String name = "udpkit-proxy-" + proxy.address();
        assertThat(threadNames()).contains(name);
        proxy.close();
        proxy.close();
        server.close();
        await().atMost(WAIT).untilAsserted(() -> assertThat(threadNames()).doesNotContain(name, name + "-send"));
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    @Test
    void badSettings_areRejectedByName() {
        assertThatThrownBy(() -> Faults.none().dropProbability(1.5))
                .hasMessage("dropProbability must be between 0.0 and 1.0, was 1.5");
        assertThatThrownBy(() -> Faults.none().duplicateProbability(Double.NaN))
                .hasMessage("duplicateProbability must be between 0.0 and 1.0, was NaN");
        assertThatThrownBy(() -> Faults.none().dropEvery(0)).hasMessage("dropEvery must be at least 1, was 0");
        assertThatThrownBy(() -> Faults.none().dropFirst(-1)).hasMessage("dropFirst must be at least 0, was -1");
        assertThatThrownBy(() -> Faults.none().reorder(0.5, 0)).hasMessage("window must be at least 1, was 0");
        assertThatThrownBy(() -> Faults.none().delay(Duration.ofMillis(-1)))
                .hasMessage("delay must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> Faults.none().truncate(-1)).hasMessage("truncate bytes must be at least 0, was -1");
        assertThatThrownBy(() -> Faults.none().corrupt(0.1, 0)).hasMessage("bits must be at least 1, was 0");
        assertThatThrownBy(() -> UdpFaultProxy.builder().start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("a proxy needs a target; call target(...) first");
        assertThatThrownBy(() -> UdpFaultProxy.builder().target(new java.net.InetSocketAddress("127.0.0.1", 0)))
                .hasMessage("target port must be between 1 and 65535, was 0");
        assertThat(Faults.none()).hasToString("Faults[none]");
    }
}
