package io.github.udpkit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.DatagramTooLargeException;
import io.github.udpkit.UdpBindException;
import io.github.udpkit.UdpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliTest {
    /** Reads a whole command line as {@code name=value} / {@code name} / {@code 'positional'} entries. */
    private static List<String> read(String... args) {
        Cli cli = new Cli(args);
        List<String> seen = new ArrayList<>();
        while (cli.hasNext()) {
            String arg = cli.next();
            switch (arg) {
                case "--port" -> seen.add("--port=" + cli.port());
                case "--host", "--message" -> seen.add(arg + "=" + cli.value());
                case "--hex" -> seen.add("--hex");
                default -> seen.add("'" + cli.positional() + "'");
            }
        }
        return seen;
    }

    @Test
    void valuesFollowTheOption_orAnEqualsSign() {
        assertThat(read("--port", "5005", "--host=::1", "--message=a=b", "--hex", "x"))
                .containsExactly("--port=5005", "--host=::1", "--message=a=b", "--hex", "'x'");
        assertThat(read("--port=5005")).containsExactly("--port=5005");
        assertThat(read("--message=")).containsExactly("--message=");
        assertThat(read("--message", "")).containsExactly("--message=");
    }

    @Test
    void negativeNumbersAndADash_arePositional_andAValueMayStartWithADashAfterEquals() {
        assertThat(read("-4", "-", "-.5")).containsExactly("'-4'", "'-'", "'-.5'");
        assertThat(read("--message", "-4", "--message=--hex")).containsExactly("--message=-4", "--message=--hex");
    }

    @Test
    void unknownOptions_areNamed_withoutTheirValue() {
        assertThatThrownBy(() -> read("--verbose")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> read("--verbose=3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> read("-v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option -v");
        Cli cli = new Cli(new String[] {"extra"});
        cli.next();
        assertThat(cli.unknown()).hasMessage("unexpected argument 'extra'");
    }

    @Test
    void aMissingValue_andAValueForAFlag_areRefused() {
        assertThatThrownBy(() -> read("--port")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --port needs a value");
        assertThatThrownBy(() -> read("--host", "--hex")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --host needs a value");
        assertThatThrownBy(() -> read("--hex=yes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --hex takes no value, was '--hex=yes'");
        assertThatThrownBy(() -> read("--hex=yes", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --hex takes no value, was '--hex=yes'");
    }

    @Test
    void numbers_nameTheOption_theRange_andEchoTheValue() {
        for (String bad : new String[] {"70000", "-1", "5005x", "", " 5005", "99999999999999999999"}) {
            assertThatThrownBy(() -> read("--port", bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--port must be a number from 0 to 65535, was '" + bad + "'");
        }
        assertThat(read("--port", "0", "--port", "65535")).containsExactly("--port=0", "--port=65535");
        assertThatThrownBy(() -> Cli.number("--count", "0", 1, 10)).hasMessage(
                "--count must be a number from 1 to 10, was '0'");
        assertThat(Cli.decimal("--backoff", "2.5", 1.0, 10.0)).isEqualTo(2.5);
        for (String bad : new String[] {"NaN", "10.5", "0.5", "two"}) {
            assertThatThrownBy(() -> Cli.decimal("--backoff", bad, 1.0, 10.0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--backoff must be a number from 1.0 to 10.0, was '" + bad + "'");
        }
    }

    @Test
    void targets_areHostColonPort_withIpv6InBrackets() throws Exception {
        assertThat(Cli.target("--to", "127.0.0.1:5005", 5005)).isEqualTo(new InetSocketAddress("127.0.0.1", 5005));
        assertThat(Cli.target("--to", "[::1]:5005", 5005)).isEqualTo(new InetSocketAddress("::1", 5005));
        assertThat(Cli.target("--to", "localhost:5005", 5005).getPort()).isEqualTo(5005);
        for (String bad : new String[] {"localhost", "127.0.0.1:", ":5005", "::1:5005", "[::1]"}) {
            assertThatThrownBy(() -> Cli.target("--to", bad, 9999)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--to must be HOST:PORT, for example 127.0.0.1:9999 or [::1]:9999, was '" + bad
                            + "'");
        }
        assertThatThrownBy(() -> Cli.target("--to", "127.0.0.1:70000", 9999))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port must be a number from 0 to 65535, was '70000'");
        assertThatThrownBy(() -> Cli.target("--to", "127.0.0.1:0", 9999)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot send to port 0 (--to): a destination port is 1 to 65535");
        assertThatThrownBy(() -> Cli.target("--to", "no-such-host.invalid:5005", 9999))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown host 'no-such-host.invalid'");
        assertThatThrownBy(() -> Cli.destination("--port", InetAddress.getLoopbackAddress(), 70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port must be a number from 0 to 65535, was '70000'");
    }

    @Test
    void addresses_areWrittenOneWay() throws Exception {
        assertThat(Cli.format(new InetSocketAddress("127.0.0.1", 5005))).isEqualTo("127.0.0.1:5005");
        assertThat(Cli.format(new InetSocketAddress("::1", 5005))).isEqualTo("[::1]:5005");
        assertThat(Cli.format(new InetSocketAddress("::", 0))).isEqualTo("[::]:0");
        assertThat(Cli.format(new InetSocketAddress("2001:db8:0:0:1:0:0:1", 53))).isEqualTo("[2001:db8::1:0:0:1]:53");
        assertThat(Cli.format(new InetSocketAddress("2001:db8:0:1:1:1:1:1", 53)))
                .isEqualTo("[2001:db8:0:1:1:1:1:1]:53");
        assertThat(Cli.format(new InetSocketAddress("fe80::1:0:0:0", 7))).isEqualTo("[fe80::1:0:0:0]:7");
        assertThat(Cli.format(new InetSocketAddress(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}),
                80))).isEqualTo("127.0.0.1:80");
    }

    @Test
    void messages_neverShowAClassName_andWriteTheExceptionsAddressTheSamplesWay() {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 5005);
        assertThat(Cli.message(new UdpBindException(address, new SocketException("Address already in use"))))
                .isEqualTo("cannot bind UDP socket to 127.0.0.1:5005: Address already in use");
        assertThat(Cli.message(new DatagramTooLargeException(70_000, 65_507, "the IPv4 UDP maximum", address)))
                .isEqualTo("payload of 70000 bytes exceeds the IPv4 UDP maximum of 65507 bytes for IPv4 target "
                        + "127.0.0.1:5005; nothing was sent");
        assertThat(Cli.message(new UdpException("outer", new IOException("inner")))).isEqualTo("outer");
        assertThat(Cli.message(new IllegalStateException(new IOException("inner")))).isEqualTo("inner");
        assertThat(Cli.message(new RuntimeException((String) null))).isEqualTo("failed without a message");
    }

    @Test
    void run_printsTheMessageOnly_andReturns2ForAUsageMistake_1ForAFailure() {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 5005);
        assertThat(Cli.run("udpcat", (a, o, e) -> {
            throw new UdpBindException(address, new SocketException("Address already in use"));
        }, new String[0], out, err)).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("udpcat: cannot bind UDP socket to 127.0.0.1:5005: Address already in use\n");
        errBytes.reset();
        assertThat(Cli.run("echo-client", (a, o, e) -> {
            throw new IllegalArgumentException("unknown option --verbose");
        }, new String[0], out, err)).isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEqualTo("echo-client: unknown option --verbose\n"
                + "try: java -jar udp-samples.jar echo-client --help\n");
        errBytes.reset();
        assertThat(Cli.run("hello", (a, o, e) -> 7, new String[0], out, err)).isEqualTo(7);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
