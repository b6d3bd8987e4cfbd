package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.internal.KernelUdpTable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A slow listener lets the kernel buffer overflow; the stats show exactly what the kernel dropped. */
@Timeout(60)
class KernelDropsTest {

    @Test
    void floodAgainstASlowListener_kernelDropsEqualSentMinusReceived() throws Exception {
        Assumptions.assumeTrue(KernelUdpTable.available(), "the kernel's UDP table (/proc/net/udp) is Linux only");
        int sent = 2_000;
        CountDownLatch release = new CountDownLatch(1);
        try (UdpReceiver receiver = UdpReceiver.builder()
                .receiveBufferSize(16 * 1024)
                .onDatagram(d -> {
                    try {
                        release.await(20, TimeUnit.SECONDS); // slow: holds the thread until the flood is over
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            for (int i = 0; i < sent; i++) {
                sender.send(new byte[512]);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.stats().kernelDrops().orElse(0) > 0);
            release.countDown();
            // drain: everything the kernel kept is read, nothing is queued any more
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    KernelUdpTable.queuedBytes(receiver.localAddress()).orElse(-1) == 0
                            && receiver.stats().inFlight() == 0);
            ReceiverStats stats = receiver.stats();
            assertThat(stats.kernelDrops()).isPresent();
            assertThat(stats.kernelDrops().getAsLong()).isPositive()
                    .isEqualTo(sent - stats.received());
            assertThat(stats.delivered()).isEqualTo(stats.received());
        }
    }

    @Test
    void kernelDrops_areAbsentAfterClose() {
        UdpReceiver receiver = UdpReceiver.builder().onDatagram(d -> { }).start();
        receiver.close();
        assertThat(receiver.stats().kernelDrops()).isEmpty();
    }
}
