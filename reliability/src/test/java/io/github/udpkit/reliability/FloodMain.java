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
 * {@code maxPending(Integer.MAX_VALUE)} and {@code maxPendingBytes(Long.MAX_VALUE)}: the negative control, which must
 * run out of heap), {@code large} (65,507-byte datagrams into a receiver with every default, listener on a one-thread
 * executor, 5 ms per datagram: the byte bound under test) and {@code largeUnbounded} (as large, but
 * {@code maxPendingBytes(Long.MAX_VALUE)}: its negative control, 1,024 datagrams of 64 KiB being the whole heap).
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
        boolean large = mode.startsWith("large");
        long listenerNanos = large ? 5_000_000 : 1_000_000; // the slow listener under test: 5 or 1 ms per datagram
        UdpReceiver.Builder builder = UdpReceiver.builder()
                .onError(e -> { }) // counted in the stats; the first overflow and every 1000th are reported
                .onDatagram(d -> {
                    listened.incrementAndGet();
                    if (executor != null) {
                        LockSupport.parkNanos(listenerNanos);
                    }
                });
        if (!large) {
            builder.maxDatagramSize(2048).receiveBufferSize(4 * 1024 * 1024);
        }
        if (executor != null) {
            builder.executor(executor);
        }
        if (mode.equals("unbounded")) {
            builder.maxPending(Integer.MAX_VALUE).maxPendingBytes(Long.MAX_VALUE);
        }
        if (mode.equals("largeUnbounded")) {
            builder.maxPendingBytes(Long.MAX_VALUE);
        }
        long sent = 0;
        long retainedAfterGc = 0;
        long start = System.nanoTime();
        try (UdpReceiver receiver = builder.start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            byte[] payload = new byte[large ? 65_507 : 1024];
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
                if (!receiver.isOpen() || s.inFlight() == 0 && s.received() + s.kernelDrops().orElse(0) == total) {
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
                    + " maxHeap=" + memory.getHeapMemoryUsage().getMax() + " open=" + receiver.isOpen()
                    + " failure=" + receiver.failure().map(f -> String.valueOf(f.getCause()).replace(' ', '_'))
                    .orElse("none"));
        } finally {
            sampler.shutdownNow();
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }
}
