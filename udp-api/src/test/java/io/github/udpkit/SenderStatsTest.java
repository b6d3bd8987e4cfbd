package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.WAIT;
import static io.github.udpkit.TestDatagrams.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SenderStatsTest {
    private final BlockingQueue<Datagram> delivered = new LinkedBlockingQueue<>();

    @Test
    void everySendIsCountedOnce_inItsOutcome() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(delivered::add).start()) {
            UdpSender sender = UdpSender.builder().target(receiver.localAddress()).maxDatagramSize(100).build();
            sender.send("hello");                                   // 5 bytes
            sender.send(new byte[] {1, 2, 3, 4}, 1, 2);              // 2 bytes
            sender.send(ByteBuffer.wrap(new byte[7]));               // 7 bytes
            sender.sendTo(receiver.localAddress(), new byte[1]);    // 1 byte
            assertThatThrownBy(() -> sender.send(new byte[101])).isInstanceOf(DatagramTooLargeException.class);
            assertThatThrownBy(() -> sender.send(new byte[0])).isExactlyInstanceOf(UdpException.class);
            assertThatThrownBy(() -> sender.sendTo(new InetSocketAddress("127.0.0.1", 9), new byte[1]))
                    .isInstanceOf(IllegalStateException.class); // another target: misuse, not counted
            assertThatThrownBy(() -> sender.send((byte[]) null)).isInstanceOf(NullPointerException.class);
            for (int i = 0; i < 4; i++) {
                next(delivered);
            }
            sender.close();
            assertThatThrownBy(() -> sender.send("late")).isInstanceOf(IllegalStateException.class);
            SenderStats stats = sender.stats();
            assertThat(stats.sent()).isEqualTo(4).isEqualTo(receiver.stats().received());
            assertThat(stats.bytes()).isEqualTo(15).isEqualTo(receiver.stats().bytes());
            assertThat(stats.refusedTooLarge()).isEqualTo(1);
            assertThat(stats.failed()).isEqualTo(1);
            assertThat(stats.refusedClosed()).isEqualTo(1);
            assertThat(stats.portUnreachable()).isZero();
            assertThat(stats.batches()).isZero();
            assertThat(stats.segments()).isZero();
            assertThat(stats.attempts()).isEqualTo(7);
            assertThat(stats).hasToString("SenderStats[sent=4, bytes=15, refusedTooLarge=1, refusedClosed=1, "
                    + "portUnreachable=0, failed=1, batches=0, segments=0]");
        }
    }

    @Test
    void portUnreachable_isCounted_andTheSenderGoesOn() {
        InetSocketAddress closed;
        try (UdpReceiver gone = UdpReceiver.builder().onDatagram(d -> { }).start()) {
            closed = gone.localAddress();
        }
        try (UdpSender sender = UdpSender.builder().target(closed).build()) {
            await().atMost(WAIT).until(() -> {
                try {
                    sender.send("anyone?");
                } catch (UdpPortUnreachableException e) {
                    return true;
                }
                return false;
            });
            SenderStats stats = sender.stats();
            assertThat(stats.portUnreachable()).isEqualTo(1);
            assertThat(stats.sent()).isPositive();
            assertThat(stats.attempts()).isEqualTo(stats.sent() + 1);
        }
    }
}
