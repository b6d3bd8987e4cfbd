package io.github.udpkit.samples.udpcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.Payload;
import io.github.udpkit.testkit.RandomPayloads;
import io.github.udpkit.testkit.UdpTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * {@code udpcat listen}: text mode against the escaping it has always done (decode with the JDK, escape per char),
 * output written without a per-datagram flush yet never held back, and the receiver's counts on exit.
 */
@UdpTest
@Timeout(120)
class UdpCatListenTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The summary's last part: Linux publishes the kernel's drop count in /proc/net/udp, other systems do not. */
    private static final String NO_DROPS = Files.isReadable(Path.of("/proc/net/udp")) ? "kernel drops 0"
            : "kernel drops unknown \\(not published here\\)";

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final UdpSender sender = UdpSender.builder().connected(false).build();

    @AfterEach
    void closeSender() {
        sender.close();
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static UdpCat.Options options(String... args) {
        return UdpCat.Options.parse(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** What text mode printed before: {@code new String(payload, UTF_8)}, then each char escaped. */
    static String reference(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> line.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
            }
        }
        return line.toString();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void text_replacesInvalidUtf8WithU_fffd_andKeepsValidCharactersWhole() {
        assertThat(UdpCat.line(bytes(0xff), false)).isEqualTo("\ufffd");
        assertThat(UdpCat.line(bytes('a', 0xc3), false)).isEqualTo("a\ufffd"); // cut short at the end
        assertThat(UdpCat.line(bytes(0xc3, 0xa9, 0x01, 0xe2, 0x82), false)).isEqualTo("é\\x01\ufffd");
        assertThat(UdpCat.line(bytes(0xed, 0xa0, 0x80), false)).isEqualTo(reference(bytes(0xed, 0xa0, 0x80)));
        assertThat(UdpCat.line(bytes(0xf0, 0x9f, 0x98, 0x80, '\t'), false)).isEqualTo("\ud83d\ude00\\t"); // U+1F600
        assertThat(UdpCat.line(bytes(0xc2, 0x85), false)).isEqualTo("\u0085"); // C1 controls were never escaped
        assertThat(UdpCat.line(bytes(0xc0, 0xaf, 0xf4, 0x90, 0x80, 0x80), false))
                .isEqualTo(reference(bytes(0xc0, 0xaf, 0xf4, 0x90, 0x80, 0x80)));
        assertThat(UdpCat.line(new byte[0], false)).isEmpty();
        assertThat(UdpCat.line(bytes(0, 0x7f, 0xff), true)).isEqualTo("007fff");
    }

    @Test
    void text_isExactlyWhatItWas_for20000RandomPayloads() {
        Random random = new Random(20_26L);
        int[] edges = {0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x5c, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0,
            0xf4, 0xf5, 0xff};
        for (int n = 0; n < 20_000; n++) {
            byte[] payload = new byte[random.nextInt(40)];
            switch (n % 3) {
                case 0 -> random.nextBytes(payload);
                case 1 -> {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] = (byte) edges[random.nextInt(edges.length)];
                    }
                }
                default -> { // valid UTF-8 of random code points, then a few bytes changed
                    StringBuilder text = new StringBuilder();
                    while (text.length() < payload.length) {
                        int cp = random.nextInt(0x110000);
                        if (cp < 0xd800 || cp > 0xdfff) {
                            text.appendCodePoint(cp);
                        }
                    }
                    payload = text.toString().getBytes(StandardCharsets.UTF_8);
                    for (int i = random.nextInt(3); i > 0 && payload.length > 0; i--) {
                        payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
                    }
                }
            }
            byte[] tested = payload;
            assertThat(UdpCat.line(tested, false)).as("payload %s", java.util.HexFormat.of().formatHex(tested))
                    .isEqualTo(reference(tested));
        }
    }

    @ParameterizedTest
    @RandomPayloads(maxSize = 1472, samples = 40)
    void listen_text_printsEveryPayload_asItAlwaysDid(Payload payload) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--port", "0", "--max-size", "1472",
                "--count", "2"), out, err, done::countDown)) {
            sender.sendTo(listener.localAddress(), payload.bytes());
            sender.sendTo(listener.localAddress(), "end");
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            byte[] printed = java.util.Arrays.copyOf(payload.bytes(), Math.min(payload.size(), 1472));
            assertThat(outBytes.toByteArray()).isEqualTo((reference(printed) + "\nend\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aLoneDatagram_isPrintedWithoutWaitingForMore() {
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--port", "0"), out, err, () -> { })) {
            sender.sendTo(listener.localAddress(), "quiet");
            await().atMost(WAIT).until(() -> outBytes.toString(StandardCharsets.UTF_8).equals("quiet\n"));
            sender.sendTo(listener.localAddress(), "again");
            await().atMost(WAIT).until(() -> outBytes.toString(StandardCharsets.UTF_8).equals("quiet\nagain\n"));
        }
    }

    @Test
    void aFlood_isPrintedInFull_andInOrder() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        int count = 2_000;
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--port", "0", "--count",
                Integer.toString(count)), out, err, done::countDown)) {
            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= count; i++) {
                String line = i + ":" + "\u0001".repeat(i % 50) + "é".repeat(i % 7);
                sender.sendTo(listener.localAddress(), line);
                expected.append(reference(line.getBytes(StandardCharsets.UTF_8))).append('\n');
                if (i % 100 == 0) { // paced: nothing may be lost to a full socket buffer
                    int sent = i;
                    await().atMost(WAIT).until(() -> listener.received() == sent);
                }
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        }
    }

    @Test
    void maxSize65535_isTheLargestUdpPayload() {
        assertThat(options("listen", "--port", "0", "--max-size", "65535").maxSize()).isEqualTo(65_527);
        assertThat(options("listen", "--port", "0", "--max-size=65528").maxSize()).isEqualTo(65_527);
        assertThat(options("listen", "--port", "0", "--max-size", "65527").maxSize()).isEqualTo(65_527);
        assertThat(options("listen", "--port", "0", "--max-size", "1").maxSize()).isEqualTo(1);
    }

    @Test
    void help_saysTextIsNotByteExact_andHexIs() throws Exception {
        assertThat(UdpCat.cli(new String[] {"--help"}, out, err)).isZero();
        String help = outBytes.toString(StandardCharsets.UTF_8);
        assertThat(help).contains("invalid UTF-8 is replaced with U+FFFD")
                .contains("--hex          print the bytes as lowercase hex instead of text: byte-exact")
                .contains("1 to 65535 (default 65527); more than 65527, the largest\n"
                        + "                 UDP payload, means 65527")
                .contains("received, truncated, kernel drops")
                .contains("\\\\, \\n, \\r, \\t or \\xNN");
    }

    @Test
    void cli_count_printsTheReceiversCountsOnExit() throws Exception {
        ListeningCli cli = ListeningCli.start(new String[] {"listen", "--port=0", "--max-size=4", "--count=2"}, out,
                err, this::err, WAIT);
        int port = cli.port();
        sender.sendTo(new InetSocketAddress("127.0.0.1", port), "abcdef");
        sender.sendTo(new InetSocketAddress("127.0.0.1", port), "xy");
        assertThat(cli.awaitExit(WAIT)).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo("abcd\nxy\n");
        assertThat(err()).matches("udpcat: listening on 127.0.0.1:" + port + "\n"
                + "udpcat: truncated: the datagram from 127.0.0.1:" + sender.localAddress().getPort()
                + " was larger than 4 bytes; only the first 4 are printed\n"
                + "udpcat: received 2, truncated 1, " + NO_DROPS + "\n");
    }

    /** Ctrl-C: the JVM runs its shutdown hooks on SIGINT and SIGTERM alike; {@code destroy()} sends SIGTERM. */
    @Test
    void stopped_byASignal_printsWhatItGot_andTheReceiversCounts() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process udpcat = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.github.udpkit.samples.Main", "udpcat", "listen", "--port", "0").start();
        try {
            Drain stdout = new Drain(udpcat.getInputStream());
            Drain stderr = new Drain(udpcat.getErrorStream());
            Pattern listening = Pattern.compile("udpcat: listening on 127\\.0\\.0\\.1:(\\d+)\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> listening.matcher(stderr.text()).lookingAt());
            Matcher port = listening.matcher(stderr.text());
            assertThat(port.lookingAt()).isTrue();
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1)));
            for (String line : new String[] {"one", "two", "three"}) {
                sender.sendTo(target, line);
            }
            await().atMost(WAIT).until(() -> stdout.text().equals("one\ntwo\nthree\n"));
            udpcat.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the pipes we read
            assertThat(udpcat.waitFor(30, TimeUnit.SECONDS)).isTrue();
            stderr.finish();
            assertThat(stderr.text()).matches("udpcat: listening on 127\\.0\\.0\\.1:" + target.getPort() + "\n"
                    + "udpcat: received 3, truncated 0, " + NO_DROPS + "\n");
            assertThat(udpcat.exitValue()).isNotZero();
        } finally {
            udpcat.destroyForcibly();
        }
    }

    /** Collects a process's output on a thread of its own, so that the process never blocks on a full pipe. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Drain(InputStream in) {
            super("drain");
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (bytes) {
                        bytes.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        void finish() throws InterruptedException {
            join(10_000);
        }
    }
}
