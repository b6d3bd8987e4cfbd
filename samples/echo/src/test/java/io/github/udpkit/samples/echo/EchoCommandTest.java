package io.github.udpkit.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void client_readsTheEqualsForm_andIpv6InBrackets(@UdpPeerOptions(echo = true, ipv6 = true) UdpPeer server) {
        int status = EchoCommand.client(new String[] {"--to=[::1]:" + server.port(), "--attempts=1", "--timeout=2000",
            "six"}, out, err);
        assertThat(status).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo("echo 1/1 on attempt 1: six\n"
                + "1 request, 1 answered, 0 failed, 1 attempt (0 retries)\n");
        assertThat(server.take(Duration.ofSeconds(5)).text()).isEqualTo("six");
    }

    @Test
    void client_badOptions_nameTheOptionAndEchoTheValue() {
        assertThatThrownBy(() -> EchoCommand.client(new String[] {"--backoff", "20"}, out, err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--backoff must be a number from 1.0 to 10.0, was '20'");
        assertThatThrownBy(() -> EchoCommand.client(new String[] {"--timeout=0"}, out, err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--timeout must be a number from 1 to 3600000, was '0'");
        assertThatThrownBy(() -> EchoCommand.client(new String[] {"one", "two"}, out, err))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unexpected argument 'two'");
        assertThatThrownBy(() -> EchoCommand.client(new String[] {"--to", "::1:7007"}, out, err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--to must be HOST:PORT, for example 127.0.0.1:7007 or [::1]:7007, was '::1:7007'");
        assertThatThrownBy(() -> EchoCommand.server(new String[] {"--max-size=0"}, out, err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-size must be a number from 1 to 65527, was '0'");
        assertThatThrownBy(() -> EchoCommand.server(new String[] {"--quiet=yes"}, out, err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --quiet takes no value, was '--quiet=yes'");
        assertThat(outBytes.size()).isZero();
        assertThat(errBytes.size()).isZero();
    }
}
