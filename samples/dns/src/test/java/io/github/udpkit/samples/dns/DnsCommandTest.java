package io.github.udpkit.samples.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DnsCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void query_printsALinePerName_andFailsWhenOneDoesNotResolve() throws Exception {
        Map<String, List<Inet4Address>> records = Map.of(
                "a.example.test", List.of((Inet4Address) InetAddress.getByName("192.0.2.1")),
                "b.example.test", List.of((Inet4Address) InetAddress.getByName("192.0.2.2"),
                        (Inet4Address) InetAddress.getByName("192.0.2.3")));
        try (DnsServerStub server = DnsServerStub.start(new InetSocketAddress("127.0.0.1", 0), records, 60, l -> { })) {
            String to = "127.0.0.1:" + server.localAddress().getPort();
            int status = DnsCommand.query(new String[] {"--to", to, "--timeout", "3000", "a.example.test",
                "b.example.test", "c.example.test"}, out, err);
            assertThat(status).isEqualTo(1);
            assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                    "a.example.test A 192.0.2.1\nb.example.test A 192.0.2.2 192.0.2.3\n");
            assertThat(errBytes.toString(StandardCharsets.UTF_8))
                    .isEqualTo("c.example.test: no such name: 'c.example.test' (NXDOMAIN)\n");
        }
    }

    @Test
    void badOptions_areUsageErrors_withTheValue() {
        assertThatThrownBy(() -> DnsCommand.query(new String[] {"--attempts", "11", "x"}, out, err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--attempts must be a number from 1 to 10, was '11'");
        assertThatThrownBy(() -> DnsCommand.query(new String[0], out, err))
                .hasMessage("give at least one NAME to look up");
        assertThatThrownBy(() -> DnsCommand.server(new String[] {"--record", "x=::1"}, out, err))
                .hasMessage("--record must be NAME=IPV4, was 'x=::1'");
        assertThatThrownBy(() -> DnsCommand.query(new String[] {"--to", "127.0.0.1:0", "x"}, out, err))
                .hasMessage("cannot send to port 0 (--to): a destination port is 1 to 65535");
        assertThatThrownBy(() -> DnsCommand.query(new String[] {"--to=127.0.0.1:70000", "x"}, out, err))
                .hasMessage("--port must be a number from 0 to 65535, was '70000'");
        assertThatThrownBy(() -> DnsCommand.server(new String[] {"--verbose=2"}, out, err))
                .hasMessage("unknown option --verbose");
    }
}
