package io.github.udpkit.benchmarks.jmh;

import io.github.udpkit.UdpSender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
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
 * One send per operation over loopback into a socket nobody reads (the kernel drops what its buffer cannot hold; the
 * send itself completes as usual). Under {@code -prof gc} this shows what each API allocates per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SendBenchmark {
    /**
     * {@code udpkit-bytes}: {@code UdpSender.send(byte[])}; {@code udpkit-direct}: {@code send(ByteBuffer)} with a
     * direct buffer; {@code jdk-wrap}: {@code DatagramChannel.send(ByteBuffer.wrap(bytes), target)};
     * {@code jdk-direct}: {@code DatagramChannel.send} of a reused direct buffer.
     */
    @Param({"udpkit-bytes", "udpkit-direct", "jdk-wrap", "jdk-direct"})
    public String api;

    /** Payload bytes. */
    @Param({"32", "1472"})
    public int size;

    private DatagramChannel sink;
    private DatagramChannel raw;
    private UdpSender sender;
    private InetSocketAddress target;
    private byte[] bytes;
    private ByteBuffer direct;

    /**
     * Opens the sink and the senders.
     *
     * @throws Exception if a socket cannot be opened
     */
    @Setup
    public void setUp() throws Exception {
        sink = DatagramChannel.open(StandardProtocolFamily.INET);
        sink.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        sink.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        target = (InetSocketAddress) sink.getLocalAddress();
        raw = DatagramChannel.open(StandardProtocolFamily.INET).connect(target);
        sender = UdpSender.builder().target(target).build();
        bytes = new byte[size];
        direct = ByteBuffer.allocateDirect(size);
    }

    /**
     * Sends one datagram.
     *
     * @return bytes sent
     * @throws Exception if the send fails
     */
    @Benchmark
    public int send() throws Exception {
        switch (api) {
            case "udpkit-bytes" -> sender.send(bytes);
            case "udpkit-direct" -> sender.send(direct.clear());
            case "jdk-wrap" -> raw.send(ByteBuffer.wrap(bytes), target);
            case "jdk-direct" -> raw.send(direct.clear(), target);
            default -> throw new IllegalArgumentException("unknown api " + api);
        }
        return size;
    }

    /**
     * Closes the sockets.
     *
     * @throws Exception if closing fails
     */
    @TearDown
    public void tearDown() throws Exception {
        sender.close();
        raw.close();
        sink.close();
    }
}
