package io.github.udpkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.DatagramTooLargeException;
import io.github.udpkit.ReceiverStats;
import io.github.udpkit.SenderStats;
import io.github.udpkit.UdpClient;
import io.github.udpkit.UdpClientStats;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The binder's meters, after real traffic on loopback, equal the stats they publish, field by field. */
@Timeout(60)
class UdpkitMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private double counter(String name, String tagName) {
        FunctionCounter c = registry.find(name).tag("name", tagName).functionCounter();
        assertThat(c).as(name).isNotNull();
        return c.count();
    }

    private double gauge(String name, String tagName) {
        Gauge g = registry.find(name).tag("name", tagName).gauge();
        assertThat(g).as(name).isNotNull();
        return g.value();
    }

    /** Every meter of a prefix, by name, as long values. */
    private Map<String, Long> meters(String prefix, String tagName) {
        Map<String, Long> values = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            if (m.getId().getName().startsWith(prefix) && tagName.equals(m.getId().getTag("name"))) {
                double v = m instanceof FunctionCounter c ? c.count() : ((Gauge) m).value();
                values.put(m.getId().getName().substring(prefix.length()), (long) v);
            }
        }
        return values;
    }

    @Test
    void receiverMeters_equalItsStats() {
        try (UdpReceiver receiver = UdpReceiver.builder().maxDatagramSize(8).onTruncated(d -> { })
                .onDatagram(d -> {
                    if (d.text().equals("boom")) {
                        throw new IllegalStateException("no");
                    }
                }).onError(e -> { }).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            UdpkitMetrics.of(receiver, "syslog").maxAge(Duration.ZERO).tags("zone", "eu").bindTo(registry);
            for (int i = 0; i < 20; i++) {
                sender.send(i % 5 == 0 ? "much too long" : i % 7 == 0 ? "boom" : "ok " + i);
            }
            await().atMost(WAIT).until(() -> receiver.stats().received() == 20 && receiver.stats().inFlight() == 0);
            ReceiverStats s = receiver.stats();
            Map<String, Long> expected = new TreeMap<>(Map.of("received", s.received(), "bytes", s.bytes(),
                    "delivered", s.delivered(), "truncated", s.truncated(), "filtered", s.filtered(),
                    "listener.failures", s.listenerFailures(), "rejected", s.rejected(), "overflowed",
                    s.overflowed(), "receive.errors", s.receiveErrors(), "in.flight", s.inFlight()));
            s.kernelDrops().ifPresent(drops -> expected.put("kernel.drops", drops));
            assertThat(meters("udpkit.receiver.", "syslog")).isEqualTo(expected);
            assertThat(s.truncated()).isEqualTo(4);
            assertThat(s.listenerFailures()).isEqualTo(2);
            assertThat(s.delivered()).isEqualTo(14);
            Meter.Id id = registry.find("udpkit.receiver.received").functionCounter().getId();
            assertThat(id.getTag("local.address")).isEqualTo("127.0.0.1:" + receiver.localAddress().getPort());
            assertThat(id.getTag("zone")).isEqualTo("eu");
            assertThat(id.getBaseUnit()).isEqualTo("datagrams");
            assertThat(registry.find("udpkit.receiver.bytes").functionCounter().getId().getBaseUnit())
                    .isEqualTo("bytes");
        }
    }

    @Test
    void senderMeters_equalItsStats() {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(d -> { }).start()) {
            UdpSender sender = UdpSender.builder().target(receiver.localAddress()).maxDatagramSize(100).build();
            UdpkitMetrics.of(sender, "statsd").maxAge(Duration.ZERO).bindTo(registry);
            for (int i = 0; i < 10; i++) {
                sender.send("metric:" + i + "|c");
            }
            assertThatThrownBy(() -> sender.send(new byte[101])).isInstanceOf(DatagramTooLargeException.class);
            sender.close();
            assertThatThrownBy(() -> sender.send("x")).isInstanceOf(IllegalStateException.class);
            SenderStats s = sender.stats();
            assertThat(meters("udpkit.sender.", "statsd")).isEqualTo(new TreeMap<>(Map.of("sent", s.sent(),
                    "bytes", s.bytes(), "refused.too.large", s.refusedTooLarge(), "refused.closed",
                    s.refusedClosed(), "port.unreachable", s.portUnreachable(), "failed", s.failed(), "batches",
                    s.batches(), "segments", s.segments())));
            assertThat(s.sent()).isEqualTo(10);
            assertThat(s.bytes()).isEqualTo(10 * 10);
            assertThat(counter("udpkit.sender.refused.too.large", "statsd")).isEqualTo(1.0);
            assertThat(counter("udpkit.sender.refused.closed", "statsd")).isEqualTo(1.0);
            await().atMost(WAIT).until(() -> receiver.stats().received() == 10);
        }
    }

    @Test
    void clientMeters_equalItsStats_andTheInFlightGaugeFollows() throws Exception {
        try (UdpReceiver server = UdpReceiver.builder().onRequest((d, r) -> {
            if (d.payload()[0] != 0) {
                r.reply(d, d.payload());
            }
        }).start();
             UdpClient client = UdpClient.builder().target(server.localAddress())
                     .correlate(b -> b[0], b -> b[0]).build()) {
            UdpkitMetrics.of(client, "dns").maxAge(Duration.ZERO).bindTo(registry);
            CompletableFuture<?> silent = client.request(new byte[] {0}, Duration.ofMinutes(1));
            for (int i = 1; i <= 5; i++) {
                client.request(new byte[] {(byte) i}, WAIT).get();
            }
            assertThat(gauge("udpkit.client.in.flight", "dns")).isEqualTo(1.0);
            silent.cancel(true);
            UdpClientStats s = client.stats();
            ToLongFunction<String> m = n -> (long) counter("udpkit.client." + n, "dns");
            assertThat(meters("udpkit.client.", "dns")).isEqualTo(new TreeMap<>(Map.ofEntries(
                    Map.entry("requests", s.requests()), Map.entry("sent", s.sent()),
                    Map.entry("retries", s.retries()), Map.entry("matched", s.matched()),
                    Map.entry("timeouts", s.timeouts()), Map.entry("cancelled", s.cancelled()),
                    Map.entry("failed", s.failed()), Map.entry("late", s.late()),
                    Map.entry("unmatched", s.unmatched()), Map.entry("correlation.failures", s.correlationFailures()),
                    Map.entry("port.unreachable", s.portUnreachable()), Map.entry("in.flight", s.inFlight()))));
            assertThat(m.applyAsLong("requests")).isEqualTo(6);
            assertThat(m.applyAsLong("matched")).isEqualTo(5);
            assertThat(m.applyAsLong("cancelled")).isEqualTo(1);
            assertThat(gauge("udpkit.client.in.flight", "dns")).isZero();
        }
    }

    @Test
    void oneScrape_readsOneSnapshot_withinMaxAge() {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(d -> { }).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            UdpkitMetrics.of(receiver, "cached").maxAge(Duration.ofMinutes(1)).bindTo(registry);
            assertThat(counter("udpkit.receiver.received", "cached")).isZero();
            sender.send("x");
            await().atMost(WAIT).until(() -> receiver.stats().received() == 1);
            assertThat(counter("udpkit.receiver.received", "cached")).as("still the first snapshot").isZero();
        }
    }

    @Test
    void badArguments_areRejected_namingTheParameter() {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(d -> { }).start()) {
            assertThatThrownBy(() -> UdpkitMetrics.of((UdpReceiver) null, "x")).isInstanceOf(NullPointerException.class)
                    .hasMessage("receiver must not be null");
            assertThatThrownBy(() -> UdpkitMetrics.of(receiver, " ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("name must not be blank, was ' '");
            UdpkitMetrics binder = UdpkitMetrics.of(receiver, "x");
            assertThatThrownBy(() -> binder.tags("a")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("keyValues must be keys and values in pairs, was 1 strings");
            assertThatThrownBy(() -> binder.maxAge(Duration.ofMinutes(2))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxAge must be between PT0S and PT1M, was PT2M");
            assertThatThrownBy(() -> binder.bindTo(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("registry must not be null");
            assertThat(binder).hasToString("UdpkitMetrics[" + receiver + ", name=x]");
        }
    }
}
