package io.github.udpkit.benchmarks.jmh;

import io.github.udpkit.internal.Jfr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What udpkit's JFR emitters cost when no recording runs: each call on the receive loop's non-delivering paths
 * (truncated, dropped, a throwing listener) and on a failed send. Run it without {@code -XX:StartFlightRecording};
 * under {@code -prof gc} every emitter should show 0 B/op: the static {@code EventType.isEnabled()} check comes before
 * any allocation or formatting.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JfrOffBenchmark {
    private DatagramChannel channel;
    private InetSocketAddress local;
    private InetSocketAddress sender;
    private RuntimeException failure;

    /**
     * Opens a socket for the emitters to name (they read its address only when a recording wants the event).
     *
     * @throws Exception if the socket cannot be opened
     */
    @Setup
    public void setUp() throws Exception {
        channel = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        local = (InetSocketAddress) channel.getLocalAddress();
        sender = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000);
        failure = new IllegalStateException("listener failed");
    }

    /**
     * Closes the socket.
     *
     * @throws Exception if closing fails
     */
    @TearDown
    public void tearDown() throws Exception {
        channel.close();
    }

    /** The truncated-datagram emitter. */
    @Benchmark
    public void truncated() {
        Jfr.truncated(local, sender, 1024, 1024);
    }

    /** The dropped-datagram emitter (filtered). */
    @Benchmark
    public void dropped() {
        Jfr.dropped(local, sender, 100, Jfr.FILTERED);
    }

    /** The listener-failure emitter. */
    @Benchmark
    public void listenerFailure() {
        Jfr.listenerFailure(local, sender, "onDatagram", failure);
    }

    /** The send-failure emitter. */
    @Benchmark
    public void sendFailure() {
        Jfr.sendFailure(sender, failure);
    }

    /** The port-unreachable emitter. */
    @Benchmark
    public void portUnreachable() {
        Jfr.portUnreachable(sender);
    }
}
