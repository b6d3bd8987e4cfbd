package io.github.udpkit.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.samples.Main;
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
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return errBytes.toString(StandardCharsets.UTF_8);
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

    /** Regression: a connected sender refused the empty datagram that the lab's unconnected sendto sends. */
    @Test
    void client_sendsAnEmptyMessage_asAnEmptyDatagram_likeTheLabsSendto(UdpPeer server) {
        HelloClient.send("127.0.0.1", server.port(), "", out);
        UdpAssertions.assertThat(server).receivedWithin(Duration.ofSeconds(5)).hasLength(0).isNotTruncated();
        server.expectNothing(Duration.ofMillis(100));
        assertThat(output()).isEqualTo("UDP target IP: 127.0.0.1\nUDP target port: " + server.port()
                + "\nmessage: \n");
    }

    @Test
    void cli_emptyMessage_reachesTheServer_asAnEmptyLine() throws Exception {
        CountDownLatch line = new CountDownLatch(1);
        try (UdpReceiver server = HelloServer.start("127.0.0.1", 0, out, line::countDown)) {
            int port = server.localAddress().getPort();
            assertThat(Main.run(new String[] {"hello-client", "--port=" + port, "--message", ""}, out, err))
                    .isZero();
            assertThat(line.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(output()).isEqualTo("UDP target IP: 127.0.0.1\nUDP target port: " + port
                    + "\nmessage: \nreceived message: \n");
            assertThat(errors()).isEmpty();
        }
    }

    @Test
    void demo_withAnEmptyMessage_printsAnEmptyReceivedMessage() throws Exception {
        assertThat(HelloDemo.run("127.0.0.1", 0, "", out)).isTrue();
        assertThat(output()).endsWith("\nmessage: \nreceived message: \n");
    }

    @Test
    void client_checksEveryArgument_beforePrintingAnything() {
        assertThat(Main.run(new String[] {"hello-client", "--host", "no-such-host.invalid"}, out, err))
                .isEqualTo(2);
        assertThat(errors()).isEqualTo("hello-client: unknown host 'no-such-host.invalid'\n"
                + "try: java -jar udp-samples.jar hello-client --help\n");
        errBytes.reset();
        assertThat(Main.run(new String[] {"hello-client", "--port", "0"}, out, err)).isEqualTo(2);
        assertThat(errors()).isEqualTo("hello-client: cannot send to port 0 (--port): a destination port is 1 to "
                + "65535\ntry: java -jar udp-samples.jar hello-client --help\n");
        errBytes.reset();
        assertThat(Main.run(new String[] {"hello-client", "--message", "x".repeat(65_508)}, out, err))
                .isEqualTo(2);
        assertThat(errors()).isEqualTo("hello-client: --message must be at most 65507 bytes in UTF-8 to "
                + "127.0.0.1:5005, was 65508 bytes\ntry: java -jar udp-samples.jar hello-client --help\n");
        errBytes.reset();
        assertThat(Main.run(new String[] {"hello-client", "--message", "hi", "--port", "x"}, out, err))
                .isEqualTo(2);
        assertThat(errors()).isEqualTo("hello-client: --port must be a number from 0 to 65535, was 'x'\n"
                + "try: java -jar udp-samples.jar hello-client --help\n");
        assertThat(output()).isEmpty();
    }

    @Test
    void server_maxSize_isAnOption_defaultingToTheLabs1024() throws Exception {
        assertThat(HelloOptions.parse(new String[0], HelloOptions.Role.SERVER, out).maxSize()).isEqualTo(1024);
        assertThat(HelloOptions.parse(new String[] {"--max-size=8"}, HelloOptions.Role.SERVER, out).maxSize())
                .isEqualTo(8);
        assertThat(HelloOptions.parse(new String[] {"--max-size", "65527"}, HelloOptions.Role.DEMO, out).maxSize())
                .isEqualTo(65527);
        assertThatThrownBy(() -> HelloOptions.parse(new String[] {"--max-size", "65528"}, HelloOptions.Role.SERVER,
                out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-size must be a number from 1 to 65527, was '65528'");
        assertThatThrownBy(() -> HelloOptions.parse(new String[] {"--max-size", "8"}, HelloOptions.Role.CLIENT, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-size is an option of hello-server and hello-demo, not of hello-client");
        assertThatThrownBy(() -> HelloOptions.parse(new String[] {"--message", "hi"}, HelloOptions.Role.SERVER, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--message is an option of hello-client and hello-demo, not of hello-server");
        assertThat(HelloOptions.USAGE).contains("--max-size N   largest datagram the server prints whole, 1 to 65527 "
                + "(default 1024");
        assertThat(output()).isEmpty();
    }

    @Test
    void server_withMaxSize_cutsAtThatSize_andSaysSo() throws Exception {
        CountDownLatch lines = new CountDownLatch(2);
        try (UdpReceiver server = HelloServer.start("127.0.0.1", 0, 8, out, lines::countDown);
             UdpSender client = UdpSender.builder().target(server.localAddress()).build()) {
            client.send("123456789");
            client.send("12345678");
            assertThat(lines.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(output()).isEqualTo("received message (truncated: the datagram was larger than 8 bytes, only "
                    + "the first 8 were kept): 12345678\nreceived message: 12345678\n");
        }
    }
}
