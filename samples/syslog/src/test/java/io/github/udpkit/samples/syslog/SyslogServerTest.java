package io.github.udpkit.samples.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpPeerOptions;
import io.github.udpkit.testkit.UdpTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@UdpTest
@Timeout(60)
class SyslogServerTest {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private List<String> next(int count) throws InterruptedException {
        List<String> got = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = lines.poll(5, TimeUnit.SECONDS);
            assertThat(line).as("line %d of %d; got so far %s", i + 1, count, got).isNotNull();
            got.add(line);
        }
        return got;
    }

    @Test
    void printsOneLinePerMessage_inArrivalOrder(UdpPeer device) throws Exception {
        try (SyslogServer server = SyslogServer.start(new InetSocketAddress("127.0.0.1", 0), 8192,
                m -> lines.add(SyslogServer.line(m)))) {
            device.sendTo(server.localAddress(), "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
                    + "\uFEFF'su root' failed for lonvick on /dev/pts/8");
            device.sendTo(server.localAddress(), "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47"
                    + " [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
                    + "[examplePriority@32473 class=\"high\"]");
            device.sendTo(server.localAddress(), "<34>Oct 11 22:14:15 mymachine su: 'su root' failed");
            device.sendTo(server.localAddress(), "Use the BFG!\nTwice");
            device.sendTo(server.localAddress(), new byte[] {'<', '9', '9', '9', '>', 0x01});
            assertThat(next(5)).containsExactly(
                    "rfc5424 auth.crit 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for "
                            + "lonvick on /dev/pts/8",
                    "rfc5424 local4.notice 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                            + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
                            + "[examplePriority@32473 class=\"high\"] ",
                    "rfc3164 auth.crit Oct 11 22:14:15 mymachine su - - - 'su root' failed",
                    "rfc3164 user.notice - - - - - - Use the BFG!\\nTwice",
                    "unparsed (invalid PRI: expected <0> to <191> at the start) 3c3939393e01");
            assertThat(server.received()).isEqualTo(5);
        }
    }

    @Test
    void datagramOverTheLimit_isReportedUnparsed_notParsedAsIfComplete(UdpPeer device) throws Exception {
        try (SyslogServer server = SyslogServer.start(new InetSocketAddress("127.0.0.1", 0), 16,
                m -> lines.add(SyslogServer.line(m)))) {
            device.sendTo(server.localAddress(), "<34>Oct 11 22:14:15 host app: long");
            assertThat(next(1)).containsExactly("unparsed (datagram larger than 16 bytes, only the first 16 were "
                    + "received) " + java.util.HexFormat.of().formatHex("<34>Oct 11 22:14".getBytes(
                    StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void overIpv6(@UdpPeerOptions(ipv6 = true) UdpPeer device) throws Exception {
        try (SyslogServer server = SyslogServer.start(new InetSocketAddress("::1", 0), 8192,
                m -> lines.add(SyslogServer.line(m)))) {
            device.sendTo(server.localAddress(), "<14>1 - host app 42 - - over IPv6");
            assertThat(next(1)).containsExactly("rfc5424 user.info - host app 42 - - over IPv6");
        }
    }
}
