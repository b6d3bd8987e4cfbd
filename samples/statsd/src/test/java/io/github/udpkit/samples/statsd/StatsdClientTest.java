package io.github.udpkit.samples.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpPortUnreachableException;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@UdpTest
@Timeout(60)
class StatsdClientTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static StatsdClient.Builder client(UdpPeer server) {
        return StatsdClient.builder().target(server.address()).flushInterval(Duration.ZERO);
    }

    /** Calls {@code metric}, flushes, and returns the one datagram the server got. */
    private static String wire(UdpPeer server, StatsdClient client, Consumer<StatsdClient> metric) {
        metric.accept(client);
        client.flush();
        Datagram d = server.take(WAIT);
        assertThat(d.truncated()).isFalse();
        return d.text();
    }

    @Test
    void eachMetricType_hasTheExactWireFormat(UdpPeer server) {
        try (StatsdClient client = client(server).build()) {
            assertThat(wire(server, client, c -> c.increment("orders"))).isEqualTo("orders:1|c");
            assertThat(wire(server, client, c -> c.count("orders", 5))).isEqualTo("orders:5|c");
            assertThat(wire(server, client, c -> c.count("orders", -2))).isEqualTo("orders:-2|c");
            assertThat(wire(server, client, c -> c.gauge("queue", 42))).isEqualTo("queue:42|g");
            assertThat(wire(server, client, c -> c.gauge("queue", 0))).isEqualTo("queue:0|g");
            assertThat(wire(server, client, c -> c.gauge("queue", -4))).isEqualTo("queue:0|g\nqueue:-4|g");
            assertThat(wire(server, client, c -> c.gaugeDelta("queue", 3))).isEqualTo("queue:+3|g");
            assertThat(wire(server, client, c -> c.gaugeDelta("queue", -3))).isEqualTo("queue:-3|g");
            assertThat(wire(server, client, c -> c.gaugeDelta("queue", 0))).isEqualTo("queue:+0|g");
            assertThat(wire(server, client, c -> c.time("db.query", 320))).isEqualTo("db.query:320|ms");
            assertThat(wire(server, client, c -> c.time("db.query", Duration.ofNanos(1_999_999))))
                    .isEqualTo("db.query:1|ms");
            assertThat(wire(server, client, c -> c.set("users", "alice"))).isEqualTo("users:alice|s");
            server.expectNothing(Duration.ofMillis(100));
            assertThat(client.stats()).isEqualTo(new StatsdClient.Stats(13, 12, 13, 0, 0, 0, 0));
        }
    }

    @Test
    void sampledCounter_carriesItsRate_andIsSentOnlyWhenTheDrawIsBelowIt(UdpPeer server) {
        double[] draws = {0.05, 0.5, 0.0999, 0.1};
        int[] next = {0};
        try (StatsdClient client = client(server).random(() -> draws[next[0]++]).build()) {
            assertThat(wire(server, client, c -> c.count("page.views", 1, 0.1))).isEqualTo("page.views:1|c|@0.1");
            client.count("page.views", 1, 0.1); // 0.5: not sent
            assertThat(wire(server, client, c -> c.count("page.views", 3, 0.1))).isEqualTo("page.views:3|c|@0.1");
            client.count("page.views", 1, 0.1); // 0.1: not sent (sent when draw < rate)
            client.flush();
            assertThat(wire(server, client, c -> c.count("page.views", 1, 1.0))).isEqualTo("page.views:1|c");
            assertThat(next[0]).isEqualTo(4); // a rate of 1 draws nothing
            assertThat(client.stats().sampledOut()).isEqualTo(2);
            server.expectNothing(Duration.ofMillis(100));
        }
    }

    @Test
    void prefix_goesBeforeEveryName(UdpPeer server) {
        try (StatsdClient client = client(server).prefix("shop.").build()) {
            client.increment("orders");
            client.set("users", "bob");
            client.gauge("queue", -1);
            client.flush();
            assertThat(server.take(WAIT).text()).isEqualTo("shop.orders:1|c\nshop.users:bob|s\nshop.queue:0|g\n"
                    + "shop.queue:-1|g");
        }
    }

    @Test
    void linesArePackedUpToTheSizeLimit_exactly_andNeverSplit(UdpPeer server) {
        try (StatsdClient client = client(server).maxDatagramSize(64).build()) {
            String a = "a".repeat(26);   // a...:1|c = 30 bytes
            String b = "b".repeat(29);   // b...:1|c = 33 bytes; 30 + 1 + 33 = 64: fits exactly
            String c = "c".repeat(30);   // 34 bytes: 64 + 1 + 34 > 64, starts the next datagram
            client.increment(a);
            client.increment(b);
            client.increment(c);
            assertThat(client.stats().datagramsSent()).isEqualTo(1); // the first one was full when c came
            client.flush();
            Datagram first = server.take(WAIT);
            assertThat(first.text()).isEqualTo(a + ":1|c\n" + b + ":1|c");
            assertThat(first.length()).isEqualTo(64);
            assertThat(server.take(WAIT).text()).isEqualTo(c + ":1|c");
            // one byte more than fits: the second line goes on its own
            client.increment(a);
            client.increment(b + "b");
            client.flush();
            assertThat(server.take(2, WAIT)).extracting(Datagram::text).containsExactly(a + ":1|c", b + "b:1|c");
            server.expectNothing(Duration.ofMillis(100));
        }
    }

    @Test
    void defaultSize_packsUpTo1432Bytes(UdpPeer server) {
        try (StatsdClient client = client(server).build()) {
            String name = "m".repeat(139);           // 143-byte lines: 10 of them take 10 * 143 + 9 = 1439 > 1432
            for (int i = 0; i < 10; i++) {
                client.increment(name);
            }
            client.flush();
            List<Datagram> datagrams = server.take(2, WAIT);
            assertThat(datagrams.get(0).length()).isEqualTo(9 * 143 + 8);
            assertThat(datagrams.get(0).text()).isEqualTo(String.join("\n", java.util.Collections.nCopies(9,
                    name + ":1|c")));
            assertThat(datagrams.get(1).text()).isEqualTo(name + ":1|c");
        }
    }

    @Test
    void negativeGauge_twoLinesStayInOneDatagram(UdpPeer server) {
        try (StatsdClient client = client(server).maxDatagramSize(64).build()) {
            client.increment("x".repeat(40));        // 44 bytes
            client.gauge("q", -7);                   // "q:0|g\nq:-7|g" = 12 bytes: 44 + 1 + 12 = 57, fits
            client.gauge("r".repeat(10), -7);        // 30 bytes: would need 88, goes whole into the next
            client.flush();
            assertThat(server.take(2, WAIT)).extracting(Datagram::text).containsExactly(
                    "x".repeat(40) + ":1|c\nq:0|g\nq:-7|g",
                    "rrrrrrrrrr:0|g\nrrrrrrrrrr:-7|g");
        }
    }

    @Test
    void lineLargerThanADatagram_isDroppedCountedAndReported_notSplit(UdpPeer server) {
        List<Exception> errors = new CopyOnWriteArrayList<>();
        try (StatsdClient client = client(server).maxDatagramSize(64).onError(errors::add).build()) {
            client.set("users", "u".repeat(60)); // 68 bytes
            client.increment("ok");
            client.flush();
            assertThat(server.take(WAIT).text()).isEqualTo("ok:1|c");
            server.expectNothing(Duration.ofMillis(100));
            assertThat(client.stats().linesDropped()).isEqualTo(1);
            assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage(
                    "metric line of 68+ bytes does not fit a datagram of the configured size and was dropped: users:"
                            + "u".repeat(58)));
        }
    }

    @Test
    void networkDown_metricsNeverThrow_failuresAreCountedAndReported() {
        InetSocketAddress closed;
        try (UdpPeer gone = UdpPeer.start()) {
            closed = gone.address();
        }
        List<Exception> errors = new CopyOnWriteArrayList<>();
        try (StatsdClient client = StatsdClient.builder().target(closed).flushInterval(Duration.ZERO)
                .onError(errors::add).build()) {
            int[] flushes = {0};
            // The first datagram leaves; the ICMP "port unreachable" it causes fails a later send.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
                assertThatCode(() -> {
                    client.increment("orders");
                    client.flush();
                }).doesNotThrowAnyException();
                flushes[0]++;
                return client.stats().datagramsFailed() >= 1;
            });
            StatsdClient.Stats stats = client.stats();
            assertThat(stats.datagramsSent() + stats.datagramsFailed()).isEqualTo(flushes[0]);
            assertThat(stats.linesDropped()).isEqualTo(stats.datagramsFailed());
            assertThat(stats.linesSent()).isEqualTo(stats.datagramsSent());
            assertThat(errors).hasSize((int) stats.datagramsFailed())
                    .allSatisfy(e -> assertThat(e).isInstanceOf(UdpPortUnreachableException.class));
        }
    }

    @Test
    void interruptedCaller_isNotBrokenNorBreaksTheClient(UdpPeer server) {
        List<Exception> errors = new CopyOnWriteArrayList<>();
        try (StatsdClient client = client(server).onError(errors::add).build()) {
            Thread.currentThread().interrupt();
            try {
                assertThatCode(() -> {
                    client.increment("while.interrupted");
                    client.flush();
                }).doesNotThrowAnyException();
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            client.increment("afterwards");
            client.flush();
            assertThat(server.take(WAIT).text()).isEqualTo("afterwards:1|c");
            server.expectNothing(Duration.ofMillis(100));
            assertThat(client.stats()).isEqualTo(new StatsdClient.Stats(2, 1, 1, 1, 1, 0, 0));
            assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage("statsd datagram of 21 bytes "
                    + "not sent: the calling thread is interrupted, and sending would close the socket"));
        }
    }

    @Test
    void anErrorHandlerThatThrows_doesNotReachTheCaller(UdpPeer server) {
        try (StatsdClient client = client(server).maxDatagramSize(64).onError(e -> {
                 throw new IllegalStateException("handler bug");
             }).build()) {
            assertThatCode(() -> client.set("users", "u".repeat(100))).doesNotThrowAnyException();
            assertThat(client.stats().linesDropped()).isEqualTo(1);
        }
    }

    @Test
    void afterClose_metricsAreDroppedAndCounted_neverThrown() {
        try (UdpPeer server = UdpPeer.start()) {
            StatsdClient client = client(server).build();
            client.increment("before");
            client.close();
            assertThat(server.take(WAIT).text()).isEqualTo("before:1|c"); // close flushes
            assertThatCode(() -> {
                client.increment("after");
                client.gauge("after", -1);
                client.flush();
                client.close();
            }).doesNotThrowAnyException();
            assertThat(client.stats().linesDropped()).isEqualTo(3);
            server.expectNothing(Duration.ofMillis(100));
        }
    }

    @Test
    void flushInterval_sendsWithoutAnExplicitFlush(UdpPeer server) {
        try (StatsdClient client = StatsdClient.builder().target(server.address())
                     .flushInterval(Duration.ofMillis(20)).build()) {
            client.increment("ticks");
            assertThat(server.take(WAIT).text()).isEqualTo("ticks:1|c");
        }
    }

    @Test
    void namesAndValuesThatWouldBreakTheLineFormat_areRejected(UdpPeer server) {
        try (StatsdClient client = client(server).build()) {
            assertThatThrownBy(() -> client.increment("a:b")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("metric name must not contain ':', '|', '@', whitespace or control characters, "
                            + "was 'a:b'");
            assertThatThrownBy(() -> client.set("users", "x|y")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("set value must not contain ':', '|', '@', whitespace or control characters, "
                            + "was 'x|y'");
            assertThatThrownBy(() -> client.gauge("a\nb:1|c", 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("metric name must not contain ':', '|', '@', whitespace or control characters, "
                            + "was 'a\\nb:1|c'");
            assertThatThrownBy(() -> client.increment("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("metric name must not be empty");
            assertThatThrownBy(() -> client.count("x", 1, 0.0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sampleRate must be more than 0 and at most 1, was 0.0");
            assertThatThrownBy(() -> StatsdClient.builder().maxDatagramSize(63))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxDatagramSize must be between 64 and 65507, was 63");
            assertThatThrownBy(() -> StatsdClient.builder().build()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("a StatsD client needs a target; call target(host, port) first");
            client.flush();
            server.expectNothing(Duration.ofMillis(100));
        }
    }
}
