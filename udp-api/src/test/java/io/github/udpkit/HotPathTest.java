package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hot-path changes: staged {@code send(byte[])}, the default receive buffer, the receive clock. */
@Timeout(60)
class HotPathTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static byte[] payload(int thread, int index) {
        // Different lengths and contents per datagram: bytes of two concurrent sends mixed in the staging buffer
        // would show as a wrong length or a wrong byte.
        byte[] bytes = new byte[8 + (thread * 131 + index * 17) % 1400];
        Arrays.fill(bytes, (byte) (thread * 16 + index % 16));
        bytes[0] = (byte) thread;
        bytes[1] = (byte) (index >>> 8);
        bytes[2] = (byte) index;
        return bytes;
    }

    @Test
    void concurrentByteArraySends_ofDifferentSizes_arriveExactlyOnceAndIntact() throws Exception {
        int threads = 4;
        int perThread = 500;
        BlockingQueue<Datagram> delivered = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(delivered::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            sender.send(payload(thread, i));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            await().atMost(WAIT).until(() -> delivered.size() >= threads * perThread);
            Set<String> expected = new HashSet<>();
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    expected.add(Arrays.toString(payload(t, i)));
                }
            }
            List<String> got = delivered.stream().map(d -> Arrays.toString(d.payload())).toList();
            assertThat(got).hasSize(threads * perThread);
            assertThat(new HashSet<>(got)).isEqualTo(expected);
        }
    }

    @Test
    void byteArraySlices_andWholeArrays_alternating_sendExactlyTheirBytes() throws Exception {
        BlockingQueue<Datagram> delivered = new LinkedBlockingQueue<>();
        byte[] big = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(delivered::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send(big);
            sender.send(big, 3, 4);
            sender.send(new byte[] {42});
            sender.send(big, 19, 1);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Datagram d = delivered.poll(5, TimeUnit.SECONDS);
                assertThat(d).as("datagram %d", i).isNotNull();
                texts.add(d.text());
            }
            assertThat(texts).containsExactly("0123456789abcdefghij", "3456", "*", "j");
        }
    }

    @Test
    void defaultReceiveBuffer_asksForFourMiB_andDoesNotWarnWhenTheKernelGrantsLess() throws Exception {
        Path rmemMax = Path.of("/proc/sys/net/core/rmem_max");
        assumeThat(Files.isReadable(rmemMax)).as("Linux, where rmem_max is readable").isTrue();
        int max;
        try (InputStream in = Files.newInputStream(rmemMax)) { // not readAllBytes(Path): /proc reports no size
            max = Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
        int granted = Math.min(4 * 1024 * 1024, max);
        try (LogCapture log = new LogCapture(UdpReceiver.class);
             UdpReceiver receiver = UdpReceiver.builder().onDatagram(d -> { }).start()) {
            // Linux clamps the request to rmem_max; most kernels then report twice what they keep (bookkeeping).
            assertThat(receiver.receiveBufferSize()).isBetween(granted, 2 * granted);
            assertThat(log.messages()).isEmpty();
        }
    }

    @Test
    void receiveClock_followsTheWallClockWithinAMillisecond_andNeverGoesBackBetweenAnchors() {
        ReceiveLoop.ReceiveClock clock = new ReceiveLoop.ReceiveClock();
        long slack = 1_000_000; // the wall clock itself may step by microseconds between two reads on a VM
        long before = epochNanos(java.time.Instant.now());
        long first = clock.epochNanos();
        long second = clock.epochNanos();
        long after = epochNanos(java.time.Instant.now());
        assertThat(first).isBetween(before - slack, after + slack);
        assertThat(second).isBetween(first, after + slack);
    }

    private static long epochNanos(java.time.Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
