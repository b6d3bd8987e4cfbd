package io.github.udpkit.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpException;
import io.github.udpkit.testkit.UdpAssertions;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpPeerOptions;
import io.github.udpkit.testkit.UdpTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@UdpTest
@Timeout(60)
class EchoClientTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static EchoClient client(InetSocketAddress target, long timeoutMillis, int attempts) {
        return EchoClient.open(target, Duration.ofMillis(timeoutMillis), attempts, 2.0, Duration.ofSeconds(10));
    }

    /** A short first wait, then a long one: the retry's answer cannot miss it even on a loaded machine. */
    private static EchoClient patientRetry(InetSocketAddress target, long firstMillis) {
        return EchoClient.open(target, Duration.ofMillis(firstMillis), 3, 10.0, Duration.ofSeconds(10));
    }

    @Test
    void answeredAtOnce_reportsTheFirstAttempt(@UdpPeerOptions(echo = true) UdpPeer server) {
        try (EchoClient client = client(server.address(), 2000, 3)) {
            EchoReply reply = client.request("ping");
            assertThat(reply.payload()).isEqualTo("ping".getBytes(StandardCharsets.UTF_8));
            assertThat(reply.attempt()).isEqualTo(1);
            UdpAssertions.assertThat(server).receivedWithin(WAIT).hasText("ping").isFrom(client.localAddress());
            assertThat(client.stats()).isEqualTo(new EchoClient.Stats(1, 1, 1, 0, 0));
        }
    }

    @Test
    void firstRequestLost_secondAttemptSucceeds_andTheRetryIsCounted(UdpPeer server) {
        AtomicInteger seen = new AtomicInteger();
        try (EchoClient client = patientRetry(server.address(), 150)) {
            server.replyWith(d -> seen.incrementAndGet() == 1 ? null : d.payload()); // "loses" the first request
            EchoReply reply = client.request("again");
            assertThat(reply.attempt()).isEqualTo(2);
            assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("again");
            assertThat(reply.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(server.take(2, WAIT)).extracting(Datagram::text).containsExactly("again", "again");
            assertThat(client.stats()).isEqualTo(new EchoClient.Stats(1, 2, 1, 0, 0));
            assertThat(client.stats().retries()).isEqualTo(1);
        }
    }

    @Test
    void aWrongOrLateAnswer_isStale_andNotTakenForTheEcho(@UdpPeerOptions(echo = true) UdpPeer server) {
        try (EchoClient client = patientRetry(server.address(), 300)) {
            server.enqueueReply("not your echo");
            EchoReply reply = client.request("mine");
            assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("mine");
            assertThat(reply.attempt()).isEqualTo(2);
            assertThat(client.stats()).isEqualTo(new EchoClient.Stats(1, 2, 1, 0, 1));
        }
    }

    @Test
    void silentServer_failsWithTheTimeoutMessage_afterTheConfiguredAttempts_withinTheExpectedTime(UdpPeer silent) {
        try (EchoClient client = client(silent.address(), 100, 3)) {
            assertThat(client.timeouts()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                    Duration.ofMillis(400));
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.request("anyone?"))
                    .isInstanceOf(EchoTimeoutException.class)
                    .hasMessage("no echo from 127.0.0.1:" + silent.port()
                            + " after 3 attempts (waited 100 + 200 + 400 = 700 ms)");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(elapsed).isBetween(Duration.ofMillis(700), Duration.ofMillis(700 + 3000));
            assertThat(silent.take(3, WAIT)).extracting(Datagram::text).containsExactly("anyone?", "anyone?",
                    "anyone?");
            silent.expectNothing(Duration.ofMillis(200));
            assertThat(client.stats()).isEqualTo(new EchoClient.Stats(1, 3, 0, 1, 0));
        }
    }

    @Test
    void closedPort_failsAfterTheConfiguredAttempts_andSaysNothingListens() {
        InetSocketAddress closed;
        try (UdpPeer gone = UdpPeer.start()) {
            closed = gone.address();
        }
        try (EchoClient client = client(closed, 100, 2)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.request("hello?"))
                    .isInstanceOf(EchoTimeoutException.class)
                    .hasMessage("no echo from 127.0.0.1:" + closed.getPort() + " after 2 attempts (waited 100 + 200"
                            + " = 300 ms); the target's port is unreachable: nothing listens there");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300),
                    Duration.ofMillis(300 + 3000));
        }
    }

    @Test
    void interruptedCaller_abandonsTheRequest_keepsTheInterrupt_andTheClientStaysUsable(
            @UdpPeerOptions(echo = true) UdpPeer server) {
        try (EchoClient client = client(server.address(), 2000, 3)) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> client.request("now?")).isExactlyInstanceOf(UdpException.class)
                        .hasMessage("echo request to 127.0.0.1:" + server.port() + " cancelled before attempt 1: the "
                                + "calling thread is interrupted");
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(client.request("later").attempt()).isEqualTo(1);
            assertThat(client.stats()).isEqualTo(new EchoClient.Stats(2, 1, 1, 1, 0));
        }
    }

    @Test
    void backoff_isCappedAtMaxTimeout() {
        try (UdpPeer server = UdpPeer.start();
             EchoClient client = EchoClient.open(server.address(), Duration.ofMillis(100), 5, 3.0,
                     Duration.ofMillis(500))) {
            assertThat(client.timeouts()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(300),
                    Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500));
        }
    }

    @Test
    void badSettings_areRejectedWithTheValue() {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", 7);
        assertThatThrownBy(() -> EchoClient.open(target, Duration.ZERO, 3, 2.0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be at least 1 ms, was 0 ms");
        assertThatThrownBy(() -> EchoClient.open(target, Duration.ofMillis(10), 0, 2.0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("attempts must be between 1 and 100, was 0");
        assertThatThrownBy(() -> EchoClient.open(target, Duration.ofMillis(10), 3, 0.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff must be between 1.0 and 10.0, was 0.5");
        assertThatThrownBy(() -> EchoClient.open(target, Duration.ofMillis(10), 3, 2.0, Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTimeout must be at least timeout (10 ms), was 5 ms");
    }
}
