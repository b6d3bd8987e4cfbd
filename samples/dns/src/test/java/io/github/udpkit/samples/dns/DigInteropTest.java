package io.github.udpkit.samples.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stub server and the message encoding against ISC's {@code dig}: {@code dig @127.0.0.1 -p PORT name A} parses
 * the stub's answers (and the stub parses dig's queries, which carry an EDNS OPT record). Skipped, with the reason,
 * where dig is not installed, unless {@code CI=true}.
 */
@Timeout(60)
class DigInteropTest {
    private static boolean digInstalled() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir,
                "dig")));
    }

    private static String dig(InetSocketAddress server, String... query) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("dig", "@" + server.getAddress().getHostAddress(),
                "-p", String.valueOf(server.getPort()), "+tries=1", "+time=3"));
        command.addAll(List.of(query));
        Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(dig.waitFor(20, TimeUnit.SECONDS)).as("dig finished").isTrue();
        return new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void digReadsTheStubsAnswers() throws Exception {
        assumeTrue(digInstalled() || "true".equals(System.getenv("CI")),
                "dig is not installed (apt-get install bind9-dnsutils); skipped");
        Map<String, List<Inet4Address>> records = Map.of("www.example.test", List.of(
                (Inet4Address) InetAddress.getByName("192.0.2.10"),
                (Inet4Address) InetAddress.getByName("192.0.2.11")));
        try (DnsServerStub server = DnsServerStub.start(new InetSocketAddress("127.0.0.1", 0), records, 42,
                l -> { })) {
            assertThat(dig(server.localAddress(), "+short", "www.example.test", "A").lines().toList())
                    .containsExactly("192.0.2.10", "192.0.2.11");
            String full = dig(server.localAddress(), "WWW.Example.TEST", "A");
            assertThat(full).contains("status: NOERROR").contains("flags: qr aa rd;")
                    .containsPattern("www\\.example\\.test\\.\\s+42\\s+IN\\s+A\\s+192\\.0\\.2\\.10");
            assertThat(dig(server.localAddress(), "missing.example.test", "A")).contains("status: NXDOMAIN");
            assertThat(server.answered()).isEqualTo(3);
        }
    }
}
