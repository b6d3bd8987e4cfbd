package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpSender;
import io.github.udpkit.samples.echo.EchoServer;
import io.github.udpkit.samples.statsd.StatsdClient;
import io.github.udpkit.samples.syslog.SyslogMessage;
import io.github.udpkit.samples.syslog.SyslogParser;
import io.github.udpkit.testkit.UdpPeer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The samples under hostile input: the echo server never answers with more bytes than it received, and the syslog
 * parser and the statsd client survive random and adversarial input without unexpected exceptions and in linear time
 * (time per byte compared at two sizes, 10x apart, within one test: never an absolute limit).
 */
@Timeout(180)
class SamplesSecurityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int SMALL = 6_500;
    private static final int LARGE = 65_000;
    /** Linear time gives a ratio near 1 (the same bytes in all); quadratic would give about 10. */
    private static final double MAX_RATIO = 4.0;

    @Test
    void echoServer_neverRepliesWithMoreBytesThanItReceived() throws Exception {
        int limit = 512;
        SplittableRandom random = new SplittableRandom(2026);
        List<Integer> sizes = new ArrayList<>(List.of(0, 1, limit - 1, limit, limit + 1, 65_507));
        for (int i = 0; i < 300; i++) {
            sizes.add(random.nextInt(limit + 200));
        }
        int answered = 0;
        int oversize = 0;
        try (EchoServer server = EchoServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limit,
                line -> { });
             UdpSender client = UdpSender.builder().target(server.localAddress()).connected(false).build()) {
            for (int size : sizes) {
                byte[] request = new byte[size];
                random.nextBytes(request);
                client.send(request);
                if (size > limit) {
                    oversize++;
                    continue; // not answered: the next reply must belong to the next request
                }
                Datagram reply = client.receive(WAIT).orElseThrow(() -> new AssertionError("no echo of " + size));
                assertThat(reply.length()).as("reply to %d bytes", size).isLessThanOrEqualTo(size);
                assertThat(reply.payload()).isEqualTo(request);
                answered++;
            }
            int expectedAnswered = answered;
            int expectedRefused = oversize;
            await().atMost(WAIT).until(() -> server.echoed() == expectedAnswered
                    && server.refused() == expectedRefused);
            assertThat(client.receive(Duration.ofMillis(300))).as("no reply to an oversize request").isEmpty();
        }
        assertThat(oversize).isPositive();
        System.out.println("FIGURE echo: " + sizes.size() + " requests, " + answered + " answered byte for byte, "
                + oversize + " oversize unanswered");
    }

    /** Adversarial syslog inputs of about {@code n} bytes, by name. */
    static Map<String, IntFunction<byte[]>> syslogAttacks() {
        Map<String, IntFunction<byte[]>> attacks = new LinkedHashMap<>();
        attacks.put("very long 3164 line", n -> ("<13>Nov 24 10:00:00 host app: " + "a".repeat(n)).getBytes(
                StandardCharsets.UTF_8));
        attacks.put("very long 5424 message", n -> ("<13>1 2026-11-24T10:00:00Z host app 1 ID - " + "m".repeat(n))
                .getBytes(StandardCharsets.UTF_8));
        attacks.put("deeply nested structured data", n -> ("<13>1 - - - - - " + "[a ".repeat(n / 3))
                .getBytes(StandardCharsets.UTF_8));
        attacks.put("many structured-data elements", n -> ("<13>1 - - - - - " + "[id a=\"b\"]".repeat(n / 11) + " m")
                .getBytes(StandardCharsets.UTF_8));
        attacks.put("endless escaped value", n -> ("<13>1 - - - - - [id a=\"" + "\\\"".repeat(n / 2))
                .getBytes(StandardCharsets.UTF_8));
        attacks.put("many params, never closed", n -> ("<13>1 - - - - - [id" + " a=\"b\"".repeat(n / 6))
                .getBytes(StandardCharsets.UTF_8));
        attacks.put("invalid UTF-8", n -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("<13>1 - host app - - - ".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < n / 3; i++) {
                out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
            }
            return out.toByteArray();
        });
        attacks.put("only spaces after the PRI", n -> ("<13>" + " ".repeat(n)).getBytes(StandardCharsets.UTF_8));
        attacks.put("BOM and NULs", n -> {
            byte[] b = new byte[n + 30];
            System.arraycopy("<13>1 - - - - - - \u00ef".getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, 19);
            return b;
        });
        return attacks;
    }

    @Test
    void syslogParser_survivesRandomAndAdversarialInput() {
        SplittableRandom random = new SplittableRandom(5424);
        byte[] alphabet = "<>[]=\" \\-:0123456789abcTZ.\n\u00ef\u00bb\u00bf".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 5_000; i++) {
            byte[] raw = new byte[random.nextInt(300)];
            for (int j = 0; j < raw.length; j++) {
                raw[j] = i % 2 == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            if (i % 3 == 0 && raw.length > 6) {
                System.arraycopy("<13>1 ".getBytes(StandardCharsets.US_ASCII), 0, raw, 0, 6); // reach the 5424 path
            }
            assertThatCode(() -> assertThat(SyslogParser.parse(raw)).isNotNull())
                    .as("input %s", java.util.HexFormat.of().formatHex(raw)).doesNotThrowAnyException();
        }
        for (Map.Entry<String, IntFunction<byte[]>> attack : syslogAttacks().entrySet()) {
            byte[] raw = attack.getValue().apply(LARGE);
            SyslogMessage message = SyslogParser.parse(raw);
            assertThat(message).as(attack.getKey()).isNotNull();
            assertThat(message.raw()).as(attack.getKey()).isEqualTo(raw);
        }
    }

    @Test
    void syslogParser_timePerByteStaysFlatAsInputGrowsTenfold() {
        for (Map.Entry<String, IntFunction<byte[]>> attack : syslogAttacks().entrySet()) {
            byte[] small = attack.getValue().apply(SMALL);
            byte[] large = attack.getValue().apply(LARGE);
            double ratio = perByteRatio(() -> SyslogParser.parse(small), small.length,
                    () -> SyslogParser.parse(large), large.length);
            System.out.println("FIGURE syslog " + attack.getKey() + ": time per byte at 10x / at 1x = "
                    + String.format(java.util.Locale.ROOT, "%.2f", ratio));
            assertThat(ratio).as("%s: time per byte at %d bytes over at %d bytes", attack.getKey(), large.length,
                    small.length).isLessThan(MAX_RATIO);
        }
    }

    /**
     * Times {@code a} on {@code aBytes} and {@code b} on {@code bBytes}, running each over the same total number of
     * bytes, best of 9 rounds after a warm-up, and returns b's time per byte over a's.
     */
    static double perByteRatio(Runnable a, int aBytes, Runnable b, int bBytes) {
        long total = 2_000_000;
        int aRuns = (int) Math.max(1, total / aBytes);
        int bRuns = (int) Math.max(1, total / bBytes);
        for (int warm = 0; warm < 3; warm++) {
            time(a, aRuns);
            time(b, bRuns);
        }
        long bestA = Long.MAX_VALUE;
        long bestB = Long.MAX_VALUE;
        for (int round = 0; round < 9; round++) { // bounded: 9 rounds
            bestA = Math.min(bestA, time(a, aRuns));
            bestB = Math.min(bestB, time(b, bRuns));
        }
        return ((double) bestB / ((long) bRuns * bBytes)) / ((double) bestA / ((long) aRuns * aBytes));
    }

    private static long time(Runnable task, int runs) {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            task.run();
        }
        return System.nanoTime() - start;
    }

    private static final Pattern STATSD_LINE = Pattern.compile("[^:|@\\s]+:-?[^:|@\\s]+\\|(c|g|ms|s)(\\|@[0-9.E-]+)?");

    @Test
    void statsdClient_refusesInjectionAndNeverSendsAMalformedLine() throws Exception {
        SplittableRandom random = new SplittableRandom(8125);
        String alphabet = "abc.xyz_-:|@\n\r\t \u0000\u007f\u00e9\ud83d\ude00\ud800";
        int accepted = 0;
        int refused = 0;
        try (UdpPeer statsd = UdpPeer.start();
             StatsdClient client = StatsdClient.builder().target(statsd.address()).flushInterval(Duration.ZERO)
                     .onError(e -> { }).build()) {
            for (int i = 0; i < 3_000; i++) {
                StringBuilder name = new StringBuilder();
                int length = i % 500 == 0 ? 100_000 : 1 + random.nextInt(40);
                for (int j = 0; j < length; j++) {
                    name.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                try {
                    switch (i % 4) {
                        case 0 -> client.increment(name.toString());
                        case 1 -> client.gauge(name.toString(), random.nextLong());
                        case 2 -> client.time(name.toString(), random.nextInt(10_000));
                        default -> client.set(name.toString(), name.reverse().toString());
                    }
                    accepted++;
                } catch (IllegalArgumentException e) {
                    refused++;
                    assertThat(e.getMessage()).matches("(?s)(metric name|set value) must not contain .*")
                            .doesNotContain("\n").doesNotContain("\r").doesNotContain("\u0000");
                    assertThat(e.getMessage().length()).as("the message caps the echoed name").isLessThan(200);
                }
            }
            client.flush();
            StatsdClient.Stats stats = client.stats();
            await().atMost(WAIT).until(() -> statsd.receivedCount() == stats.datagramsSent());
            long lines = 0;
            for (Datagram d : statsd.journal()) {
                assertThat(d.length()).isLessThanOrEqualTo(StatsdClient.DEFAULT_MAX_SIZE);
                for (String line : d.text().split("\n", -1)) {
                    assertThat(line).as("one well-formed line, nothing injected").matches(STATSD_LINE);
                    lines++;
                }
            }
            assertThat(lines).isEqualTo(stats.linesSent());
            assertThat(stats.linesSent() + stats.linesDropped()).isEqualTo(stats.lines());
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void statsdClient_timePerByteStaysFlatAsNamesGrowTenfold() {
        try (UdpPeer statsd = UdpPeer.start();
             StatsdClient client = StatsdClient.builder().target(statsd.address()).flushInterval(Duration.ZERO)
                     .onError(e -> { }).build()) {
            String small = "a".repeat(SMALL) + ":";
            String large = "a".repeat(LARGE) + ":";
            double ratio = perByteRatio(() -> refuse(client, small), small.length(), () -> refuse(client, large),
                    large.length());
            System.out.println("FIGURE statsd name check: time per byte at 10x / at 1x = "
                    + String.format(java.util.Locale.ROOT, "%.2f", ratio));
            assertThat(ratio).isLessThan(MAX_RATIO);
        }
    }

    private static void refuse(StatsdClient client, String name) {
        try {
            client.increment(name);
            throw new AssertionError("a name with ':' must be refused");
        } catch (IllegalArgumentException expected) {
            // the name was scanned to its last character
        }
    }
}
