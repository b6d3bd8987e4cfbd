package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.Datagram;
import io.github.udpkit.DatagramTooLargeException;
import io.github.udpkit.SenderStats;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.UdpPeer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A sender's stats against what a real peer received: datagrams and bytes, exactly, through every send variant. */
@Timeout(60)
class SenderStatsPeerTest {
    @Test
    void sentAndBytes_equalWhatThePeerReceived_andRefusalsAreCountedNotSent() {
        Random random = new Random(15);
        try (UdpPeer peer = UdpPeer.start()) {
            UdpSender sender = UdpSender.builder().target(peer.address()).connected(false).maxDatagramSize(1472)
                    .build();
            long bytes = 0;
            int sent = 0;
            int refused = 0;
            for (int i = 0; i < 300; i++) {
                int size = random.nextInt(1600);
                byte[] payload = new byte[size];
                random.nextBytes(payload);
                try {
                    switch (i % 3) {
                        case 0 -> sender.send(payload);
                        case 1 -> sender.send(ByteBuffer.wrap(payload));
                        default -> sender.sendTo(peer.address(), payload);
                    }
                    sent++;
                    bytes += size;
                } catch (DatagramTooLargeException e) {
                    refused++;
                }
            }
            List<Datagram> received = peer.take(sent, Duration.ofSeconds(10));
            peer.expectNothing(Duration.ofMillis(200));
            SenderStats stats = sender.stats();
            assertThat(stats.sent()).isEqualTo(sent).isEqualTo(received.size());
            assertThat(stats.bytes()).isEqualTo(bytes)
                    .isEqualTo(received.stream().mapToLong(Datagram::length).sum());
            assertThat(stats.refusedTooLarge()).isEqualTo(refused).isPositive();
            assertThat(stats.failed() + stats.refusedClosed() + stats.portUnreachable()).isZero();
            sender.close();
            assertThatThrownBy(() -> sender.send(new byte[1])).isInstanceOf(IllegalStateException.class);
            assertThat(sender.stats().refusedClosed()).isEqualTo(1);
            assertThat(sender.stats().attempts()).isEqualTo(300 + 1);
        }
    }
}
