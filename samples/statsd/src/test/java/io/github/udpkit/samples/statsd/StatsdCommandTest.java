package io.github.udpkit.samples.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decimal values where StatsD takes them (gauges, gauge deltas, timers), whole numbers for counters. */
@UdpTest
@Timeout(60)
class StatsdCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    /** Sends what {@code metric} adds in one datagram and returns the bytes the server got. */
    private static byte[] wire(UdpPeer server, Consumer<StatsdClient> metric) {
        try (StatsdClient client = StatsdClient.builder().target(server.address()).flushInterval(Duration.ZERO)
                .build()) {
            metric.accept(client);
        }
        byte[] payload = server.take(WAIT).payload();
        server.expectNothing(Duration.ofMillis(50));
        return payload;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "timer:latency=12.5;   latency:12.5|ms",
        "timer:latency=0.125;  latency:0.125|ms",
        "timer:latency=320;    latency:320|ms",
        "timer:latency=2.50;   latency:2.5|ms",
        "timer:latency=3.0;    latency:3|ms",
        "gauge:temp=-3.25;     temp:0|g\\ntemp:-3.25|g",
        "gauge:temp=21.5;      temp:21.5|g",
        "gauge:temp=+21.5;     temp:21.5|g",
        "gauge:temp=-0.0;      temp:0|g",
        "gauge:big=9223372036854775807; big:9223372036854775807|g",
        "delta:temp=+0.5;      temp:+0.5|g",
        "delta:temp=-0.25;     temp:-0.25|g",
        "delta:temp=2;         temp:+2|g",
        "count:orders=3;       orders:3|c",
        "count:orders=-1@0.5;  orders:-1|c|@0.5",
    })
    void decimals_goOnTheWireAsStatsdReadsThem(String metric, String expected, UdpPeer server) {
        String line = expected.replace("\\n", "\n"); // CSV cannot hold a newline
        StatsdClient.Builder builder = StatsdClient.builder().target(server.address()).flushInterval(Duration.ZERO)
                .random(() -> 0.0);
        try (StatsdClient client = builder.build()) {
            StatsdCommand.apply(client, metric);
        }
        assertThat(server.take(WAIT).payload()).isEqualTo(ascii(line));
        server.expectNothing(Duration.ofMillis(50));
    }

    @Test
    void theApi_takesDoubles_forGaugesDeltasAndTimers(UdpPeer server) {
        assertThat(wire(server, c -> c.time("latency", 12.5))).isEqualTo(ascii("latency:12.5|ms"));
        assertThat(wire(server, c -> c.gauge("temp", -3.25))).isEqualTo(ascii("temp:0|g\ntemp:-3.25|g"));
        assertThat(wire(server, c -> c.gauge("ratio", 1e-7))).isEqualTo(ascii("ratio:0.0000001|g"));
        assertThat(wire(server, c -> c.gauge("big", 1e21))).isEqualTo(ascii("big:1000000000000000000000|g"));
        assertThat(wire(server, c -> c.gaugeDelta("temp", 0.5))).isEqualTo(ascii("temp:+0.5|g"));
        assertThat(wire(server, c -> c.gaugeDelta("temp", -0.5))).isEqualTo(ascii("temp:-0.5|g"));
        assertThat(wire(server, c -> c.gauge("queue", 42))).isEqualTo(ascii("queue:42|g")); // long overload
        try (StatsdClient client = StatsdClient.builder().target(server.address()).build()) {
            assertThatThrownBy(() -> client.gauge("temp", Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("value must be a finite number, was NaN");
            assertThatThrownBy(() -> client.time("latency", Double.POSITIVE_INFINITY))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("value must be a finite number, was Infinity");
            assertThat(client.stats().lines()).isZero();
        }
    }

    @Test
    void counters_stayWholeNumbers() {
        try (UdpPeer server = UdpPeer.start();
             StatsdClient client = StatsdClient.builder().target(server.address()).build()) {
            assertThatThrownBy(() -> StatsdCommand.apply(client, "count:orders=1.5"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the value of 'count:orders=1.5' must be a whole number, was '1.5'");
            assertThat(client.stats().lines()).isZero();
        }
    }

    @ParameterizedTest(name = "timer:t={0}")
    @ValueSource(strings = {"1.", ".5", "1e3", "NaN", "Infinity", "0x1p3", "12.5d", "1.2.3", "+", "-", "", "1,5",
        " 1"})
    void malformedDecimals_areRefused_withTheValue(String value) {
        try (UdpPeer server = UdpPeer.start();
             StatsdClient client = StatsdClient.builder().target(server.address()).build()) {
            for (String type : new String[] {"timer", "gauge", "delta"}) {
                String metric = type + ":t=" + value;
                assertThatThrownBy(() -> StatsdCommand.apply(client, metric))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("the value of '" + metric + "' must be a number such as 42, -3.25 or +0.5, was '"
                                + value + "'");
            }
            assertThat(client.stats().lines()).isZero();
        }
    }

    @Test
    void show_printsTheExactDatagram() throws Exception {
        int status = StatsdCommand.cli(new String[] {"--show", "timer:latency=12.5", "gauge:temp=-3.25"}, out, err);
        assertThat(status).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo("datagram 1 (37 bytes):\n"
                + "latency:12.5|ms\ntemp:0|g\ntemp:-3.25|g\nsent 3 lines in 1 datagram\n");
        assertThat(errBytes.size()).isZero();
    }

    @Test
    void options_inBothForms_andTheirErrors() throws Exception {
        int status = StatsdCommand.cli(new String[] {"--show", "--prefix=shop.", "--max-size=64", "count:orders=1"},
                out, err);
        assertThat(status).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo("datagram 1 (15 bytes):\nshop.orders:1|c\n"
                + "sent 1 line in 1 datagram\n");
        assertThatThrownBy(() -> StatsdCommand.cli(new String[] {"--max-size", "70000", "count:a=1"}, out, err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-size must be a number from 64 to 65507, was '70000'");
        assertThatThrownBy(() -> StatsdCommand.cli(new String[] {"--to", "localhost", "count:a=1"}, out, err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--to must be HOST:PORT, for example 127.0.0.1:8125 or [::1]:8125, was 'localhost'");
        assertThatThrownBy(() -> StatsdCommand.cli(new String[] {"--to=127.0.0.1:0", "count:a=1"}, out, err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot send to port 0 (--to): a destination port is 1 to 65535");
        assertThat(errBytes.size()).isZero();
    }
}
