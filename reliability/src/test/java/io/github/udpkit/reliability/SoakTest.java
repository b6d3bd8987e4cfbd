package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.ReceiverStats;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.Faults;
import io.github.udpkit.testkit.LedgerEntry;
import io.github.udpkit.testkit.LedgerTotals;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpPeer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak: about 60 s ({@code -Dudpkit.soak.seconds=...}) of mixed traffic with faults, at the end of which every
 * datagram is accounted for and no thread or file descriptor is left behind.
 *
 * <ul>
 *   <li>Receiver A (receive thread, limit 400 bytes, a listener that throws on every 7th datagram, a source filter)
 *       gets two clients' traffic through a proxy with all faults combined, plus rogue traffic that is filtered.</li>
 *   <li>Receiver B (two-thread executor, {@code maxPending(64)}, a listener that takes 0.2 ms) gets a third client's
 *       traffic through a second proxy that duplicates, delays and reorders; overflow may happen and is counted.</li>
 *   <li>An echo {@link UdpPeer} behind a third proxy with faults both ways answers a client's requests.</li>
 *   <li>Every 100 rounds a short-lived receiver and sender are opened, used and closed.</li>
 * </ul>
 */
@Tag("soak")
@Timeout(600)
class SoakTest {
    static final long SECONDS = Long.getLong("udpkit.soak.seconds", 60);
    static final long SEED = 20_261_124L;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BURST = 40;

