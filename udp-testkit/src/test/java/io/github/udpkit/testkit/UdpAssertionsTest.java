package io.github.udpkit.testkit;

import static io.github.udpkit.testkit.UdpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpSender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UdpAssertionsTest {
    private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 40_000);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Datagram datagram(String text, boolean truncated) {
        return new Datagram(FROM, text.getBytes(StandardCharsets.UTF_8), Instant.EPOCH, truncated);
    }

    @Test
    void datagramAssertions_passOnMatchingValues() {
        assertThat(datagram("hello", false)).hasText("hello").hasPayload("hello".getBytes(StandardCharsets.UTF_8))
                .hasLength(5).isFrom(FROM).isNotTruncated();
        assertThat(datagram("cut", true)).isTruncated();
    }

    @Test
    void hasPayload_showsBothAsTextOrHex_andTheFirstDifference() {
        assertThatThrownBy(() -> assertThat(datagram("hello", false))
                .hasPayload("help".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting the datagram from /127.0.0.1:40000 to have payload\n  4 bytes \"help\"\n"
                        + "but it was\n  5 bytes \"hello\"\nfirst difference at byte 3");
        Datagram binary = new Datagram(FROM, new byte[] {0, 1, 2}, Instant.EPOCH, false);
        assertThatThrownBy(() -> assertThat(binary).hasPayload(new byte[] {0, 1, 3}))
                .hasMessage("Expecting the datagram from /127.0.0.1:40000 to have payload\n  3 bytes 0x000103\n"
                        + "but it was\n  3 bytes 0x000102\nfirst difference at byte 2");
    }

    @Test
    void anEmptyPayload_isRenderedAsUdpApiRendersIt_everywhere() {
        Datagram empty = new Datagram(FROM, new byte[0], Instant.EPOCH, false);
        org.assertj.core.api.Assertions.assertThat(empty.toString()).contains("payload=\"\"");
        assertThatThrownBy(() -> assertThat(empty).hasLength(1))
                .hasMessage("Expecting the datagram from /127.0.0.1:40000 to have 1 bytes but it had 0 bytes \"\"");
        org.assertj.core.api.Assertions.assertThat(new Payload(new byte[0], true, 7))
                .hasToString("Payload[size=0 (edge), seed=7, bytes=\"\"]");
        try (UdpPeer a = UdpPeer.start(); UdpPeer b = UdpPeer.start()) {
            a.sendTo(b.address(), new byte[0]);
            b.take(Duration.ofSeconds(5));
            org.assertj.core.api.Assertions.assertThat(b.journalReport()).endsWith(": 0 bytes \"\"");
        }
    }

    @Test
    void longPayloads_areAbbreviatedInMessages() {
        Datagram big = datagram("x".repeat(1000), false);
        assertThatThrownBy(() -> assertThat(big).hasText("y"))
                .hasMessage("Expecting the datagram from /127.0.0.1:40000 to have text\n  1 byte \"y\"\nbut it was\n"
                        + "  1000 bytes \"" + "x".repeat(64) + "\"…(+936 bytes)");
    }

    @Test
    void lengthSenderAndTruncation_failWithReadableMessages() {
        assertThatThrownBy(() -> assertThat(datagram("abc", false)).hasLength(4))
                .hasMessage("Expecting the datagram from /127.0.0.1:40000 to have 4 bytes but it had 3 bytes \"abc\"");
        assertThatThrownBy(() -> assertThat(datagram("abc", false)).isFrom(new InetSocketAddress("127.0.0.1", 1)))
                .hasMessage("Expecting the datagram 3 bytes \"abc\" to come from /127.0.0.1:1 but it came from "
                        + "/127.0.0.1:40000");
        assertThatThrownBy(() -> assertThat(datagram("abc", false)).isTruncated())
                .hasMessage("Expecting the datagram from /127.0.0.1:40000 to be truncated but it was complete: "
                        + "3 bytes \"abc\"");
        assertThatThrownBy(() -> assertThat(datagram("abc", true)).isNotTruncated())
                .hasMessage("Expecting the datagram from /127.0.0.1:40000 to be complete but it was truncated to "
                        + "3 bytes \"abc\"");
        assertThatThrownBy(() -> assertThat((Datagram) null).hasLength(1)).isInstanceOf(AssertionError.class);
    }

    @Test
    void peerAssertions_waitTakeAndCompareInOrder() {
        try (UdpPeer peer = UdpPeer.start(); UdpSender client = UdpSender.builder().target(peer.address()).build()) {
            client.send("first");
            assertThat(peer).receivedWithin(WAIT).hasText("first").isFrom(client.localAddress()).isNotTruncated();
            client.send("a");
            client.send("b");
            assertThat(peer).receivedInOrder(WAIT, "a", "b").receivedNothingFor(Duration.ofMillis(100))
                    .hasReceivedCount(3);
            client.send(new byte[] {9});
            assertThat(peer).receivedPayloadsInOrder(WAIT, new byte[] {9});
        }
    }

    @Test
    void peerAssertions_failWithTheAddressTheWaitAndWhatCame() {
        try (UdpPeer peer = UdpPeer.start(); UdpSender client = UdpSender.builder().target(peer.address()).build()) {
            assertThatThrownBy(() -> assertThat(peer).receivedWithin(Duration.ofMillis(100)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage(peer + ": nothing received within 100 ms\njournal: empty");
            client.send("b");
            client.send("a");
            assertThatThrownBy(() -> assertThat(peer).receivedInOrder(WAIT, "a", "b"))
                    .hasMessage("Expecting " + peer + " to receive in order:\n  1. 1 byte \"a\"\n  2. 1 byte \"b\"\n"
                            + "but it received:\n  1. 1 byte \"b\"\n  2. 1 byte \"a\"");
            client.send("late");
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> peer.receivedCount() == 3);
            assertThatThrownBy(() -> assertThat(peer).receivedNothingFor(Duration.ofMillis(100)))
                    .hasMessageStartingWith(peer + ": expected nothing within 100 ms, received 1 datagram:\n  #3 from ")
                    .hasMessageEndingWith(": 4 bytes \"late\"");
            assertThatThrownBy(() -> assertThat(peer).hasReceivedCount(2))
                    .hasMessageStartingWith("Expecting " + peer + " to have received 2 datagrams but it received 3:\n"
                            + "  #1 from ");
        }
    }
}
