package io.github.udpkit.samples.multicast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Discovery on a multicast group, on a loopback with the MULTICAST flag in a network namespace the test run made for
 * itself (see tools/netns/bin/java): the traffic cannot leave this JVM's namespace.
 */
@UdpTest
@Timeout(60)
class DiscoveryNetnsTest {
    private static final String GROUP = "239.7.7.7";
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeAll
    static void inANamespaceWithMulticastLoopback() throws Exception {
        String unavailable = System.getenv("UDPKIT_NETNS_UNAVAILABLE");
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        NetworkInterface lo = NetworkInterface.getByName("lo");
        Assumptions.assumeTrue(lo != null && lo.supportsMulticast(),
                "skipped: not started by tools/netns/bin/java (run through Maven's netns execution)");
    }

    private static DiscoveryNode node(String id, int port, List<String> events) {
        return DiscoveryNode.builder().id(id).group(GROUP, port).networkInterface("lo").interval(INTERVAL)
                .timeout(TIMEOUT).ttl(0).listener(new DiscoveryNode.Listener() {
                    @Override
                    public void joined(String peer, InetSocketAddress address) {
                        events.add("joined " + peer);
                    }

                    @Override
                    public void left(String peer, String reason) {
                        events.add("left " + peer + " (" + reason + ")");
                    }
                }).start();
    }

    @Test
    void twoNodes_discoverEachOther_andAGoodbyeIsNoticedAtOnce() {
        List<String> alphaEvents = new CopyOnWriteArrayList<>();
        List<String> betaEvents = new CopyOnWriteArrayList<>();
        try (DiscoveryNode alpha = node("alpha", 0, alphaEvents)) {
            DiscoveryNode beta = node("beta", alpha.group().getPort(), betaEvents);
            try {
                await().atMost(WAIT).until(() -> alpha.peers().containsKey("beta")
                        && beta.peers().containsKey("alpha"));
                assertThat(alpha.peers().keySet()).containsExactly("beta");
                assertThat(beta.peers().keySet()).containsExactly("alpha");
                assertThat(alpha.peers().get("beta").getAddress().isLoopbackAddress()).isTrue();
            } finally {
                beta.close();
            }
            long closed = System.nanoTime();
            await().atMost(WAIT).until(() -> alpha.peers().isEmpty());
            assertThat(alphaEvents).containsExactly("joined beta", "left beta (said goodbye)");
            assertThat(betaEvents).containsExactly("joined alpha");
            assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(WAIT);
        }
    }

    @Test
    void aNodeThatFallsSilent_isDroppedAfterTheTimeout() {
        List<String> alphaEvents = new CopyOnWriteArrayList<>();
        try (DiscoveryNode alpha = node("alpha", 0, alphaEvents)) {
            DiscoveryNode gamma = node("gamma", alpha.group().getPort(), new CopyOnWriteArrayList<>());
            await().atMost(WAIT).until(() -> alpha.peers().containsKey("gamma"));
            gamma.closeSilently();
            long silent = System.nanoTime();
            await().atMost(WAIT).until(() -> alpha.peers().isEmpty());
            // Its last announcement left at most one interval before it fell silent.
            assertThat(Duration.ofNanos(System.nanoTime() - silent)).isGreaterThanOrEqualTo(TIMEOUT.minus(INTERVAL));
            assertThat(alphaEvents).containsExactly("joined gamma", "left gamma (silent for more than 500 ms)");
        }
    }

    @Test
    void announcements_haveTheExactWireBytes_onTheGroup() throws Exception {
        BlockingQueue<Datagram> heard = new LinkedBlockingQueue<>();
        DiscoveryNode alpha = node("alpha", 0, new CopyOnWriteArrayList<>());
        try (UdpReceiver listener = UdpReceiver.builder().bind("0.0.0.0", alpha.group().getPort())
                .reuseAddress(true).joinGroup(GROUP, "lo").onDatagram(heard::add).start()) {
            assertThat(listener.localAddress().getPort()).isEqualTo(alpha.group().getPort());
            Datagram hello = heard.poll(10, TimeUnit.SECONDS);
            assertThat(hello).isNotNull();
            assertThat(hello.text()).isEqualTo("udpkit-discovery 1 HELLO alpha");
            alpha.close();
            Datagram last = null;
            for (int i = 0; i < 100; i++) { // the heartbeats already on their way, then the goodbye
                last = heard.poll(10, TimeUnit.SECONDS);
                if (last == null || !last.text().endsWith("HELLO alpha")) {
                    break;
                }
            }
            assertThat(last).isNotNull();
            assertThat(last.text()).isEqualTo("udpkit-discovery 1 BYE alpha");
            assertThat(heard.poll(3 * INTERVAL.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        } finally {
            alpha.close();
        }
    }

    @Test
    void strayAndMalformedDatagrams_areIgnoredAndCounted_aUnicastHelloCounts(UdpPeer stranger) {
        List<String> events = new CopyOnWriteArrayList<>();
        try (DiscoveryNode alpha = node("alpha", 0, events)) {
            InetSocketAddress direct = new InetSocketAddress("127.0.0.1", alpha.group().getPort());
            stranger.sendTo(direct, "hello?");
            stranger.sendTo(direct, "udpkit-discovery 1 HELLO bad id!");
            stranger.sendTo(direct, "udpkit-discovery 1 WAVE peer-1");
            stranger.sendTo(direct, "udpkit-discovery 1 HELLO");
            await().atMost(WAIT).until(() -> alpha.ignored() == 4);
            assertThat(alpha.peers()).isEmpty();
            stranger.sendTo(direct, "udpkit-discovery 1 HELLO peer-1");
            await().atMost(WAIT).until(() -> alpha.peers().containsKey("peer-1"));
            assertThat(alpha.peers().get("peer-1")).isEqualTo(stranger.address());
            await().atMost(WAIT).until(() -> alpha.peers().isEmpty()); // it never says anything again
            assertThat(events).containsExactly("joined peer-1", "left peer-1 (silent for more than 500 ms)");
            assertThat(alpha.ignored()).isEqualTo(4);
        }
    }
}
