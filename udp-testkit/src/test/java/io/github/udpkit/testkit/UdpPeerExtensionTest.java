package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpSender;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The extension as users meet it; its methods run concurrently (see junit-platform.properties). */
@UdpTest
@Execution(ExecutionMode.CONCURRENT)
@Timeout(60)
class UdpPeerExtensionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Every peer these concurrently running tests got; checked after all of them. */
    private static final Set<UdpPeer> PEERS = ConcurrentHashMap.newKeySet();

    private UdpPeer fromBeforeEach;

    @BeforeEach
    void setUp(UdpPeer peer) {
        this.fromBeforeEach = peer;
    }

    @AfterEach
    void remember() {
        PEERS.add(fromBeforeEach);
    }

    @AfterAll
    static void noPeerIsLeftOpen_andNoPeerThreadIsLeft() {
        assertThat(PEERS).hasSize(4).noneMatch(UdpPeer::isOpen);
        List<String> live = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).toList();
        assertThat(PEERS).allSatisfy(p -> assertThat(live).doesNotContain("udpkit-peer-" + p.address()));
        assertThat(PEERS.stream().map(UdpPeer::port).distinct()).hasSize(4);
    }

    @Test
    void aPeerParameter_isARunningIpv4LoopbackPeer(UdpPeer peer) {
        assertThat(peer.isOpen()).isTrue();
        assertThat(peer.address().getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(peer.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(peer.maxDatagramSize()).isEqualTo(65_527);
    }

    @Test
    void severalPeerParameters_areDistinctPeers_alsoFromTheOneOfBeforeEach(UdpPeer a, UdpPeer b) {
        assertThat(a.port()).isNotEqualTo(b.port()).isNotEqualTo(fromBeforeEach.port());
        a.sendTo(b.address(), "a to b");
        Datagram d = b.take(WAIT);
        assertThat(d.text()).isEqualTo("a to b");
        assertThat(d.sender()).isEqualTo(a.address());
        fromBeforeEach.expectNothing(Duration.ofMillis(100));
    }

    @Test
    void options_configureIpv6TheBufferLimitAndEcho(
            @UdpPeerOptions(ipv6 = true, maxDatagramSize = 8, echo = true) UdpPeer peer) {
        assertThat(peer.address().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(peer.maxDatagramSize()).isEqualTo(8);
        try (UdpSender client = UdpSender.builder().target(peer.address()).build()) {
            client.send("0123456789");
            Datagram echoed = client.receive(WAIT).orElseThrow();
            assertThat(echoed.text()).isEqualTo("01234567");
        }
        assertThat(peer.take(WAIT).truncated()).isTrue();
    }

    @Test
    void aProxyBuilderParameter_startsAProxyInFrontOfAPeer(UdpPeer server, UdpFaultProxy.Builder proxies) {
        UdpFaultProxy proxy = proxies.target(server.address()).start();
        try (UdpSender client = UdpSender.builder().target(proxy.address()).build()) {
            client.send("through the proxy");
        }
        assertThat(server.take(WAIT).text()).isEqualTo("through the proxy");
        assertThat(proxy.ledger().totals(Direction.TO_TARGET).forwarded()).isEqualTo(1);
    }
}
