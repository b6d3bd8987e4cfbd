package io.github.udpkit.benchmarks.jmh;

import io.github.udpkit.UdpReceiver;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The receive path, one datagram per operation: the benchmark thread sends a datagram over loopback (from a direct
 * buffer, allocating nothing) and spins until the receiver has handed it to its listener. Under {@code -prof gc},
 * {@code gc.alloc.rate.norm} counts the bytes every thread allocated per operation, so it shows what the receive
 * thread allocates per datagram; {@code raw} (a bare {@code DatagramChannel} loop) is the control that must show 0.
 * The time per operation is a full hand-off between two threads (wake-up included), not the receive cost alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReceivePathBenchmark {
    /** {@code raw}: DatagramChannel loop; {@code datagram}: udpkit onDatagram; {@code view}: udpkit onDatagramView. */
    @Param({"raw", "datagram", "view"})
    public String path;

    /** Payload bytes. */
    @Param({"32", "1472"})
    public int size;

    private final AtomicLong delivered = new AtomicLong();
    private long expected;
    private DatagramChannel out;
    private ByteBuffer payload;
    private InetSocketAddress target;
    private UdpReceiver receiver;
    private DatagramChannel rawChannel;
    private Thread rawThread;

    private void count() {
        delivered.setRelease(delivered.getPlain() + 1);
    }

    /**
     * Starts the receiver and the sending channel.
     *
     * @throws Exception if a socket cannot be opened
     */
    @Setup
    public void setUp() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        switch (path) {
            case "raw" -> {
                rawChannel = DatagramChannel.open(StandardProtocolFamily.INET).bind(loopback);
                ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
                rawThread = new Thread(() -> {
                    try {
                        while (true) {
                            buffer.clear();
                            rawChannel.receive(buffer);
                            count();
                        }
                    } catch (Exception closed) {
                        // closed by tearDown
                    }
                }, "raw-receiver");
                rawThread.start();
                target = (InetSocketAddress) rawChannel.getLocalAddress();
            }
            case "datagram" -> {
                receiver = UdpReceiver.builder().onDatagram(d -> count()).start();
                target = receiver.localAddress();
            }
            case "view" -> {
                receiver = UdpReceiver.builder().onDatagramView(v -> count()).start();
                target = receiver.localAddress();
            }
            default -> throw new IllegalArgumentException("path must be raw, datagram or view, was " + path);
        }
        out = DatagramChannel.open(StandardProtocolFamily.INET).connect(target);
        payload = ByteBuffer.allocateDirect(size);
    }

    /**
     * Sends one datagram and waits until the listener has seen it (re-sending after a second, should one be lost).
     *
     * @return the number delivered, so nothing is dead code
     * @throws Exception if sending fails
     */
    @Benchmark
    public long receive() throws Exception {
        long next = expected + 1;
        payload.clear();
        out.write(payload);
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
        out.close();
        if (receiver != null) {
            receiver.close();
        }
        if (rawChannel != null) {
            rawChannel.close();
            rawThread.join(1_000);
        }
    }
}
