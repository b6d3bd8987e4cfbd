package io.github.udpkit.benchmarks.jmh;

import io.github.udpkit.Datagram;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process costs around a {@link Datagram}: creating one, decoding its text, copying its payload, and the two
 * clocks a receive loop could stamp it with ({@code Instant.now()} versus {@code System.nanoTime()}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DatagramBenchmark {
    /** Payload bytes. */
    @Param({"32", "1472"})
    public int size;

    private InetSocketAddress sender;
    private byte[] payload;
    private Instant at;
    private Datagram datagram;

    /** Builds an ASCII payload and a datagram holding it. */
    @Setup
    public void setUp() {
        sender = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000);
        payload = new byte[size];
        Arrays.fill(payload, (byte) 'a');
        at = Instant.now();
        datagram = new Datagram(sender, payload, at, false);
    }

    /**
     * Creates a datagram through the public constructor (one payload copy, as the receive loop does).
     *
     * @return the datagram
     */
    @Benchmark
    public Datagram create() {
        return new Datagram(sender, payload, at, false);
    }

    /**
     * Decodes the payload as UTF-8.
     *
     * @return the text
     */
    @Benchmark
    public String text() {
        return datagram.text();
    }

    /**
     * Decodes the payload as ISO-8859-1.
     *
     * @return the text
     */
    @Benchmark
    public String textLatin1() {
        return datagram.text(StandardCharsets.ISO_8859_1);
    }

    /**
     * Copies the payload out.
     *
     * @return the copy
     */
    @Benchmark
    public byte[] payload() {
        return datagram.payload();
    }

    /**
     * Reads the wall clock as an {@code Instant}.
     *
     * @return the instant
     */
    @Benchmark
    public Instant clockInstantNow() {
        return Instant.now();
    }

    /**
     * Reads the monotonic clock, as udpkit's receive loop does per datagram.
     *
     * @return nanoseconds
     */
    @Benchmark
    public long clockNanoTime() {
        return System.nanoTime();
    }
}