    @Test
    void mixedTrafficWithFaults_endsWithExactAccountingAndNoLeak() throws Exception {
        churn(); // warm-up: classes and lazily opened JDK files, before the baseline
        await().atMost(WAIT).until(() -> Resources.udpkitThreads().isEmpty());
        List<String> threadsBefore = Resources.udpkitThreads();
        long fdsBefore = Resources.fdsVisible() ? Resources.openFds() : -1;

        AtomicLong aCalls = new AtomicLong();
        AtomicLong aErrors = new AtomicLong();
        AtomicLong bErrors = new AtomicLong();
        int[] roguePort = {-1};
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long rounds = 0;
        long rogueSent = 0;
        long echoRequests = 0;
        long echoReplies = 0;
        long churns = 0;
        try (UdpReceiver a = UdpReceiver.builder().maxDatagramSize(FaultRun.MAX_DATAGRAM)
                .receiveBufferSize(4 * 1024 * 1024)
                .onDatagram(d -> {
                    if (aCalls.incrementAndGet() % 7 == 0) {
                        throw new IllegalStateException("every 7th fails");
                    }
                })
                .onTruncated(d -> { })
                .onError(e -> aErrors.incrementAndGet())
                .acceptFrom(from -> from.getPort() != roguePort[0])
                .start();
             UdpReceiver b = UdpReceiver.builder().receiveBufferSize(4 * 1024 * 1024).executor(pool).maxPending(64)
                     .onDatagram(d -> LockSupport.parkNanos(200_000))
                     .onError(e -> bErrors.incrementAndGet())
                     .start();
             UdpPeer echo = UdpPeer.builder().echo().start();
             UdpFaultProxy toA = UdpFaultProxy.builder().target(a.localAddress()).seed(SEED)
                     .toTarget(Faults.none().dropProbability(0.05).duplicateProbability(0.05)
                             .reorder(0.05, 3, Duration.ofMillis(20)).delay(Duration.ZERO, Duration.ofMillis(2))
                             .truncate(300, 0.1).corrupt(0.1, 2)).start();
             UdpFaultProxy toB = UdpFaultProxy.builder().target(b.localAddress()).seed(SEED + 1)
                     .toTarget(Faults.none().duplicateProbability(0.1).delay(Duration.ofMillis(1))
                             .reorder(0.1, 2, Duration.ofMillis(20))).start();
             UdpFaultProxy toEcho = UdpFaultProxy.builder().target(echo.address()).seed(SEED + 2)
                     .bothWays(Faults.none().dropProbability(0.05).duplicateProbability(0.05)
                             .delay(Duration.ZERO, Duration.ofMillis(1))).start();
             UdpSender client1 = UdpSender.builder().target(toA.address()).connected(false).build();
             UdpSender client2 = UdpSender.builder().target(toA.address()).connected(false).build();
             UdpSender client3 = UdpSender.builder().target(toB.address()).build();
             UdpSender echoClient = UdpSender.builder().target(toEcho.address()).build();
             UdpSender rogue = UdpSender.builder().target(a.localAddress()).build()) {
            roguePort[0] = rogue.localAddress().getPort();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            int index = 0;
            while (System.nanoTime() < end) { // bounded by time; each round by its awaits
                rounds++;
                for (int i = 0; i < BURST; i++, index++) {
                    (i % 2 == 0 ? client1 : client2).send(FaultRun.payload(SEED, index));
                    client3.send(FaultRun.payload(SEED + 1, index));
                    if (i % 4 == 0) {
                        echoClient.send("request " + echoRequests++);
                    }
                }
                rogue.send("rogue " + rogueSent++);
                long sentToA = (long) index;
                long sentToB = (long) index;
                long requests = echoRequests;
                await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                        .until(() -> toA.ledger().entries(Direction.TO_TARGET).size() == sentToA
                        && toB.ledger().entries(Direction.TO_TARGET).size() == sentToB
                        && toEcho.ledger().entries(Direction.TO_TARGET).size() == requests);
                echoReplies += drainReplies(echoClient);
                if (rounds % 100 == 0) {
                    churn();
                    churns++;
                }
            }
            // quiesce: the proxies have sent everything, the receivers have handled everything
            await().atMost(WAIT).until(() -> toA.inFlight() == 0 && toB.inFlight() == 0);
            long expectedA = toA.ledger().totals(Direction.TO_TARGET).datagramsSent() + rogueSent;
            long expectedB = toB.ledger().totals(Direction.TO_TARGET).datagramsSent();
            await().atMost(WAIT).until(() -> a.stats().received() >= expectedA && a.stats().inFlight() == 0
                    && b.stats().received() >= expectedB && b.stats().inFlight() == 0);
            long echoed = toEcho.ledger().totals(Direction.TO_TARGET).datagramsSent();
            await().atMost(WAIT).until(() -> echo.receivedCount() == echoed
                    && toEcho.ledger().entries(Direction.TO_CLIENT).size() == echoed && toEcho.inFlight() == 0);
            long repliesSent = toEcho.ledger().totals(Direction.TO_CLIENT).datagramsSent();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (echoReplies < repliesSent && System.nanoTime() < deadline) { // bounded by WAIT
                echoReplies += drainReplies(echoClient);
            }

            ReceiverStats sa = a.stats();
            ReceiverStats sb = b.stats();
            LedgerTotals ta = toA.ledger().totals(Direction.TO_TARGET);
            String context = "A " + sa + "\nB " + sb + "\n" + toA.report() + "\n" + toB.report() + "\n"
                    + toEcho.report();
            for (UdpFaultProxy proxy : List.of(toA, toB, toEcho)) {
                assertThat(proxy.errors()).as(context).isEmpty();
            }
            assertThat(sa.kernelDrops()).as(context).hasValue(0);
            assertThat(sb.kernelDrops()).as(context).hasValue(0);
            // A: the link's deliveries plus the rogue's, each with exactly one outcome
            assertThat(sa.received()).as(context).isEqualTo(expectedA);
            assertThat(sa.delivered() + sa.truncated() + sa.filtered() + sa.listenerFailures() + sa.rejected()
                    + sa.overflowed()).as(context).isEqualTo(sa.received());
            assertThat(sa.filtered()).as(context).isEqualTo(rogueSent);
            long overLimit = toA.ledger().entries(Direction.TO_TARGET).stream()
                    .filter(e -> !e.dropped() && e.sentSize() > FaultRun.MAX_DATAGRAM)
                    .mapToLong(LedgerEntry::copies).sum();
            assertThat(sa.truncated()).as(context).isEqualTo(overLimit);
            assertThat(sa.delivered() + sa.listenerFailures()).as(context).isEqualTo(ta.datagramsSent() - overLimit);
            assertThat(sa.listenerFailures()).as(context).isEqualTo(aCalls.get() / 7).isEqualTo(aErrors.get());
            // B: the link's deliveries, each delivered or overflowed (counted and reported, never lost)
            assertThat(sb.received()).as(context).isEqualTo(expectedB);
            assertThat(sb.delivered() + sb.overflowed()).as(context).isEqualTo(sb.received());
            assertThat(sb.rejected() + sb.listenerFailures() + sb.truncated() + sb.filtered()).as(context).isZero();
            // echo: every reply the link delivered reached the client
            assertThat(echo.errors()).as(context).isEmpty();
            assertThat(echoReplies).as(context).isEqualTo(repliesSent);
            System.out.println("FIGURE soak: " + SECONDS + " s, " + rounds + " rounds, " + churns + " churn cycles; A "
                    + sa + "; B " + sb + "; echo requests " + echoRequests + ", replies " + echoReplies
                    + "; link A " + ta);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        await().atMost(WAIT).until(() -> Resources.udpkitThreads().equals(threadsBefore));
        if (fdsBefore >= 0) {
            await().atMost(WAIT).until(() -> Resources.openFds() <= fdsBefore);
            assertThat(Resources.openFds()).as("open file descriptors: %s", Resources.fdTargets())
                    .isEqualTo(fdsBefore);
        }
    }

    /** Reads every reply already waiting, with a short poll; returns how many. */
    private static long drainReplies(UdpSender client) {
        long n = 0;
        for (int i = 0; i < 10_000; i++) { // bounded: at most 10,000 replies per drain
            Optional<Datagram> reply = client.receive(Duration.ofMillis(20));
            if (reply.isEmpty()) {
                return n;
            }
            n++;
        }
        return n;
    }

    /** Opens, uses and closes a receiver and a sender. */
    private static void churn() throws InterruptedException {
        java.util.concurrent.BlockingQueue<Datagram> got = new java.util.concurrent.ArrayBlockingQueue<>(1);
        try (UdpReceiver r = UdpReceiver.builder().onDatagram(got::add).start();
             UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
            s.send("churn");
            assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
        }
        try (UdpPeer peer = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).start();
             UdpSender s = UdpSender.builder().target(proxy.address()).build()) {
            s.send("churn");
            assertThat(peer.take(WAIT).text()).isEqualTo("churn");
        }
    }

}
