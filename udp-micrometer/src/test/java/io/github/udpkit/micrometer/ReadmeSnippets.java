package io.github.udpkit.micrometer;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpClient;
import io.github.udpkit.UdpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordingStream;

/**
 * The README's request/reply, metrics and JFR snippets, compiled (and run by {@link ReadmeSnippetsTest}); the test
 * checks that the README shows each region between {@code // readme:NAME} and {@code // end} as it is here.
 */
final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /** A DNS-style key: the query id in the first two bytes. */
    static int id(byte[] message) {
        return message.length < 2 ? -1 : (message[0] & 0xFF) << 8 | message[1] & 0xFF;
    }

    static Datagram requestReply(int port, byte[] query) throws Exception {
        // readme:request-reply
        try (UdpClient client = UdpClient.builder()
                .target("127.0.0.1", port)
                .correlate(request -> id(request), reply -> id(reply))   // e.g. a DNS query id
                .retries(2, Duration.ofMillis(200), 2.0, Duration.ofSeconds(1))
                .build()) {
            CompletableFuture<Datagram> answer = client.request(query, Duration.ofSeconds(2));
            // ... many more requests in flight on the same socket ...
            return answer.get();   // or thenAccept(...); fails with UdpTimeoutException if no reply came
        }
        // end
    }

    static MeterRegistry metrics(UdpReceiver receiver, UdpClient client) {
        // readme:metrics
        MeterRegistry registry = new SimpleMeterRegistry();         // or your service's registry
        UdpkitMetrics.of(receiver, "syslog").bindTo(registry);      // udpkit.receiver.truncated{name=syslog,...}
        UdpkitMetrics.of(client, "dns").tags("zone", "eu").bindTo(registry);
        // end
        return registry;
    }

    static RecordingStream jfr(Consumer<String> log) {
        // readme:jfr
        RecordingStream events = new RecordingStream();
        for (String name : List.of("DatagramTruncated", "DatagramDropped", "ListenerFailure", "SendFailure")) {
            events.enable("io.github.udpkit." + name);
        }
        events.onEvent("io.github.udpkit.DatagramDropped",
                e -> log.accept(e.getString("reason") + ": " + e.getString("sender")));
        events.startAsync();
        // end
        return events;
    }
}
