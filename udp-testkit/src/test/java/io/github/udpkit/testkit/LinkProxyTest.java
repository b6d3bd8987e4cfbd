package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpSender;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The link model end to end: real sockets on loopback through the proxy. */
@Timeout(60)
class LinkProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static UdpSender client(UdpFaultProxy proxy) {
        return UdpSender.builder().target(proxy.address()).build();
    }

    @Test
    void aBurstIntoA1MbitLinkWithA20DatagramQueue_isQueuedAtTheRate_thenTailDropped() {
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(1)
                     .link(Direction.TO_TARGET, Link.ideal().rate(1_000_000).queueDatagrams(20)).start();
             UdpSender client = client(proxy)) {
            for (int i = 0; i < 60; i++) {
                client.send(new byte[972]); // 1,000 bytes on the wire: 8 ms each
            }
            await().atMost(WAIT).until(() -> proxy.ledger().entries().size() == 60 && proxy.inFlight() == 0);
            LedgerTotals totals = proxy.ledger().totals(Direction.TO_TARGET);
            long queueFull = proxy.ledger().entries().stream()
                    .filter(e -> e.drop() == LedgerEntry.Drop.QUEUE_FULL).count();
            assertThat(totals.dropped()).isEqualTo(queueFull).isPositive();
            assertThat(totals.forwarded()).isGreaterThanOrEqualTo(20);
            List<Datagram> got = server.take((int) totals.forwarded(), WAIT);
            server.expectNothing(Duration.ofMillis(100));
            List<LinkEvent> delivered = proxy.events().stream()
                    .filter(e -> e.kind() == LinkEvent.Kind.DELIVERED).toList();
            assertThat(delivered).hasSize((int) totals.forwarded());
            for (int i = 1; i < delivered.size(); i++) { // back to back while the queue is busy, never faster
                Duration gap = delivered.get(i).delivery().minus(delivered.get(i - 1).delivery());
                if (delivered.get(i).at().compareTo(delivered.get(i - 1).delivery()) <= 0) {
                    assertThat(gap).isEqualTo(Duration.ofMillis(8));
                } else {
                    assertThat(delivered.get(i).latency()).isEqualTo(Duration.ofMillis(8));
                }
                assertThat(delivered.get(i).latency()).as("never more than a full queue")
                        .isLessThanOrEqualTo(Duration.ofMillis(160));
            }
            // From the second datagram: the proxy's first send pays for class loading and may be late.
            Duration span = Duration.between(got.get(1).receivedAt(), got.get(got.size() - 1).receivedAt());
            Duration modelSpan = delivered.get(delivered.size() - 1).delivery().minus(delivered.get(1).delivery());
            System.out.println("FIGURE proxy 1 Mbit/s queue 20: " + got.size() + " of 60 delivered in " + span
                    .toMillis() + " ms (model " + modelSpan.toMillis() + " ms), " + queueFull + " tail-dropped");
            assertThat(span).isGreaterThanOrEqualTo(modelSpan.minusMillis(10));
        }
    }

    @Test
    void burstLoss_throughTheProxy_isInTheLedgerWithItsReason_andTheSameSeedGivesTheSameLedger() {
        Link lossy = Link.ideal().burstLoss(0.05, 0.3, 1.0, 0.0);
        Ledger first = paced(lossy, 77, 1_000);
        Ledger second = paced(lossy, 77, 1_000);
        assertThat(second).isEqualTo(first);
        long bursty = first.entries().stream().filter(e -> e.drop() == LedgerEntry.Drop.BURST_LOSS).count();
        System.out.println("FIGURE proxy gilbert-elliott p=0.05 r=0.3: " + bursty + " of 1000 lost (expected "
                + "14.3 %)");
        assertThat(bursty).isEqualTo(first.totals(Direction.TO_TARGET).dropped()).isBetween(100L, 190L);
        assertThat(paced(lossy, 78, 1_000)).isNotEqualTo(first);
    }

    /** Sends {@code count} numbered datagrams in batches of 50 and checks the server got what the ledger forwarded. */
    private static Ledger paced(Link link, long seed, int count) {
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(seed)
                     .link(Direction.TO_TARGET, link).start();
             UdpSender client = client(proxy)) {
            for (int start = 0; start < count; start += 50) { // bounded: count / 50 batches
                for (int i = start; i < start + 50; i++) {
                    client.send("datagram " + i);
                }
                int expected = start + 50;
                await().atMost(WAIT).until(() -> proxy.ledger().entries().size() == expected
                        && proxy.inFlight() == 0 && server.receivedCount()
                        == proxy.ledger().totals(Direction.TO_TARGET).datagramsSent());
            }
            List<String> forwarded = proxy.ledger().entries().stream().filter(e -> !e.dropped())
                    .map(e -> "datagram " + (e.sequence() - 1)).toList();
            assertThat(server.journal()).extracting(Datagram::text).containsExactlyElementsOf(forwarded);
            return proxy.ledger();
        }
    }

    @Test
    void overTheMtu_isDroppedAndToldToTheCallback_asIcmpFragmentationNeededWould() {
        List<LinkEvent> told = new CopyOnWriteArrayList<>();
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(1)
                     .link(Direction.TO_TARGET, Link.ideal().mtu(1_400, Link.OverMtu.DROP))
                     .onFragmentationNeeded(told::add).start();
             UdpSender client = client(proxy)) {
            client.send(new byte[1_372]);
            client.send(new byte[1_500]);
            client.send("small");
            assertThat(server.take(2, WAIT)).extracting(Datagram::length).containsExactly(1_372, 5);
            assertThat(told).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(LinkEvent.Kind.FRAGMENTATION_NEEDED);
                assertThat(e.sequence()).isEqualTo(2);
                assertThat(e.detail()).isEqualTo("1528 > mtu 1400");
            });
            assertThat(proxy.ledger().entries(Direction.TO_TARGET)).extracting(LedgerEntry::drop)
                    .containsExactly(LedgerEntry.Drop.NONE, LedgerEntry.Drop.MTU, LedgerEntry.Drop.NONE);
            assertThat(proxy.ledger().entries().get(1))
                    .hasToString("TO_TARGET #2 (client 1, 1500 bytes): dropped (MTU)");
        }
    }

    @Test
    void aPartitionForDatagrams_oneDirectionOnly_healsAfterThem() {
        try (UdpPeer server = UdpPeer.builder().echo().start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(1)
                     .link(Direction.TO_CLIENT, Link.ideal().downForDatagrams(2, 2)).start();
             UdpSender client = client(proxy)) {
            for (int i = 1; i <= 5; i++) {
                client.send("m" + i);
                if (i != 2 && i != 3) {
                    assertThat(client.receive(WAIT).orElseThrow().text()).isEqualTo("m" + i);
                }
            }
            assertThat(server.take(5, WAIT)).extracting(Datagram::text).containsExactly("m1", "m2", "m3", "m4", "m5");
            assertThat(client.receive(Duration.ofMillis(100))).isEmpty();
            assertThat(proxy.ledger().entries(Direction.TO_CLIENT)).extracting(LedgerEntry::drop).containsExactly(
                    LedgerEntry.Drop.NONE, LedgerEntry.Drop.PARTITION, LedgerEntry.Drop.PARTITION,
                    LedgerEntry.Drop.NONE, LedgerEntry.Drop.NONE);
        }
    }

    @Test
    void aPartitionInTime_dropsWhileDown_andDeliversAfterTheHeal() {
        try (UdpPeer server = UdpPeer.start();
             // down for the first second: room for the first send to leave while it is down, even on a loaded machine
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(1)
                     .link(Direction.TO_TARGET, Link.ideal().down(Duration.ZERO, Duration.ofMillis(1000))).start();
             UdpSender client = client(proxy)) {
            client.send("while down");
            await().atMost(WAIT).until(() -> proxy.ledger().entries().size() == 1);
            Instant healed = proxy.startedAt().plusMillis(1000);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> Instant.now().isAfter(healed));
            client.send("after the heal");
            assertThat(server.take(WAIT).text()).isEqualTo("after the heal");
            assertThat(proxy.ledger().entries()).extracting(LedgerEntry::drop)
                    .containsExactly(LedgerEntry.Drop.PARTITION, LedgerEntry.Drop.NONE);
            assertThat(proxy.events()).extracting(LinkEvent::kind)
                    .containsExactly(LinkEvent.Kind.DROPPED, LinkEvent.Kind.DELIVERED);
            assertThat(proxy.events().get(0).at()).isLessThan(Duration.ofMillis(1000));
            assertThat(proxy.events().get(1).at()).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        }
    }

    @Test
    void natRebinding_theServerSeesTheSameClientFromANewPort_andAnswersToTheNewOneArrive() {
        try (UdpPeer server = UdpPeer.builder().echo().start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(1).rebindAfter(3).start();
             UdpSender client = client(proxy)) {
            for (int i = 1; i <= 6; i++) {
                client.send("r" + i);
                assertThat(client.receive(WAIT).orElseThrow().text()).isEqualTo("r" + i);
            }
            List<InetSocketAddress> sources = server.take(6, WAIT).stream().map(Datagram::sender).toList();
            assertThat(sources.subList(0, 3)).containsOnly(sources.get(0));
            assertThat(sources.subList(3, 6)).containsOnly(sources.get(3));
            assertThat(sources.get(3)).isNotEqualTo(sources.get(0));
            assertThat(proxy.events()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(LinkEvent.Kind.REBOUND);
                assertThat(e.sequence()).isEqualTo(4);
                assertThat(e.detail()).isEqualTo("client 1: port " + sources.get(0).getPort() + " -> "
                        + sources.get(3).getPort());
            });
            assertThat(proxy.errors()).isEmpty();
        }
    }
}
