package io.github.udpkit.benchmarks.jmh;

import io.github.udpkit.DatagramBatch;
import io.github.udpkit.UdpEngine;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What udpkit's native engine allocates per datagram, {@value #BATCH} datagrams per invocation (so every figure is
 * per datagram). Run it with {@code -prof gc} on a JDK 22+ (the fork enables native access itself); the goal of
 * {@code gc.alloc.rate.norm} is 0 B. On an older JDK, or from a udp-api jar without the native engine, the set-up
 * fails with {@code engine(NATIVE)}'s reason, and it fails too if {@code engine()} is not NATIVE.
 *
 * <ul>
 *   <li>{@code view-receive}: a native receiver with {@code onDatagramView} and its default receive batch
 *       (recvmmsg); the benchmark thread writes {@value #BATCH} datagrams from a direct buffer with a bare
 *       {@code DatagramChannel} (which allocates nothing) and spins until the listener has seen them all. The time
 *       includes the hand-off between two threads.
 *   <li>{@code batch-send}: a native sender's reused {@code DatagramBatch}: {@code clear()}, {@value #BATCH}
 *       {@code add(ByteBuffer)} of one size to its target, {@code send(batch)} (GSO where the kernel takes it), into a
 *       bare {@code DatagramChannel} that a thread drains into a direct buffer (allocating nothing).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NativePathBenchmark {
    /** Datagrams per invocation. */
    static final int BATCH = 32;

    /** {@code view-receive} or {@code batch-send}. */
    @Param({"view-receive", "batch-send"})
    public String path;

    /** Payload bytes. */
    @Param({"32", "1472"})
    public int size;

    private final AtomicLong delivered = new AtomicLong();
    private long expected;
    private UdpReceiver receiver;
    private DatagramChannel out;
    private UdpSender sender;
    private DatagramBatch batch;
    private DatagramChannel sink;
    private Thread drainer;
    private ByteBuffer payload;

    private void count() {
        delivered.setRelease(delivered.getPlain() + 1);
    }

    /**
     * Starts the native receiver or sender, and checks it runs on the native engine.
     *
     * @throws Exception if a socket cannot be opened
     */
    @Setup
    public void setUp() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        payload = ByteBuffer.allocateDirect(size);
        switch (path) {
            case "view-receive" -> {
                receiver = UdpReceiver.builder().engine(UdpEngine.NATIVE).bind(loopback)
                        .onDatagramView(v -> count()).start();
                if (receiver.engine() != UdpEngine.NATIVE) {
                    throw new IllegalStateException("receiver runs on " + receiver.engine() + ", not NATIVE");
                }
                out = DatagramChannel.open(StandardProtocolFamily.INET).connect(receiver.localAddress());
            }
            case "batch-send" -> {
                sink = DatagramChannel.open(StandardProtocolFamily.INET).bind(loopback);
                ByteBuffer drain = ByteBuffer.allocateDirect(65_536);
                drainer = new Thread(() -> {
                    try {
                        while (true) {
                            drain.clear();
                            sink.receive(drain);
                        }
                    } catch (Exception closed) {
                        // closed by tearDown
                    }
                }, "sink-drain");
                drainer.start();
                sender = UdpSender.builder().engine(UdpEngine.NATIVE)
                        .target((InetSocketAddress) sink.getLocalAddress()).build();
                if (sender.engine() != UdpEngine.NATIVE) {
                    throw new IllegalStateException("sender runs on " + sender.engine() + ", not NATIVE");
                }
                batch = sender.newBatch(BATCH);
            }
            default -> throw new IllegalArgumentException("path must be view-receive or batch-send, was " + path);
        }
    }

    /**
     * One invocation: {@value #BATCH} datagrams received or sent.
     *
     * @return a count, so nothing is dead code
     * @throws Exception if sending fails
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long datagram() throws Exception {
        if (batch != null) {
            batch.clear();
            for (int i = 0; i < BATCH; i++) {
                payload.clear();
                batch.add(payload);
            }
            return sender.send(batch);
        }
        long next = expected + BATCH;
        for (int i = 0; i < BATCH; i++) {
            payload.clear();
            out.write(payload);
        }
        expected = Delivery.await(delivered, next, out, payload);
        return expected;
    }

    /**
     * Closes everything.
     *
     * @throws Exception if closing fails
     */
    @TearDown
    public void tearDown() throws Exception {
        if (receiver != null) {
            receiver.close();
            out.close();
        }
        if (sender != null) {
            batch.close();
            sender.close();
            sink.close();
            drainer.join(1_000);
        }
    }
}
