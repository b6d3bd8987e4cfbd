package io.github.udpkit.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.Datagram;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpPeerOptions;
import io.github.udpkit.testkit.UdpTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@UdpTest
@Timeout(60)
class EchoCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void client_printsEachEchoAndASummary(@UdpPeerOptions(echo = true) UdpPeer server) {
        int status = EchoCommand.client(new String[] {"--to", "127.0.0.1:" + server.port(), "--count", "2",
            "hi there"}, out, err);
        assertThat(status).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo("echo 1/2 on attempt 1: hi there\n"
                + "echo 2/2 on attempt 1: hi there\n2 requests, 2 answered, 0 failed, 2 attempts (0 retries)\n");
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(server.take(2, Duration.ofSeconds(5))).extracting(Datagram::text)
                .containsExactly("hi there", "hi there");
    }

    @Test
    void client_againstASilentServer_exits1_withTheTimeoutMessage(UdpPeer silent) {
        int status = EchoCommand.client(new String[] {"--to", "127.0.0.1:" + silent.port(), "--timeout", "50",
            "--attempts", "2"}, out, err);
        assertThat(status).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEqualTo("no echo from 127.0.0.1:" + silent.port()
                + " after 2 attempts (waited 50 + 100 = 150 ms)\n");
        assertThat(outBytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("1 request, 0 answered, 1 failed, 2 attempts (1 retry)\n");
        assertThat(silent.take(2, Duration.ofSeconds(5))).extracting(Datagram::text).containsExactly("hello", "hello");
    }
}
