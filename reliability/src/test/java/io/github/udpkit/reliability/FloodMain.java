package io.github.udpkit.reliability;

import io.github.udpkit.ReceiverStats;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The flood, run in a JVM of its own with a small heap ({@link FloodTest} starts it): one sender floods a receiver on
 * loopback with 1,024-byte datagrams for a fixed time while the heap is sampled every 20 ms. Prints one
 * {@code RESULT key=value ...} line.
 *
 * <p>Modes: {@code fast} (listener on the receive thread, counts only), {@code slow} (listener on a one-thread
 * executor with an unbounded queue, 1 ms per datagram, default {@code maxPending}), {@code unbounded} (as slow, but
 * {@code maxPending(Integer.MAX_VALUE)}: the negative control, which must run out of heap).
 */
public final class FloodMain {
    private FloodMain() {
    }

    /**
     * Runs one flood.
     *
     * @param args mode and seconds
     * @throws Exception if the flood cannot run
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long seconds = Long.parseLong(args[1]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 20, TimeUnit.MILLISECONDS);
        AtomicLong listened = new AtomicLong();
        ExecutorService executor = mode.equals("fast") ? null : Executors.newFixedThreadPool(1);
        UdpReceiver.Builder builder = UdpReceiver.builder()
                .maxDatagramSize(2048)
                .receiveBufferSize(4 * 1024 * 1024)
                .onError(e -> { }) // counted in the stats; the first overflow and every 1000th are reported
                .onDatagram(d -> {
                    listened.incrementAndGet();
                    if (executor != null) {
                        LockSupport.parkNanos(1_000_000); // the slow listener under test: 1 ms per datagram
                    }
                });
        if (executor != null) {
            builder.executor(executor);
        }
        if (mode.equals("unbounded")) {
            builder.maxPending(Integer.MAX_VALUE);
        }
        long sent = 0;
        long retainedAfterGc = 0;
        long start = System.nanoTime();
        try (UdpReceiver receiver = builder.start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            byte[] payload = new byte[1024];
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long middle = start + TimeUnit.SECONDS.toNanos(seconds) / 2;
            boolean measured = false;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 256; i++) {
                    sender.send(payload);
                    sent++;
                }
                if (!measured && System.nanoTime() > middle) {
                    measured = true;
                    System.gc(); // what the flood keeps alive, mid-flood, with the queue as full as it gets
                    retainedAfterGc = memory.getHeapMemoryUsage().getUsed();
                }
            }
            double floodSeconds = (System.nanoTime() - start) / 1e9;
            long total = sent;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            AtomicBoolean settled = new AtomicBoolean();
            while (System.nanoTime() < deadline) { // bounded: at most 60 s, polling every 10 ms
                ReceiverStats s = receiver.stats();
                if (s.inFlight() == 0 && s.received() + s.kernelDrops().orElse(0) == total) {
                    settled.set(true);
                    break;
                }
                LockSupport.parkNanos(10_000_000);
            }
            ReceiverStats s = receiver.stats();
            System.out.println("RESULT mode=" + mode + " settled=" + settled.get() + " seconds="
                    + String.format(java.util.Locale.ROOT, "%.1f", floodSeconds) + " sent=" + sent
                    + " received=" + s.received() + " delivered=" + s.delivered() + " listened=" + listened.get()
                    + " truncated=" + s.truncated() + " filtered=" + s.filtered()
                    + " listenerFailures=" + s.listenerFailures() + " rejected=" + s.rejected()
                    + " overflowed=" + s.overflowed() + " kernelDrops=" + s.kernelDrops().orElse(-1)
                    + " peakHeap=" + peakHeap.get() + " retainedAfterGc=" + retainedAfterGc
                    + " maxHeap=" + memory.getHeapMemoryUsage().getMax());
        } finally {
            sampler.shutdownNow();
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }
}
