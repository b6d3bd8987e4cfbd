package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UdpSenderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<Datagram> delivered = new LinkedBlockingQueue<>();

    private UdpReceiver receiver() {
        return UdpReceiver.builder().onDatagram(delivered::add).start();
    }

    private Datagram next() throws InterruptedException {
        Datagram d = delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(d).as("a datagram within %s", WAIT).isNotNull();
        return d;
    }

    @Test
    void everySendVariant_arrivesAsExactlyItsBytes() throws Exception {
        try (UdpReceiver receiver = receiver();
             UdpSender sender = UdpSender.builder().target("127.0.0.1", receiver.localAddress().getPort()).build()) {
            sender.send("Hello, World!");
            sender.send(new byte[] {1, 2, 3});
            sender.send(new byte[] {9, 8, 7, 6, 5}, 1, 3);
            ByteBuffer buffer = ByteBuffer.wrap(new byte[] {0, 42, 43, 0}).position(1).limit(3);
            sender.send(buffer);
            assertThat(buffer.remaining()).isZero();
            sender.sendTo(receiver.localAddress(), "to");
            assertThat(next().payload()).isEqualTo("Hello, World!".getBytes(StandardCharsets.UTF_8));
            assertThat(next().payload()).containsExactly(1, 2, 3);
            assertThat(next().payload()).containsExactly(8, 7, 6);
            assertThat(next().payload()).containsExactly(42, 43);
            assertThat(next().text()).isEqualTo("to");
        }
    }

    @Test
    void charset_isUsedForText() throws Exception {
        try (UdpReceiver receiver = receiver();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress())
                     .charset(StandardCharsets.UTF_16BE).build()) {
            sender.send("é");
            assertThat(next().payload()).containsExactly(0x00, 0xe9);
        }
    }

    @Test
    void overTheIpv4Maximum_throwsBeforeSending_andNothingArrives() throws Exception {
        try (UdpReceiver receiver = receiver();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            InetSocketAddress target = receiver.localAddress();
            assertThatThrownBy(() -> sender.send(new byte[65_508]))
                    .isInstanceOf(DatagramTooLargeException.class)
                    .hasMessage("payload of 65508 bytes exceeds the IPv4 UDP maximum of 65507 bytes for IPv4 target "
                            + target + "; nothing was sent")
                    .satisfies(e -> {
                        DatagramTooLargeException tooLarge = (DatagramTooLargeException) e;
                        assertThat(tooLarge.size()).isEqualTo(65_508);
                        assertThat(tooLarge.limit()).isEqualTo(65_507);
                        assertThat(tooLarge.target()).isEqualTo(target);
                    });
            sender.send(new byte[65_507]);
            sender.send("marker");
            assertThat(next().length()).isEqualTo(65_507);
            assertThat(next().text()).isEqualTo("marker");
            assertThat(receiver.stats().received()).isEqualTo(2);
        }
    }

    @Test
    void overTheSendersOwnLimit_throwsBeforeSending_andNothingArrives() throws Exception {
        try (UdpReceiver receiver = receiver();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).maxDatagramSize(1472).build()) {
            assertThatThrownBy(() -> sender.send("x".repeat(1473)))
                    .isInstanceOf(DatagramTooLargeException.class)
                    .hasMessage("payload of 1473 bytes exceeds this sender's maxDatagramSize of 1472 bytes for IPv4 "
                            + "target " + receiver.localAddress() + "; nothing was sent");
            sender.send("x".repeat(1472));
            sender.send("marker");
            assertThat(next().length()).isEqualTo(1472);
            assertThat(next().text()).isEqualTo("marker");
        }
    }

    @Test
    void send_afterClose_isAClearError() {
        UdpSender sender = UdpSender.builder().target("127.0.0.1", 5005).build();
        sender.close();
        sender.close();
        assertThat(sender.isOpen()).isFalse();
        assertThatThrownBy(() -> sender.send("late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sender is closed; cannot send to /127.0.0.1:5005");
        assertThatThrownBy(() -> sender.receive(WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sender is closed; cannot receive on " + sender.localAddress());
    }

    @Test
    void send_withoutTarget_andSendTo_elsewhereWhenConnected_areClearErrors() {
        try (UdpSender free = UdpSender.builder().build();
             UdpSender connected = UdpSender.builder().target("127.0.0.1", 5005).build()) {
            assertThatThrownBy(() -> free.send("x"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("sender has no target; set target(...) on the builder or use sendTo(...)");
            InetSocketAddress elsewhere = new InetSocketAddress("127.0.0.1", 5006);
            assertThatThrownBy(() -> connected.sendTo(elsewhere, "x"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("sender is connected to /127.0.0.1:5005 and cannot send to /127.0.0.1:5006; "
                            + "build it with connected(false) to send to many targets");
        }
    }

    @Test
    void emptyPayload_isSentUnconnected_andRefusedLoudlyWhenConnected() throws Exception {
        try (UdpReceiver receiver = receiver();
             UdpSender unconnected = UdpSender.builder().target(receiver.localAddress()).connected(false).build();
             UdpSender connected = UdpSender.builder().engine(UdpEngine.NIO).target(receiver.localAddress()).build()) {
            unconnected.send(new byte[0]);
            assertThat(next().length()).isZero();
            assertThatThrownBy(() -> connected.send(""))
                    .isExactlyInstanceOf(UdpException.class)
                    .hasMessage("cannot send an empty datagram to " + receiver.localAddress() + " on a connected "
                            + "socket: the JDK's DatagramChannel silently skips zero-length sends when connected; "
                            + "build the sender with connected(false) to send empty datagrams");
        }
    }

    @Test
    void unconnectedSender_sendsToManyTargets() throws Exception {
        BlockingQueue<Datagram> second = new LinkedBlockingQueue<>();
        try (UdpReceiver a = receiver();
             UdpReceiver b = UdpReceiver.builder().onDatagram(second::add).start();
             UdpSender sender = UdpSender.builder().target(a.localAddress()).connected(false).build()) {
            assertThat(sender.isConnected()).isFalse();
            sender.send("to a");
            sender.sendTo(b.localAddress(), "to b");
            assertThat(next().text()).isEqualTo("to a");
            assertThat(second.poll(5, TimeUnit.SECONDS)).extracting(Datagram::text).isEqualTo("to b");
        }
    }

    @Test
    void receive_timesOutEmpty_whenNothingAnswers() {
        try (UdpReceiver silent = receiver();
             UdpSender sender = UdpSender.builder().target(silent.localAddress()).build()) {
            long start = System.nanoTime();
            assertThat(sender.receive(Duration.ofMillis(200))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150),
                    Duration.ofSeconds(2));
        }
    }

    @Test
    void receive_marksAReplyOverTheLimitAsTruncated() {
        AtomicReference<UdpReceiver> server = new AtomicReference<>();
        try (UdpReceiver echo = UdpReceiver.builder()
                .onDatagram(d -> server.get().reply(d, new byte[200]))
                .start();
             UdpSender sender = UdpSender.builder().target(echo.localAddress()).maxDatagramSize(100).build()) {
            server.set(echo);
            sender.send("ask");
            Datagram reply = sender.receive(WAIT).orElseThrow();
            assertThat(reply.truncated()).isTrue();
            assertThat(reply.length()).isEqualTo(100);
        }
    }

    @Test
    void connectedToAPortWhereNothingListens_getsTheTypedUnreachableError_andStaysUsable() throws Exception {
        InetSocketAddress dead;
        try (UdpReceiver placeholder = receiver()) {
            dead = placeholder.localAddress();
        }
        try (UdpSender sender = UdpSender.builder().target(dead).build()) {
            AtomicReference<UdpPortUnreachableException> seen = new AtomicReference<>();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                try {
                    sender.send("anyone?");
                    return false;
                } catch (UdpPortUnreachableException e) {
                    seen.set(e);
                    return true;
                }
            });
            assertThat(seen.get())
                    .hasMessage("port unreachable: " + dead + " refused an earlier datagram (nothing listens there); "
                            + "the sender is still open")
                    .hasCauseInstanceOf(java.net.PortUnreachableException.class);
            assertThat(seen.get().target()).isEqualTo(dead);
            assertThat(sender.isOpen()).isTrue();
            try (UdpReceiver revived = UdpReceiver.builder().bind(dead).onDatagram(delivered::add).start()) {
                assertThat(revived.localAddress()).isEqualTo(dead);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                    try {
                        sender.send("now?");
                    } catch (UdpPortUnreachableException stale) {
                        return false; // an ICMP error from before the receiver was bound
                    }
                    return !delivered.isEmpty();
                });
                assertThat(next().text()).isEqualTo("now?");
            }
        }
    }

    @Test
    void bindingATakenLocalPort_throwsUdpBindExceptionNamingIt() {
        try (UdpReceiver taken = receiver()) {
            assertThatThrownBy(() -> UdpSender.builder().bind(taken.localAddress()).build())
                    .isInstanceOf(UdpBindException.class)
                    .hasMessageStartingWith("cannot bind UDP socket to " + taken.localAddress() + ": ");
        }
    }
}
