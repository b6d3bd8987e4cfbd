package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Foreign senders never reach a listener, and each one is counted. Loopback is 127.0.0.0/8 on Linux. */
@Timeout(60)
class SourceFilterTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<Datagram> delivered = new LinkedBlockingQueue<>();
    private final BlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();

    private static UdpSender from(String host, UdpReceiver receiver) {
        return UdpSender.builder().bind(host, 0).target(receiver.localAddress()).build();
    }

    private void sendInterleaved(UdpSender friend, UdpSender foe, int rounds) {
        for (int i = 0; i < rounds; i++) {
            foe.send("foe " + i);
            friend.send("friend " + i);
        }
    }

    private void assertOnlyFriendsDelivered(UdpReceiver receiver, UdpSender friend, int rounds) throws Exception {
        for (int i = 0; i < rounds; i++) {
            Datagram d = delivered.poll(5, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(d.text()).isEqualTo("friend " + i);
            assertThat(d.sender()).isEqualTo(friend.localAddress());
        }
        ReceiverStats stats = TestStats.settled(receiver, 2L * rounds);
        assertThat(stats.filtered()).isEqualTo(rounds);
        assertThat(stats.delivered()).isEqualTo(rounds);
        assertThat(stats.inFlight()).isZero();
        assertThat(delivered).isEmpty();
    }

    @Test
    void acceptFromAddress_dropsAndCountsEveryForeignSender() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().bind("127.0.0.1", 0)
                .acceptFrom(InetAddress.getByName("127.0.0.2")).onDatagram(delivered::add).start();
             UdpSender friend = from("127.0.0.2", receiver);
             UdpSender foe = from("127.0.0.3", receiver)) {
            sendInterleaved(friend, foe, 50);
            assertOnlyFriendsDelivered(receiver, friend, 50);
        }
    }

    @Test
    void acceptFromSubnet_acceptsOnlyTheSubnet() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().bind("127.0.0.1", 0)
                .acceptFromSubnet("127.0.0.0/30").onDatagram(delivered::add).start();
             UdpSender friend = from("127.0.0.2", receiver);
             UdpSender foe = from("127.0.0.4", receiver)) {
            sendInterleaved(friend, foe, 20);
            assertOnlyFriendsDelivered(receiver, friend, 20);
        }
    }

    @Test
    void acceptFromPredicate_seesThePort_andAThrowingPredicateDropsAndReports() throws Exception {
        try (UdpSender friend = UdpSender.builder().bind("127.0.0.1", 0).connected(false).build();
             UdpReceiver receiver = UdpReceiver.builder()
                     .acceptFrom(source -> {
                         if (source.getAddress().getAddress()[3] == 5) {
                             throw new IllegalStateException("bad rule");
                         }
                         return source.getPort() == friend.localAddress().getPort();
                     })
                     .onDatagram(delivered::add).onError(errors::add).start();
             UdpSender foe = from("127.0.0.1", receiver);
             UdpSender crasher = from("127.0.0.5", receiver)) {
            crasher.send("boom");
            UdpException error = errors.poll(5, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(UdpListenerException.class)
                    .hasMessage("acceptFrom threw for the datagram from " + crasher.localAddress()
                            + "; it was dropped and counted as filtered: java.lang.IllegalStateException: bad rule");
            for (int i = 0; i < 10; i++) {
                foe.send("foe " + i);
                friend.sendTo(receiver.localAddress(), "friend " + i);
            }
            for (int i = 0; i < 10; i++) {
                assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(Datagram::text).isEqualTo("friend " + i);
            }
            assertThat(TestStats.settled(receiver, 21).filtered()).isEqualTo(11);
        }
    }

    @Test
    void connectedReceiver_getsOnlyItsPeer() throws Exception {
        try (UdpSender peer = UdpSender.builder().bind("127.0.0.1", 0).connected(false).build();
             UdpReceiver receiver = UdpReceiver.builder().connect(peer.localAddress())
                     .onDatagram(delivered::add).start();
             UdpSender stranger = from("127.0.0.1", receiver)) {
            stranger.send("stranger");
            peer.sendTo(receiver.localAddress(), "peer");
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(Datagram::text).isEqualTo("peer");
            assertThat(delivered.poll(200, TimeUnit.MILLISECONDS)).isNull();
            assertThat(receiver.stats().received()).isEqualTo(1);
        }
    }
}
