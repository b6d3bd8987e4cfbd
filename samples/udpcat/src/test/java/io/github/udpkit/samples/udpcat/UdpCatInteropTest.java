package io.github.udpkit.samples.udpcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * udpcat against the UDP tools people already use, both ways, on 127.0.0.1 and ::1, byte for byte: OpenBSD netcat up
 * to 16,384 bytes (the size of its read buffer), socat with {@code -b 65536} up to 65,507 (the IPv4 maximum). The
 * tools bind port 0 and their port is read from {@code /proc}; each runs for one case, bounded in time, and is killed
 * by its PID. Skipped where a tool is missing, except under {@code CI=true} (.ci/run installs them).
 */
@Timeout(60)
class UdpCatInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String NC = "nc.openbsd";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String host : List.of("127.0.0.1", "::1")) {
            for (int size : List.of(1, 1000, 16_384)) {
                cases.add(Arguments.of("netcat", host, size));
            }
            for (int size : List.of(1, 1000, 16_384, 65_507)) {
                cases.add(Arguments.of("socat", host, size));
            }
        }
        return cases.build();
    }

    private static void requireTool(String tool) {
        if (tool.equals("socat")) {
            ExternalTool.require("socat", "socat");
        } else {
            ExternalTool.require(NC, "netcat-openbsd");
        }
    }

    private static byte[] payload(int size) {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        return payload;
    }

    private static boolean v6(String host) {
        return host.contains(":");
    }

    @ParameterizedTest(name = "{0} sends {2} bytes to udpcat listen on {1}")
    @MethodSource("cases")
    void toolSends_udpcatListenPrintsTheExactBytes(String tool, String host, int size) throws Exception {
        requireTool(tool);
        byte[] payload = payload(size);
        Path file = Files.write(dir.resolve("payload.bin"), payload);
        CountDownLatch done = new CountDownLatch(1);
        UdpCat.Options options = UdpCat.Options.parse(new String[] {"listen", "--host", host, "--port", "0", "--hex",
            "--count", "1"}, out);
        try (UdpCat.Listener listener = UdpCat.listen(options, out, err, done::countDown)) {
            int port = listener.localAddress().getPort();
            List<String> command = tool.equals("socat")
                    ? List.of("socat", "-u", "-b", "65536", "OPEN:" + file,
                            (v6(host) ? "UDP6-SENDTO:[" + host + "]:" : "UDP4-SENDTO:" + host + ":") + port)
                    : List.of(NC, "-u", "-q", "0", host, Integer.toString(port));
            try (ExternalTool sender = ExternalTool.start(command, file, dir.resolve("out.txt"),
                    dir.resolve("err.txt"))) {
                assertThat(sender.awaitExit(WAIT)).as(sender + ": " + Files.readString(dir.resolve("err.txt")))
                        .isZero();
            }
            assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("udpcat printed a datagram").isTrue();
            assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo(HexFormat.of().formatHex(payload) + "\n");
            assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @ParameterizedTest(name = "udpcat send gives {0} on {1} {2} bytes")
    @MethodSource("cases")
    void udpcatSends_toolReceivesTheExactBytes(String tool, String host, int size) throws Exception {
        requireTool(tool);
        byte[] payload = payload(size);
        Path received = dir.resolve("received.bin");
        List<String> command = tool.equals("socat")
                ? List.of("socat", "-u", "-b", "65536",
                        v6(host) ? "UDP6-RECV:0,bind=[" + host + "]" : "UDP4-RECV:0,bind=" + host, "STDOUT")
                : List.of(NC, "-u", "-l", host, "0");
        try (ExternalTool receiver = ExternalTool.start(command, null, received, dir.resolve("err.txt"))) {
            int port = receiver.awaitUdpPort(WAIT);
            byte[] hexLine = (HexFormat.of().formatHex(payload) + "\n").getBytes(StandardCharsets.US_ASCII);
            int status = UdpCat.send(new InetSocketAddress(host, port), true, new ByteArrayInputStream(hexLine), err,
                    false);
            assertThat(status).as(errBytes.toString(StandardCharsets.UTF_8)).isZero();
            await().atMost(WAIT).alias(receiver + " wrote " + size + " bytes")
                    .until(() -> Files.size(received) >= size);
            assertThat(Files.readAllBytes(received)).isEqualTo(payload);
        }
    }
}
