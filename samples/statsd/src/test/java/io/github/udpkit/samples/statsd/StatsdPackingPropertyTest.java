package io.github.udpkit.samples.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.Datagram;
import io.github.udpkit.testkit.UdpPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Property: whatever the lines and the size limit, every datagram is at most the limit, holds whole entries only
 * (an entry is never split), packs greedily, and together the datagrams carry exactly the accepted entries in order.
 * The seed of a failing case is in the assertion message; set {@code -Dstatsd.seed=N} to re-run one case.
 */
@Timeout(120)
class StatsdPackingPropertyTest {
    private static final long BASE_SEED = Long.getLong("statsd.seed", 20261124L);
    private static final int CASES = Long.getLong("statsd.seed") != null ? 1 : 3000;

    private record Packet(byte[] bytes, int lines) {
    }

    /** A random entry: 1 to maxSize+20 bytes of metric-ish characters, sometimes two lines, sometimes non-ASCII. */
    private static String entry(Random random, int maxSize) {
        int length = 1 + random.nextInt(random.nextInt(10) == 0 ? maxSize + 20 : Math.max(1, maxSize / 4));
        StringBuilder line = new StringBuilder(length);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789._-:|@+é€";
        while (line.length() < length) {
            line.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (random.nextInt(8) == 0 && line.length() > 2) {
            line.setCharAt(1 + random.nextInt(line.length() - 2), '\n'); // a two-line entry, like a negative gauge
        }
        return line.toString();
    }

    @Test
    void noEntryIsEverSplitAcrossDatagrams_packer() {
        for (int n = 0; n < CASES; n++) {
            long seed = BASE_SEED + n;
            Random random = new Random(seed);
            int maxSize = 64 + random.nextInt(1500);
            List<Packet> packets = new ArrayList<>();
            StatsdPacker packer = new StatsdPacker(maxSize, (bytes, lines) -> packets.add(new Packet(bytes, lines)));
            List<byte[]> accepted = new ArrayList<>();
            int entries = random.nextInt(200);
            for (int i = 0; i < entries; i++) {
                String entry = entry(random, maxSize);
                byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
                boolean added = packer.add(entry);
                assertThat(added).as("seed %d: entry of %d bytes, limit %d", seed, bytes.length, maxSize)
                        .isEqualTo(bytes.length <= maxSize);
                if (added) {
                    accepted.add(bytes);
                }
            }
            packer.flush();
            assertThat(packer.pending()).isZero();
            checkPacking(seed, maxSize, accepted, packets);
        }
    }

    /** Each packet must be exactly the next whole entries joined by \n, and the next entry must not have fit. */
    private static void checkPacking(long seed, int maxSize, List<byte[]> accepted, List<Packet> packets) {
        int next = 0;
        for (int p = 0; p < packets.size(); p++) {
            byte[] packet = packets.get(p).bytes();
            assertThat(packet.length).as("seed %d: packet %d size", seed, p).isBetween(1, maxSize);
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            int lines = 0;
            while (next < accepted.size() && expected.size() < packet.length) {
                if (expected.size() > 0) {
                    expected.write('\n');
                }
                expected.writeBytes(accepted.get(next));
                lines += 1 + count(accepted.get(next));
                next++;
            }
            assertThat(packet).as("seed %d: packet %d holds whole entries", seed, p)
                    .isEqualTo(expected.toByteArray());
            assertThat(packets.get(p).lines()).as("seed %d: packet %d line count", seed, p).isEqualTo(lines);
            if (next < accepted.size()) {
                assertThat(packet.length + 1 + accepted.get(next).length).as("seed %d: packet %d is packed greedily",
                        seed, p).isGreaterThan(maxSize);
            }
        }
        assertThat(next).as("seed %d: every accepted entry was emitted", seed).isEqualTo(accepted.size());
    }

    private static int count(byte[] bytes) {
        int n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    @Test
    void noLineIsEverSplitAcrossDatagrams_overARealSocket() {
        for (int n = 0; n < 20; n++) {
            long seed = BASE_SEED + 1_000_000 + n;
            Random random = new Random(seed);
            int maxSize = 64 + random.nextInt(1500);
            List<String> lines = new ArrayList<>();
            try (UdpPeer server = UdpPeer.start();
                 StatsdClient client = StatsdClient.builder().target(server.address()).maxDatagramSize(maxSize)
                         .flushInterval(Duration.ZERO).build()) {
                int metrics = 1 + random.nextInt(150);
                for (int i = 0; i < metrics; i++) {
                    String name = "m" + Integer.toString(random.nextInt(Integer.MAX_VALUE), 36)
                            + ".x".repeat(random.nextInt(10));
                    long value = random.nextLong() % 100_000;
                    switch (random.nextInt(5)) {
                        case 0 -> {
                            client.count(name, value);
                            lines.add(name + ":" + value + "|c");
                        }
                        case 1 -> {
                            client.gauge(name, value);
                            if (value < 0) {
                                lines.add(name + ":0|g");
                            }
                            lines.add(name + ":" + value + "|g");
                        }
                        case 2 -> {
                            client.gaugeDelta(name, value);
                            lines.add(name + ":" + (value >= 0 ? "+" : "") + value + "|g");
                        }
                        case 3 -> {
                            client.time(name, Math.abs(value));
                            lines.add(name + ":" + Math.abs(value) + "|ms");
                        }
                        default -> {
                            client.set(name, "v" + value);
                            lines.add(name + ":v" + value + "|s");
                        }
                    }
                }
                client.flush();
                long datagrams = client.stats().datagramsSent();
                assertThat(client.stats().linesSent()).as("seed %d", seed).isEqualTo(lines.size());
                List<String> received = new ArrayList<>();
                for (Datagram d : server.take((int) datagrams, Duration.ofSeconds(10))) {
                    assertThat(d.length()).as("seed %d: datagram size", seed).isLessThanOrEqualTo(maxSize);
                    assertThat(d.text()).as("seed %d: no empty line, no trailing newline", seed)
                            .doesNotStartWith("\n").doesNotEndWith("\n").doesNotContain("\n\n");
                    received.addAll(List.of(d.text().split("\n")));
                }
                assertThat(received).as("seed %d: every line whole and in order", seed)
                        .containsExactlyElementsOf(lines);
                server.expectNothing(Duration.ofMillis(50));
            }
        }
    }
}
