package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpSender;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UdpPeerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofMillis(300);

    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static UdpSender unconnectedSender() {
        return UdpSender.builder().bind("127.0.0.1", 0).connected(false).build();
    }

    private static String line(UdpPeer peer, int number, Datagram d, String rest) {
        long at = Duration.between(peer.startedAt(), d.receivedAt()).toMillis();
        return "#" + number + " from " + d.sender() + " at +" + at + " ms: " + rest;
    }

    private static List<Thread> peerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("udpkit-peer") && t.isAlive()).toList();
    }

    @Test
    void defaults_listenOnIpv4LoopbackOnAFreePort_onANamedDaemonThread() {
        try (UdpPeer peer = UdpPeer.start()) {
            assertThat(peer.address().getAddress()).isInstanceOf(Inet4Address.class);
            assertThat(peer.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(peer.port()).isPositive().isEqualTo(peer.address().getPort());
            assertThat(peer.maxDatagramSize()).isEqualTo(65_527);
            assertThat(peer.isOpen()).isTrue();
            assertThat(peer).hasToString("UdpPeer " + peer.address());
            assertThat(peerThreads()).filteredOn(t -> t.getName().equals("udpkit-peer-" + peer.address()))
                    .singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());
        }
    }

    @Test
    void take_returnsEachDatagramOnceInArrivalOrder_byteIdenticalWithSender_andTheJournalKeepsAll() {
        try (UdpPeer peer = UdpPeer.start(); UdpSender sender = unconnectedSender()) {
            int[] sizes = {0, 1, 1023, 65_507};
            for (int size : sizes) {
                sender.sendTo(peer.address(), pattern(size));
            }
            Datagram first = peer.take(WAIT);
            List<Datagram> rest = peer.take(3, WAIT);
            List<Datagram> all = new java.util.ArrayList<>();
            all.add(first);
            all.addAll(rest);
            for (int i = 0; i < sizes.length; i++) {
                assertThat(all.get(i).payload()).isEqualTo(pattern(sizes[i]));
                assertThat(all.get(i).length()).isEqualTo(sizes[i]);
                assertThat(all.get(i).truncated()).isFalse();
                assertThat(all.get(i).sender()).isEqualTo(sender.localAddress());
            }
            assertThat(peer.journal()).containsExactlyElementsOf(all);
            assertThat(peer.receivedCount()).isEqualTo(4);
            assertThat(peer.journal().get(0).receivedAt()).isAfterOrEqualTo(peer.startedAt())
                    .isBeforeOrEqualTo(peer.journal().get(3).receivedAt());
        }
    }

    @Test
    void take_onASilentPeer_failsWithinTheWaitPlusAMargin_namingAddressWaitAndNothingReceived() {
        try (UdpPeer peer = UdpPeer.start()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> peer.take(SHORT))
                    .isExactlyInstanceOf(AssertionError.class)
                    .hasMessage("UdpPeer " + peer.address() + ": nothing received within 300 ms\njournal: empty");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(SHORT).isLessThan(SHORT.plusSeconds(1));
        }
    }

    @Test
    void take_afterEverythingWasTaken_failsListingTheJournal() {
        try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            sender.send("hello");
            sender.send(new byte[] {0, 1, (byte) 0xff});
            List<Datagram> got = peer.take(2, WAIT);
            assertThatThrownBy(() -> peer.take(SHORT))
                    .hasMessage("UdpPeer " + peer.address() + ": nothing received within 300 ms\n"
                            + "journal (2 datagrams):\n"
                            + "  " + line(peer, 1, got.get(0), "5 bytes \"hello\"") + "\n"
                            + "  " + line(peer, 2, got.get(1), "3 bytes 0x0001ff"));
        }
    }

    @Test
    void takeCount_whenFewerArrive_failsNamingCountWaitAndWhatCame() {
        try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            sender.send("one");
            await().atMost(WAIT).until(() -> peer.receivedCount() == 1);
            Datagram one = peer.journal().get(0);
            assertThatThrownBy(() -> peer.take(3, SHORT))
                    .isExactlyInstanceOf(AssertionError.class)
                    .hasMessage("UdpPeer " + peer.address() + ": expected 3 datagrams within 300 ms, received 1\n"
                            + "journal (1 datagram):\n  " + line(peer, 1, one, "3 bytes \"one\""));
        }
    }

    @Test
    void expectNothing_onSilence_returnsAfterTheWait() {
        try (UdpPeer peer = UdpPeer.start()) {
            long start = System.nanoTime();
            peer.expectNothing(SHORT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
        }
    }

    @Test
    void expectNothing_afterAllWasTaken_passes() {
        try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            sender.send("taken");
            assertThat(peer.take(WAIT).text()).isEqualTo("taken");
            peer.expectNothing(SHORT);
        }
    }

    @Test
    void expectNothing_withTraffic_failsListingTheUnexpectedDatagrams() {
        try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            sender.send("expected");
            peer.take(WAIT);
            sender.send("surprise\n");
            sender.send(pattern(100));
            await().atMost(WAIT).until(() -> peer.receivedCount() == 3);
            List<Datagram> journal = peer.journal();
            assertThatThrownBy(() -> peer.expectNothing(SHORT))
                    .isExactlyInstanceOf(AssertionError.class)
                    .hasMessage("UdpPeer " + peer.address()
                            + ": expected nothing within 300 ms, received 2 datagrams:\n"
                            + "  " + line(peer, 2, journal.get(1), "9 bytes \"surprise\\n\"") + "\n"
                            + "  " + line(peer, 3, journal.get(2), "100 bytes 0x"
                            + io.github.udpkit.internal.Payloads.hex(Arrays.copyOf(pattern(100), 64))
                            + "…(+36 bytes)"));
        }
    }

    @Test
    void bufferLimit_recordsLargerDatagramsAsTruncatedWithExactlyTheFirstBytes() {
        try (UdpPeer peer = UdpPeer.builder().maxDatagramSize(16).start();
             UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            sender.send(pattern(16));
            sender.send(pattern(17));
            sender.send(pattern(65_507));
            List<Datagram> got = peer.take(3, WAIT);
            assertThat(got).extracting(Datagram::truncated).containsExactly(false, true, true);
            assertThat(got).extracting(Datagram::length).containsExactly(16, 16, 16);
            for (Datagram d : got) {
                assertThat(d.payload()).isEqualTo(pattern(16));
            }
            assertThat(peer.journalReport()).contains("#2 from ").contains("16 bytes (truncated) 0x");
        }
    }

    @Test
    void ipv6_listensOnIpv6Loopback() {
        try (UdpPeer peer = UdpPeer.builder().ipv6().start();
             UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            assertThat(peer.address().getAddress()).isInstanceOf(Inet6Address.class);
            assertThat(peer.address().getAddress().isLoopbackAddress()).isTrue();
            sender.send(pattern(65_527));
            Datagram d = peer.take(WAIT);
            assertThat(d.payload()).isEqualTo(pattern(65_527));
            assertThat(d.sender().getAddress()).isInstanceOf(Inet6Address.class);
        }
    }

    @Test
    void echo_answersFromThePeersPortWithTheSamePayload() {
        try (UdpPeer peer = UdpPeer.builder().echo().start();
             UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            sender.send("ping");
            Datagram reply = sender.receive(WAIT).orElseThrow();
            assertThat(reply.text()).isEqualTo("ping");
            assertThat(reply.sender()).isEqualTo(peer.address());
        }
    }

    @Test
    void scriptedReplies_answerInOrder_thenTheReplyFunction_thenNothing() {
        try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            peer.enqueueReply("first").enqueueReply(new byte[] {2})
                    .replyWith(d -> ("fn:" + d.text()).getBytes(StandardCharsets.UTF_8));
            sender.send("a");
            assertThat(sender.receive(WAIT).orElseThrow().text()).isEqualTo("first");
            sender.send("b");
            assertThat(sender.receive(WAIT).orElseThrow().payload()).containsExactly(2);
            sender.send("c");
            assertThat(sender.receive(WAIT).orElseThrow().text()).isEqualTo("fn:c");
            peer.noReplies();
            sender.send("d");
            assertThat(sender.receive(SHORT)).isEmpty();
            assertThat(peer.take(4, WAIT)).extracting(Datagram::text).containsExactly("a", "b", "c", "d");
            assertThat(peer.errors()).isEmpty();
        }
    }

    @Test
    void replyFunction_returningNull_sendsNothing_andThrowing_isKeptInErrors() {
        try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            peer.replyWith(d -> {
                if (d.text().equals("boom")) {
                    throw new IllegalStateException("reply function failed on purpose");
                }
                return null;
            });
            sender.send("quiet");
            sender.send("boom");
            assertThat(peer.take(2, WAIT)).extracting(Datagram::text).containsExactly("quiet", "boom");
            await().atMost(WAIT).until(() -> peer.errors().size() == 1);
            assertThat(peer.errors().get(0)).hasMessage("reply function failed on purpose");
            assertThat(sender.receive(SHORT)).isEmpty();
            assertThat(peer.journalReport()).endsWith(
                    "\nerror: java.lang.IllegalStateException: reply function failed on purpose");
        }
    }

    @Test
    void send_leavesFromThePeersPort() {
        try (UdpPeer a = UdpPeer.start(); UdpPeer b = UdpPeer.start()) {
            a.sendTo(b.address(), "from a");
            a.sendTo(b.address(), new byte[0]);
            List<Datagram> got = b.take(2, WAIT);
            assertThat(got.get(0).text()).isEqualTo("from a");
            assertThat(got.get(1).length()).isZero();
            assertThat(got).extracting(Datagram::sender).containsOnly(a.address());
        }
    }

    @Test
    void journalReport_listsEveryDatagram() {
        try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            assertThat(peer.journalReport()).isEqualTo("UdpPeer " + peer.address() + "\njournal: empty");
            sender.send("x");
            Datagram d = peer.take(WAIT);
            assertThat(peer.journalReport()).isEqualTo("UdpPeer " + peer.address() + "\njournal (1 datagram):\n  "
                    + line(peer, 1, d, "1 byte \"x\""));
        }
    }

    @Test
    void close_isIdempotent_endsTheThread_keepsTheJournal_andRefusesSends() {
        UdpPeer peer = UdpPeer.start();
        InetSocketAddress address = peer.address();
        try (UdpSender sender = UdpSender.builder().target(address).build()) {
            sender.send("before close");
            await().atMost(WAIT).until(() -> peer.receivedCount() == 1);
        }
        peer.close();
        peer.close();
        assertThat(peer.isOpen()).isFalse();
        assertThat(peerThreads()).extracting(Thread::getName).doesNotContain("udpkit-peer-" + address);
        assertThat(peer.take(SHORT).text()).isEqualTo("before close");
        assertThat(peer.journal()).hasSize(1);
        assertThatThrownBy(() -> peer.sendTo(address, "late"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("UdpPeer " + address + " is closed; cannot send to " + address);
    }

    @Test
    void badArguments_areRejectedByName() {
        assertThatThrownBy(() -> UdpPeer.builder().maxDatagramSize(0))
                .hasMessage("maxDatagramSize must be between 1 and 65527, was 0");
        assertThatThrownBy(() -> UdpPeer.builder().maxDatagramSize(70_000))
                .hasMessage("maxDatagramSize must be between 1 and 65527, was 70000");
        assertThatThrownBy(() -> UdpPeer.builder().port(-1)).hasMessage("port must be between 0 and 65535, was -1");
        try (UdpPeer peer = UdpPeer.start()) {
            assertThatThrownBy(() -> peer.take(Duration.ZERO)).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must be positive, was PT0S");
            assertThatThrownBy(() -> peer.take(null)).isExactlyInstanceOf(NullPointerException.class)
                    .hasMessage("timeout must not be null");
            assertThatThrownBy(() -> peer.take(0, WAIT)).hasMessage("count must be at least 1, was 0");
            assertThatThrownBy(() -> peer.expectNothing(Duration.ofMillis(-1)))
                    .hasMessage("wait must be positive, was PT-0.001S");
            assertThatThrownBy(() -> peer.replyWith(null)).hasMessage("function must not be null");
            assertThatThrownBy(() -> peer.sendTo(null, "x")).hasMessage("to must not be null");
        }
    }
}
