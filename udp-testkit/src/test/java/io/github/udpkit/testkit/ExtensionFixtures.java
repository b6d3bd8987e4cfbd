package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.UdpSender;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Test classes that {@link UdpPeerExtensionEngineTest} runs through JUnit's EngineTestKit; some fail on purpose.
 * The name does not match Surefire's includes, and nested classes are excluded, so the normal suite never runs them.
 * The statics are the fixtures' way to report back to the test that runs them.
 */
final class ExtensionFixtures {
    private ExtensionFixtures() {
    }

    @UdpTest
    static class FailsAfterReceiving {
        static final AtomicReference<UdpPeer> PEER = new AtomicReference<>();

        @Test
        @DisplayName("deliberately failing test")
        void fails(UdpPeer peer) {
            PEER.set(peer);
            try (UdpSender client = UdpSender.builder().target(peer.address()).build()) {
                client.send("hello");
                client.send(new byte[] {0, 1, 2});
            }
            peer.take(2, Duration.ofSeconds(10));
            assertThat("the real answer").isEqualTo("what the test wanted");
        }
    }

    @UdpTest
    static class FailsWithAProxy {
        static final AtomicReference<UdpPeer> SERVER = new AtomicReference<>();
        static final AtomicReference<UdpFaultProxy> PROXY = new AtomicReference<>();

        @Test
        @DisplayName("deliberately failing test with a proxy")
        void fails(UdpPeer server, UdpFaultProxy.Builder proxies) {
            SERVER.set(server);
            UdpFaultProxy proxy = proxies.target(server.address()).toTarget(Faults.none().dropEvery(2)).start();
            PROXY.set(proxy);
            try (UdpSender client = UdpSender.builder().target(proxy.address()).build()) {
                client.send("one");
                client.send("two");
            }
            server.take(2, Duration.ofMillis(500));
        }
    }

    @UdpTest
    static class FailsInBeforeEach {
        static final AtomicReference<UdpPeer> PEER = new AtomicReference<>();

        @org.junit.jupiter.api.BeforeEach
        void setUp(UdpPeer peer) {
            PEER.set(peer);
            peer.sendTo(peer.address(), "to myself");
            peer.take(Duration.ofSeconds(10));
            throw new IllegalStateException("setup failed on purpose");
        }

        @Test
        void neverRuns() {
        }
    }

    static class RegisteredAsField {
        static final AtomicReference<UdpPeer> PEER = new AtomicReference<>();

        @RegisterExtension
        final UdpPeerExtension udp = new UdpPeerExtension();

        @Test
        void passes(@UdpPeerOptions(echo = true) UdpPeer peer) {
            PEER.set(peer);
            try (UdpSender client = UdpSender.builder().target(peer.address()).build()) {
                client.send("echo me");
                assertThat(client.receive(Duration.ofSeconds(10)).orElseThrow().text()).isEqualTo("echo me");
            }
        }
    }

    @UdpTest
    @Execution(ExecutionMode.CONCURRENT)
    static class ParallelPeers {
        static final int PARALLELISM = 4;
        static final Set<InetSocketAddress> ADDRESSES = ConcurrentHashMap.newKeySet();
        static final CyclicBarrier TOGETHER = new CyclicBarrier(PARALLELISM);

        @RepeatedTest(8)
        void exchange(UdpPeer a, UdpPeer b) throws Exception {
            ADDRESSES.add(a.address());
            ADDRESSES.add(b.address());
            TOGETHER.await(30, TimeUnit.SECONDS); // fails unless PARALLELISM tests run at the same time
            a.sendTo(b.address(), "ping from " + a.port());
            assertThat(b.take(Duration.ofSeconds(10)).text()).isEqualTo("ping from " + a.port());
            b.sendTo(a.address(), "pong from " + b.port());
            assertThat(a.take(Duration.ofSeconds(10)).text()).isEqualTo("pong from " + b.port());
        }
    }
}
