package io.github.udpkit.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.UdpAssertions;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@UdpTest
@Timeout(30)
class HelloTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void demo_printsTheLabsFourLines() throws Exception {
        assertThat(HelloDemo.run("127.0.0.1", 0, "Hello, World!", out)).isTrue();
        String[] lines = output().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo("UDP target IP: 127.0.0.1");
        assertThat(lines[1]).matches("UDP target port: \\d+");
        assertThat(lines[2]).isEqualTo("message: Hello, World!");
        assertThat(lines[3]).isEqualTo("received message: Hello, World!");
    }

    @Test
    void client_sendsExactlyTheThirteenBytes(UdpPeer server) {
        HelloClient.send("127.0.0.1", server.port(), "Hello, World!", out);
        UdpAssertions.assertThat(server).receivedWithin(Duration.ofSeconds(5))
                .hasPayload("Hello, World!".getBytes(StandardCharsets.US_ASCII)).hasLength(13).isNotTruncated();
        server.expectNothing(Duration.ofMillis(100));
        assertThat(output()).isEqualTo("UDP target IP: 127.0.0.1\nUDP target port: " + server.port()
                + "\nmessage: Hello, World!\n");
    }

    @Test
    void cli_help_explainsTheOptions() throws Exception {
        assertThat(HelloDemo.cli(new String[] {"--help"}, out, out)).isZero();
        assertThat(output()).isEqualTo(HelloOptions.USAGE + "\n");
    }

    @Test
    void server_saysPlainlyWhenADatagramWasTruncated() throws Exception {
        CountDownLatch lines = new CountDownLatch(2);
        try (UdpReceiver server = HelloServer.start("127.0.0.1", 0, out, lines::countDown);
             UdpSender client = UdpSender.builder().target(server.localAddress()).build()) {
            client.send("x".repeat(1025));
            client.send("short");
            assertThat(lines.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(output()).isEqualTo("received message (truncated: the datagram was larger than 1024 bytes, "
                    + "only the first 1024 were kept): " + "x".repeat(1024) + "\nreceived message: short\n");
        }
    }
}
