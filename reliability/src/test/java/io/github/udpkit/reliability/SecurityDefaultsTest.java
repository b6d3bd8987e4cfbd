package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpPeer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Security defaults: loopback unless told otherwise, and no payload ever written to a log line in full (udpkit logs
 * through {@code System.Logger}, captured here through java.util.logging).
 */
@Timeout(120)
class SecurityDefaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Any run of this many payload bytes in a log line counts as the payload logged. */
    private static final int LEAK_WINDOW = 33;

    @Test
    void everythingListensOnLoopbackUnlessToldOtherwise() {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(d -> { }).start();
             UdpReceiver onPort = UdpReceiver.builder().port(0).onDatagram(d -> { }).start();
             UdpPeer peer = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).start()) {
            assertThat(receiver.localAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(onPort.localAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(peer.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(proxy.address().getAddress().isLoopbackAddress()).isTrue();
        }
    }

    /** A payload that would show in a log: long, unique, with control characters that could forge log lines. */
    static byte[] secretPayload(int size) {
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder text = new StringBuilder("SECRET-");
        while (text.length() < size - 40) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        text.append("\u001b[31m\r\n2026-01-01 FORGED LOG LINE\u0000");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Fails if any line holds {@value #LEAK_WINDOW} consecutive characters of the payload, or its control bytes. */
    static void assertNoPayloadIn(List<String> lines, byte[] payload) {
        String secret = new String(payload, StandardCharsets.UTF_8);
        for (String line : lines) {
            assertThat(line).doesNotContain("\u001b").doesNotContain("FORGED LOG LINE").doesNotContain("SECRET-");
            for (int i = 0; i + LEAK_WINDOW <= secret.length(); i += 7) {
                assertThat(line).doesNotContain(secret.substring(i, i + LEAK_WINDOW));
            }
        }
    }

    @Test
    void noLogLineHoldsAPayload_whateverGoesWrong() throws Exception {
        byte[] secret = secretPayload(2_000);
        List<String> lines = new ArrayList<>();
        try (LogCapture log = new LogCapture("io.github.udpkit")) {
            // 1. truncated, no onTruncated: logged with sender and size
            try (UdpReceiver r = UdpReceiver.builder().maxDatagramSize(100).onDatagram(d -> { }).start();
                 UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                s.send(secret);
                await().atMost(WAIT).until(() -> r.stats().truncated() == 1);
            }
            // 2. a listener that throws, no onError
            try (UdpReceiver r = UdpReceiver.builder().onDatagram(d -> {
                throw new IllegalStateException("listener failed for " + d.length() + " bytes");
            }).start();
                 UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                s.send(secret);
                await().atMost(WAIT).until(() -> r.stats().listenerFailures() == 1);
            }
            // 3. an executor that rejects, no onError
            try (UdpReceiver r = UdpReceiver.builder().executor(task -> {
                throw new RejectedExecutionException("no room");
            }).onDatagram(d -> { }).start();
                 UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                s.send(secret);
                await().atMost(WAIT).until(() -> r.stats().rejected() == 1);
            }
            // 4. overflow of maxPending(1), no onError
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger started = new AtomicInteger();
            Thread[] worker = new Thread[1];
            try (UdpReceiver r = UdpReceiver.builder().maxPending(1).executor(task -> {
                worker[0] = new Thread(task, "security-slow-listener");
                worker[0].start();
            }).onDatagram(d -> {
                started.incrementAndGet();
                try {
                    assertThat(release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).start();
                 UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                s.send(secret);
                await().atMost(WAIT).until(() -> started.get() == 1);
                s.send(secret);
                await().atMost(WAIT).until(() -> r.stats().overflowed() == 1);
                release.countDown();
                worker[0].join(WAIT.toMillis());
            }
            // 5. a source filter that throws, no onError
            try (UdpReceiver r = UdpReceiver.builder().acceptFrom(from -> {
                throw new IllegalArgumentException("filter failed");
            }).onDatagram(d -> { }).start();
                 UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                s.send(secret);
                await().atMost(WAIT).until(() -> r.stats().filtered() == 1);
            }
            // 6. an onError that throws
            try (UdpReceiver r = UdpReceiver.builder().onDatagram(d -> {
                throw new IllegalStateException("listener failed");
            }).onError(e -> {
                throw new IllegalStateException("onError failed");
            }).start();
                 UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                s.send(secret);
                await().atMost(WAIT).until(() -> r.stats().listenerFailures() == 1);
            }
            await().atMost(WAIT).until(() -> log.messages().size() >= 6);
            lines.addAll(log.fullText());
            assertThat(log.messages()).anySatisfy(m -> assertThat(m).startsWith("WARNING truncated datagram from "))
                    .anySatisfy(m -> assertThat(m).startsWith("WARNING onDatagram threw for the datagram from "))
                    .anySatisfy(m -> assertThat(m).startsWith("WARNING executor rejected the datagram from "))
                    .anySatisfy(m -> assertThat(m).startsWith("WARNING the callback executor is 1 datagrams behind"))
                    .anySatisfy(m -> assertThat(m).startsWith("WARNING acceptFrom threw for the datagram from "))
                    .anySatisfy(m -> assertThat(m).isEqualTo("WARNING onError threw while handling an error; both "
                            + "follow"));
        }
        assertNoPayloadIn(lines, secret);
        System.out.println("FIGURE log lines checked: " + lines.size());
    }

    @Test
    void datagramToString_capsAndEscapesThePayload() {
        byte[] secret = secretPayload(2_000);
        Datagram d = new Datagram(new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 4000), secret, Instant.EPOCH,
                false);
        String text = d.toString();
        assertThat(text).startsWith("Datagram[from=/127.0.0.1:4000, length=" + secret.length + ", payload=")
                .hasSizeLessThan(300);
        assertThat(text.chars().filter(c -> c < 0x20 || c == 0x7f).count()).as("control characters").isZero();
        assertThat(text).doesNotContain("FORGED LOG LINE").doesNotContain(new String(secret, 0, 65,
                StandardCharsets.UTF_8));
    }

    @Test
    void peerJournalReport_capsAndEscapesEveryPayload() throws Exception {
        byte[] secret = secretPayload(2_000);
        try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build()) {
            s.send(secret);
            s.send(new byte[] {0x1b, '[', '2', 'J', '\r', '\n'});
            peer.take(2, WAIT);
            String report = peer.journalReport();
            assertThat(report).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("FORGED LOG LINE");
            assertThat(report.lines().count()).isEqualTo(4); // peer, journal header, one line per datagram
        }
    }
}
