package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.DatagramTooLargeException;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * udpkit's claims about payload sizes, proved against real sockets with at least 200 generated cases each. Re-run a
 * failing case with the seed in its display name: {@code mvn verify -Dudpkit.seed=<seed>}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PayloadPropertiesTest {
    /** The kernel's drop count as {@code ReceiverStats.toString()} shows it: none dropped, or not published. */
    private static final String KERNEL_DROPS = Files.isReadable(Path.of("/proc/net/udp")) ? "0" : "n/a";
    private static final int LIMIT = 1024;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static UdpSender unconnectedSender(InetSocketAddress target) {
        String host = target.getAddress().getHostAddress();
        return UdpSender.builder().bind(host, 0).target(target).connected(false).build();
    }

    private static Datagram poll(BlockingQueue<Datagram> queue, String what) throws InterruptedException {
        Datagram d = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(d).as("%s within %s", what, WAIT).isNotNull();
        return d;
    }

    /** Sizes 0 to limit + 1 (edges 0, 1, 1023, 1024, 1025): delivered byte-identical up to the limit, else cut. */
    @ParameterizedTest
    @RandomPayloads(maxSize = LIMIT, samples = 200)
    void senderToReceiver_everyPayloadUpToTheLimitArrivesByteIdentical(Payload payload) throws Exception {
        assertReceiverDeliversOrTruncates(payload);
    }

    /**
     * Sizes 0 to the IPv4 maximum: over the limit, exactly the first limit bytes, reported truncated, never
     * delivered.
     */
    @ParameterizedTest
    @RandomPayloads(maxSize = LIMIT, largestSize = 65_507, samples = 200)
    void senderToReceiver_everyPayloadOverTheLimitIsReportedTruncatedWithExactlyTheFirstLimitBytes(Payload payload)
            throws Exception {
        assertReceiverDeliversOrTruncates(payload);
    }

    private static void assertReceiverDeliversOrTruncates(Payload payload) throws Exception {
        BlockingQueue<Datagram> delivered = new LinkedBlockingQueue<>();
        BlockingQueue<Datagram> truncated = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().maxDatagramSize(LIMIT).onDatagram(delivered::add)
                .onTruncated(truncated::add).start();
             UdpSender sender = unconnectedSender(receiver.localAddress())) {
            sender.send(payload.bytes());
            sender.send("end");
            byte[] sent = payload.bytes();
            if (payload.size() <= LIMIT) {
                Datagram d = poll(delivered, "the payload");
                assertThat(d.payload()).isEqualTo(sent);
                assertThat(d.truncated()).isFalse();
                assertThat(d.sender()).isEqualTo(sender.localAddress());
                assertThat(poll(delivered, "the end marker").text()).isEqualTo("end");
                assertThat(truncated).isEmpty();
            } else {
                Datagram d = poll(truncated, "the truncated payload");
                assertThat(d.truncated()).isTrue();
                assertThat(d.payload()).isEqualTo(Arrays.copyOf(sent, LIMIT));
                assertThat(poll(delivered, "the end marker").text()).as("never delivered as complete")
                        .isEqualTo("end");
                assertThat(delivered).isEmpty();
            }
            boolean cut = payload.size() > LIMIT;
            // counted once the listener has returned, so wait for it
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(WAIT)
                    .untilAsserted(() -> assertThat(receiver.stats()).hasToString("ReceiverStats[received=2, bytes="
                            + (Math.min(payload.size(), LIMIT) + 3L) + ", delivered=" + (cut ? 1 : 2) + ", truncated="
                            + (cut ? 1 : 0) + ", filtered=0, listenerFailures=0, rejected=0, overflowed=0, "
                            + "receiveErrors=0, kernelDrops=" + KERNEL_DROPS + ", inFlight=0]"));
        }
    }

    /** The same two claims through the testkit's own peer. */
    @ParameterizedTest
    @RandomPayloads(maxSize = LIMIT, largestSize = 4 * LIMIT, samples = 200)
    void senderToPeer_upToTheLimitArrivesByteIdentical_overItIsRecordedTruncated(Payload payload) {
        try (UdpPeer peer = UdpPeer.builder().maxDatagramSize(LIMIT).start();
             UdpSender sender = unconnectedSender(peer.address())) {
            sender.send(payload.bytes());
            Datagram d = peer.take(WAIT);
            byte[] sent = payload.bytes();
            if (payload.size() <= LIMIT) {
                UdpAssertions.assertThat(d).hasPayload(sent).isNotTruncated().isFrom(sender.localAddress());
            } else {
                UdpAssertions.assertThat(d).hasPayload(Arrays.copyOf(sent, LIMIT)).isTruncated();
            }
        }
    }

    /** Sizes around the IPv4 maximum and beyond: over 65,507 bytes is refused before any send. */
    @ParameterizedTest
    @RandomPayloads(maxSize = 65_507, largestSize = 70_000, samples = 200)
    void ipv4_everyPayloadOverTheProtocolMaximumIsRejectedBeforeSending(Payload payload) {
        assertProtocolMaximum(UdpPeer.start(), payload, 65_507, "IPv4");
    }

    /** Sizes around the IPv6 maximum and beyond: over 65,527 bytes is refused before any send. */
    @ParameterizedTest
    @RandomPayloads(maxSize = 65_527, largestSize = 70_000, samples = 200)
    void ipv6_everyPayloadOverTheProtocolMaximumIsRejectedBeforeSending(Payload payload) {
        assertProtocolMaximum(UdpPeer.builder().ipv6().start(), payload, 65_527, "IPv6");
    }

    private static void assertProtocolMaximum(UdpPeer started, Payload payload, int maximum, String family) {
        try (UdpPeer peer = started; UdpSender sender = unconnectedSender(peer.address())) {
            if (payload.size() <= maximum) {
                sender.send(payload.bytes());
                assertThat(peer.take(WAIT).payload()).isEqualTo(payload.bytes());
            } else {
                assertThatThrownBy(() -> sender.send(payload.bytes()))
                        .isExactlyInstanceOf(DatagramTooLargeException.class)
                        .hasMessage("payload of " + payload.size() + " bytes exceeds the " + family + " UDP maximum of "
                                + maximum + " bytes for " + family + " target " + peer.address()
                                + "; nothing was sent");
            }
            sender.send("marker");
            assertThat(peer.take(WAIT).text()).as("nothing else was sent before the marker").isEqualTo("marker");
            assertThat(peer.receivedCount()).isEqualTo(payload.size() <= maximum ? 2 : 1);
        }
    }

    /** Arbitrary Unicode whose UTF-8 fits the IPv4 maximum round-trips through send(String) and text(). */
    @ParameterizedTest
    @RandomText(maxUtf8Bytes = 65_507, samples = 200)
    void unicodeText_roundTripsThroughSendStringAndText(String text) {
        try (UdpPeer peer = UdpPeer.start(); UdpSender sender = unconnectedSender(peer.address())) {
            sender.send(text);
            Datagram d = peer.take(WAIT);
            assertThat(d.length()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
            assertThat(d.text()).isEqualTo(text);
        }
    }
}
