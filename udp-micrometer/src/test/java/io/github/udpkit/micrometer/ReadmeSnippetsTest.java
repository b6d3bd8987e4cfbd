package io.github.udpkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.UdpClient;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's request/reply, metrics and JFR snippets are {@link ReadmeSnippets}' regions, and they work. */
@Timeout(60)
class ReadmeSnippetsTest {
    private static final String SOURCE = "udp-micrometer/src/test/java/io/github/udpkit/micrometer/ReadmeSnippets.java";

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve(SOURCE))) {
                return dir;
            }
        }
        throw new AssertionError("no README.md with " + SOURCE + " above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theReadmeShowsEachSnippetAsCompiled() throws IOException {
        String source = Files.readString(root().resolve(SOURCE), StandardCharsets.UTF_8);
        String readme = Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8);
        Matcher region = Pattern.compile("(?s)// readme:([\\w-]+)\\n(.*?)\\n\\s*// end").matcher(source);
        int regions = 0;
        while (region.find()) {
            String snippet = region.group(2).lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                    .reduce((a, b) -> a + "\n" + b).orElseThrow();
            assertThat(readme).as("README shows the snippet " + region.group(1))
                    .contains("```java\n" + snippet + "\n```\n");
            regions++;
        }
        assertThat(regions).isEqualTo(3);
    }

    @Test
    void theSnippetsRun() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        RecordingStream events = ReadmeSnippets.jfr(log::add);
        try (UdpReceiver server = UdpReceiver.builder().acceptFrom(a -> false).onRequest((d, r) -> { }).start();
             UdpReceiver dns = UdpReceiver.builder().onRequest((d, r) -> r.reply(d, d.payload())).start();
             UdpClient client = UdpClient.builder().build()) {
            assertThat(ReadmeSnippets.requestReply(dns.localAddress().getPort(), new byte[] {0x12, 0x34, 1})
                    .payload()).containsExactly(0x12, 0x34, 1);
            MeterRegistry registry = ReadmeSnippets.metrics(server, client);
            try (UdpSender sender = UdpSender.builder().target(server.localAddress()).build()) {
                // udpkit hears of JFR's start through a listener: send until the first event shows
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    sender.send("hi");
                    return !log.isEmpty();
                });
                assertThat(log.get(0)).isEqualTo("filtered: " + sender.localAddress());
                await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().filtered() == sender.stats().sent());
            }
            await().atMost(Duration.ofSeconds(1)).until(() -> registry.find("udpkit.receiver.filtered")
                    .tag("name", "syslog").functionCounter().count() == server.stats().filtered());
            assertThat(registry.find("udpkit.client.requests").tag("zone", "eu").functionCounter()).isNotNull();
        } finally {
            events.close();
        }
    }
}
