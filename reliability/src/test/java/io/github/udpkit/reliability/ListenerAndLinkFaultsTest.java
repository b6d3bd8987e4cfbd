package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.ReceiverStats;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpListenerException;
import io.github.udpkit.UdpPortUnreachableException;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Misbehaving listeners and executors, and an ICMP port-unreachable storm: udpkit keeps going and counts. */
@Timeout(60)
class ListenerAndLinkFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void listenerThrowsOnEveryOtherDatagram_receiverKeepsReceivingAndCountsEach() throws Exception {
        AtomicLong calls = new AtomicLong();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (UdpReceiver receiver = UdpReceiver.builder()
                .receiveBufferSize(1024 * 1024)
                .onDatagram(d -> {
                    if (calls.incrementAndGet() % 2 == 0) {
                        throw new IllegalArgumentException("listener failure #" + calls.get() / 2);
                    }
                })
                .onError(errors::add)
                .start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            for (int i = 0; i < 1_000; i++) {
                sender.send(new byte[] {(byte) i, 1, 2});
            }
            await().atMost(WAIT).until(() -> receiver.stats().received() == 1_000
                    && receiver.stats().inFlight() == 0);
            ReceiverStats stats = receiver.stats();
            assertThat(stats.delivered()).isEqualTo(500);
            assertThat(stats.listenerFailures()).isEqualTo(500);
            assertThat(stats.kernelDrops()).hasValue(0);
            assertThat(errors).hasSize(500).allSatisfy(e -> assertThat(e).isInstanceOf(UdpListenerException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class));
            assertThat(errors.get(0)).hasMessage("onDatagram threw for the datagram from " + sender.localAddress()
                    + " (3 bytes): java.lang.IllegalArgumentException: listener failure #1");
            assertThat(receiver.isOpen()).isTrue();
        }
    }

    @Test
    void listenerBlocksForAWhile_theKernelBufferAbsorbsTheBurstAndNothingIsLost() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        try (UdpReceiver receiver = UdpReceiver.builder()
                .receiveBufferSize(4 * 1024 * 1024)
                .onDatagram(d -> {
                    if (calls.incrementAndGet() == 1) {
                        try { // the misbehaviour under test: the first call holds the receive thread
                            assertThat(release.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("first");
            await().atMost(WAIT).until(() -> calls.get() == 1); // the listener is now blocked
            for (int i = 0; i < 1_000; i++) {
                sender.send(new byte[256]);
            }
            assertThat(receiver.stats().received()).as("nothing more is read while the listener blocks")
                    .isEqualTo(1);
            release.countDown();
            await().atMost(WAIT).until(() -> receiver.stats().delivered() == 1_001);
            ReceiverStats stats = receiver.stats();
            assertThat(stats.received()).isEqualTo(1_001);
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.kernelDrops()).hasValue(0);
        }
    }

    @Test
    void executorRejectsEveryThirdTask_eachRejectionIsCountedAndReported() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        Executor rejecting = task -> {
            if (tasks.incrementAndGet() % 3 == 0) {
                throw new RejectedExecutionException("full");
            }
            task.run();
        };
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicLong delivered = new AtomicLong();
        try (UdpReceiver receiver = UdpReceiver.builder()
                .receiveBufferSize(1024 * 1024)
                .executor(rejecting)
                .onDatagram(d -> delivered.incrementAndGet())
                .onError(errors::add)
                .start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            for (int i = 0; i < 900; i++) {
                sender.send("datagram " + i);
            }
            await().atMost(WAIT).until(() -> receiver.stats().received() == 900 && receiver.stats().inFlight() == 0);
            ReceiverStats stats = receiver.stats();
            assertThat(stats.rejected()).isEqualTo(300);
            assertThat(stats.delivered()).isEqualTo(600).isEqualTo(delivered.get());
            assertThat(stats.received()).isEqualTo(stats.delivered() + stats.rejected());
            assertThat(errors).hasSize(300).allSatisfy(e -> assertThat(e).isInstanceOf(UdpListenerException.class)
                    .hasCauseInstanceOf(RejectedExecutionException.class));
            assertThat(errors.get(0)).hasMessage("executor rejected the datagram from " + sender.localAddress()
                    + " (10 bytes); it was not delivered");
        }
    }

    /**
     * A connected sender whose target refuses every datagram (the target's socket is connected elsewhere, so the
     * kernel answers each datagram with ICMP port unreachable) sends 2,000 datagrams: each send either succeeds or
     * throws {@link UdpPortUnreachableException}, never anything else, and once the target accepts again the very
     * same sender's datagrams arrive (reactor-netty#888: one unreachable killed the stream).
     */
    @Test
    void icmpUnreachableStorm_connectedSenderSurvivesAndRecovers() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramChannel elsewhere = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(loopback, 0));
             DatagramChannel target = DatagramChannel.open(StandardProtocolFamily.INET)
                     .bind(new InetSocketAddress(loopback, 0))) {
            target.connect(elsewhere.getLocalAddress()); // the kernel now refuses datagrams from anyone else
            try (UdpSender sender = UdpSender.builder().target((InetSocketAddress) target.getLocalAddress())
                    .build()) {
                int unreachable = 0;
                int sent = 0;
                for (int i = 0; i < 2_000; i++) {
                    try {
                        sender.send("storm " + i);
                        sent++;
                    } catch (UdpPortUnreachableException e) {
                        unreachable++;
                        assertThat(e.getMessage()).contains(target.getLocalAddress().toString());
                    }
                }
                assertThat(unreachable).as("ICMP port unreachable reported as the typed exception").isPositive();
                assertThat(sent + unreachable).isEqualTo(2_000);
                assertThat(sender.isOpen()).isTrue();
                System.out.println("FIGURE icmp storm: 2000 sends, " + unreachable + " UdpPortUnreachableException, "
                        + sent + " sent");

                target.disconnect(); // the target accepts again
                target.socket().setSoTimeout(200);
                byte[] buffer = new byte[64];
                String received = null;
                for (int attempt = 0; attempt < 50 && received == null; attempt++) { // bounded: 50 x 200 ms
                    try {
                        sender.send("after the storm");
                    } catch (UdpPortUnreachableException e) {
                        continue; // an error still pending from the storm is reported once
                    }
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        target.socket().receive(packet);
                    } catch (java.net.SocketTimeoutException e) {
                        continue;
                    }
                    received = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                }
                assertThat(received).isEqualTo("after the storm");
            } catch (UdpException e) {
                throw new AssertionError("only UdpPortUnreachableException may come out of the storm", e);
            }
        }
    }
}
