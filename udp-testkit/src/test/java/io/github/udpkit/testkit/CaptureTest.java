package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.UdpSender;
import io.github.udpkit.internal.Payloads;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Captures written by peers and proxies, read back by Wireshark's own decoders through tshark. */
@Timeout(120)
class CaptureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A DNS query for {@code name} (type A, class IN), id 0x1234, recursion desired. */
    static byte[] dnsQuery(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(new byte[] {0, 0, 1, 0, 1});
        return out.toByteArray();
    }

    @Test
    void aPeersCapture_decodesInTshark_withAddressesPortsLengthsPayloadsAndGoodChecksums(@TempDir Path dir)
            throws Exception {
        Tshark.require();
        byte[] binary = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        try (UdpPeer peer = UdpPeer.start().echo(); UdpPeer other = UdpPeer.start()) {
            other.sendTo(peer.address(), "hello");
            other.sendTo(peer.address(), binary);
            other.sendTo(peer.address(), new byte[0]);
            other.take(3, WAIT); // the echoes
            Path file = peer.writeCapture(dir.resolve("peer.pcapng"));
            List<String> rows = Tshark.run(file, "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                    "-T", "fields", "-E", "separator=|", "-e", "frame.interface_name", "-e", "ip.src", "-e",
                    "udp.srcport", "-e", "ip.dst", "-e", "udp.dstport", "-e", "ip.len", "-e", "udp.length", "-e",
                    "udp.payload", "-e", "ip.checksum.status", "-e", "udp.checksum.status");
            String in = "udpkit-peer " + peer.address() + "|127.0.0.1|" + other.port() + "|127.0.0.1|" + peer.port();
            String out = "udpkit-peer " + peer.address() + "|127.0.0.1|" + peer.port() + "|127.0.0.1|" + other.port();
            assertThat(rows).containsExactly(
                    in + "|33|13|68656c6c6f|1|1", out + "|33|13|68656c6c6f|1|1",
                    in + "|33|13|" + Payloads.hex(binary) + "|1|1", out + "|33|13|" + Payloads.hex(binary) + "|1|1",
                    in + "|28|8||1|1", out + "|28|8||1|1");
            assertThat(Tshark.run(file, "-Y", "_ws.malformed || _ws.expert.severity >= error")).isEmpty();
        }
    }

    @Test
    void aProxysCapture_hasBothSides_aCommentWithTheDecisionAndSeed_andDnsDecodedByName(@TempDir Path dir)
            throws Exception {
        Tshark.require();
        try (UdpPeer server = UdpPeer.builder().ipv6().echo().start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(42)
                     .toTarget(Faults.none().dropEvery(3)).start();
             UdpSender client = UdpSender.builder().target(proxy.address()).build()) {
            client.send(dnsQuery("example.udpkit.test"));
            assertThat(client.receive(WAIT)).isPresent();
            client.send(dnsQuery("second.example"));
            assertThat(client.receive(WAIT)).isPresent();
            client.send(dnsQuery("dropped.example"));
            await().atMost(WAIT).until(() -> proxy.ledger().entries().size() == 5);
            Path file = proxy.writeCapture(dir.resolve("proxy.pcapng"));
            int port = server.port();
            int front = proxy.address().getPort();
            List<String> names = Tshark.run(file, "-d", "udp.port==" + port + ",dns", "-d", "udp.port==" + front
                    + ",dns", "-Y", "dns.flags.response == 0", "-T", "fields", "-e", "frame.interface_id", "-e",
                    "dns.qry.name");
            // The echo server answers with the query's own bytes: in at the front, out upstream, back, out front.
            assertThat(names).containsExactly("0\texample.udpkit.test", "1\texample.udpkit.test",
                    "1\texample.udpkit.test", "0\texample.udpkit.test", "0\tsecond.example", "1\tsecond.example",
                    "1\tsecond.example", "0\tsecond.example", "0\tdropped.example");
            List<String> comments = Tshark.run(file, "-T", "fields", "-e", "frame.comment");
            assertThat(comments).hasSize(9).allSatisfy(c -> assertThat(c).endsWith("seed 42"));
            assertThat(comments.get(0)).isEqualTo("received; TO_TARGET #1 (client 1, " + dnsQuery(
                    "example.udpkit.test").length + " bytes): sent; seed 42");
            assertThat(comments).contains("received; TO_TARGET #3 (client 1, " + dnsQuery("dropped.example").length
                    + " bytes): dropped (EVERY_NTH); seed 42");
            List<String> families = Tshark.run(file, "-T", "fields", "-e", "frame.interface_id", "-e", "ip.version",
                    "-e", "udp.length");
            // An IPv6 target: the proxy listens on ::1 as well, so both sides are IPv6.
            assertThat(families).hasSize(9).allSatisfy(r -> assertThat(r).contains("\t6\t"));
            assertThat(families.get(0)).isEqualTo("0\t6\t" + (8 + dnsQuery("example.udpkit.test").length));
            assertThat(Tshark.run(file, "-Y", "_ws.malformed || _ws.expert.severity >= error")).isEmpty();
            assertThat(Files.size(file)).isPositive();
        }
    }
}
