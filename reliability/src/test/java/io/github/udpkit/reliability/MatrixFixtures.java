package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.Payload;
import io.github.udpkit.testkit.RandomPayloads;
import io.github.udpkit.testkit.RandomText;
import io.github.udpkit.testkit.UdpCapture;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpPeerExtension;
import io.github.udpkit.testkit.UdpPeerOptions;
import io.github.udpkit.testkit.UdpTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Test classes the matrix runs through JUnit's engine to see what a user of the extension and the annotations would
 * see. Surefire does not run them itself: the names do not end in {@code Test}.
 */
final class MatrixFixtures {
    private MatrixFixtures() {
    }

    @UdpTest
    static class PeerOptionsZeroSize {
        @Test
        void test(@UdpPeerOptions(maxDatagramSize = 0) UdpPeer peer) {
            assertThat(peer).isNotNull();
        }
    }

    @UdpTest
    static class PeerOptionsIpv6 {
        @Test
        void test(@UdpPeerOptions(ipv6 = true) UdpPeer peer) {
            assertThat(peer.address().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        }
    }

    @UdpTest
    static class PeerOptionsEcho {
        @Test
        void test(@UdpPeerOptions(echo = true) UdpPeer peer) {
            try (UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
                sender.send("echo?");
                assertThat(sender.receive(Duration.ofSeconds(10)).orElseThrow().text()).isEqualTo("echo?");
            }
        }
    }

    static class Registered {
        @RegisterExtension
        final UdpPeerExtension extension = new UdpPeerExtension();

        @Test
        void test(UdpPeer peer) {
            assertThat(peer.isOpen()).isTrue();
        }
    }

    @UdpTest
    static class UnsupportedParameter {
        @Test
        void test(String notAPeer) {
            assertThat(notAPeer).isNotNull();
        }
    }

    @UdpTest
    static class PeerAndProxy {
        static final AtomicReference<UdpPeer> PEER = new AtomicReference<>();

        @Test
        void test(UdpPeer peer, UdpFaultProxy.Builder proxy) {
            PEER.set(peer);
            try (UdpFaultProxy started = proxy.target(peer.address()).start()) {
                assertThat(started.target()).isEqualTo(peer.address());
            }
        }
    }

    @UdpTest
    static class FailingTest {
        @Test
        void test(UdpPeer peer) {
            throw new AssertionError("test failed");
        }
    }

    @UdpTest
    static class FailingBeforeEach {
        @BeforeEach
        void setUp(UdpPeer peer) {
            throw new IllegalStateException("before each failed");
        }

        @Test
        void test() {
            assertThat(true).isTrue();
        }
    }

    @UdpTest
    static class FailingAfterEach {
        @AfterEach
        void tearDown(UdpPeer peer) {
            throw new IllegalStateException("after each failed");
        }

        @Test
        void test() {
            assertThat(true).isTrue();
        }
    }

    static class PayloadsZeroMax {
        @ParameterizedTest
        @RandomPayloads(maxSize = 0)
        void test(Payload payload) {
            assertThat(payload).isNotNull();
        }
    }

    static class PayloadsMinAboveMax {
        @ParameterizedTest
        @RandomPayloads(minSize = 11, maxSize = 10)
        void test(Payload payload) {
            assertThat(payload).isNotNull();
        }
    }

    static class PayloadsZeroSamples {
        @ParameterizedTest
        @RandomPayloads(maxSize = 10, samples = 0)
        void test(Payload payload) {
            assertThat(payload).isNotNull();
        }
    }

    static class PayloadsLargestTooSmall {
        @ParameterizedTest
        @RandomPayloads(maxSize = 10, largestSize = 5)
        void test(Payload payload) {
            assertThat(payload).isNotNull();
        }
    }

    static class PayloadsBadSeed {
        @ParameterizedTest
        @RandomPayloads(maxSize = 10, seed = "abc")
        void test(Payload payload) {
            assertThat(payload).isNotNull();
        }
    }

    static class TextTooSmall {
        @ParameterizedTest
        @RandomText(maxUtf8Bytes = 3)
        void test(String text) {
            assertThat(text).isNotNull();
        }
    }

    static class TextZeroSamples {
        @ParameterizedTest
        @RandomText(maxUtf8Bytes = 10, samples = 0)
        void test(String text) {
            assertThat(text).isNotNull();
        }
    }

    static class TextBadSeed {
        @ParameterizedTest
        @RandomText(maxUtf8Bytes = 10, seed = "1.5")
        void test(String text) {
            assertThat(text).isNotNull();
        }
    }

    @UdpTest
    @UdpCapture(UdpCapture.Mode.ALWAYS)
    static class CapturedAlways {
        @Test
        void passes(UdpPeer peer) {
            peer.sendTo(peer.address(), "x");
            peer.take(Duration.ofSeconds(10));
        }
    }
}
