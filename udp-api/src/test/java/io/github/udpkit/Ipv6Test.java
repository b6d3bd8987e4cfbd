package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.next;
import static io.github.udpkit.TestDatagrams.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The core IPv4 tests, mirrored on ::1, plus dual stack and scope ids. */
@Timeout(60)
class Ipv6Test {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<Datagram> delivered = new LinkedBlockingQueue<>();
    private final BlockingQueue<Datagram> truncated = new LinkedBlockingQueue<>();

    @BeforeAll
    static void ipv6LoopbackExists() throws Exception {
        assertThat(NetworkInterface.getByInetAddress(InetAddress.getByName("::1")))
                .as("this machine has ::1 (the IPv6 tests need it)").isNotNull();
    }

    private UdpReceiver receiver(int limit) {
        return UdpReceiver.builder().bind("::1", 0).maxDatagramSize(limit)
                .onDatagram(delivered::add).onTruncated(truncated::add).start();
    }



    @Test
    void roundTrip_onIpv6Loopback_zeroOneLimitMinusOneAndLimit_withSenderAddress() throws Exception {
        int limit = 1024;
        try (UdpReceiver receiver = receiver(limit);
             UdpSender sender = UdpSender.builder().bind("::1", 0).target(receiver.localAddress())
                     .connected(false).build()) {
            assertThat(receiver.localAddress().getAddress()).isInstanceOf(Inet6Address.class);
            int[] sizes = {0, 1, limit - 1, limit};
            for (int size : sizes) {
                sender.send(pattern(size));
            }
            for (int size : sizes) {
                Datagram d = next(delivered);
                assertThat(d.payload()).isEqualTo(pattern(size));
                assertThat(d.sender()).isEqualTo(sender.localAddress());
                assertThat(d.sender().getAddress()).isEqualTo(InetAddress.getByName("::1"));
            }
        }
    }

    @Test
    void truncation_onIpv6_deliversTheFirstLimitBytesToOnTruncated_upToTheIpv6Maximum() throws Exception {
        try (UdpReceiver receiver = receiver(1024);
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send(pattern(1025));
            sender.send(pattern(65_527));
            for (int size : new int[] {1025, 65_527}) {
                Datagram d = next(truncated);
                assertThat(d.truncated()).isTrue();
                assertThat(d.payload()).isEqualTo(Arrays.copyOf(pattern(size), 1024));
            }
            assertThat(delivered).isEmpty();
            await().atMost(WAIT).until(() -> receiver.stats().truncated() == 2);
        }
    }

    @Test
    void largestIpv6Payload_arrivesWhole_whenTheReceiverKeepsItsDefaultLimit() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().bind("::1", 0).onDatagram(delivered::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send(pattern(65_527));
            Datagram d = next(delivered);
            assertThat(d.truncated()).isFalse();
            assertThat(d.payload()).isEqualTo(pattern(65_527));
        }
    }

    @Test
    void oversizeAt65528_toAnIpv6Target_throwsNamingIpv6_andNothingIsSent() throws Exception {
        try (UdpReceiver receiver = receiver(65_527);
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            assertThatThrownBy(() -> sender.send(new byte[65_528]))
                    .isInstanceOf(DatagramTooLargeException.class)
                    .hasMessage("payload of 65528 bytes exceeds the IPv6 UDP maximum of 65527 bytes for IPv6 target "
                            + receiver.localAddress() + "; nothing was sent");
            sender.send("marker");
            assertThat(next(delivered).text()).isEqualTo("marker");
            assertThat(receiver.stats().received()).isEqualTo(1);
        }
    }

    @Test
    void dualStackWildcard_receivesFromIpv4Senders_asIpv4Addresses() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().bind("::", 0).onDatagram(delivered::add).start();
             UdpSender v4 = UdpSender.builder().bind("127.0.0.1", 0)
                     .target("127.0.0.1", receiver.localAddress().getPort()).build();
             UdpSender v6 = UdpSender.builder().bind("::1", 0)
                     .target("::1", receiver.localAddress().getPort()).build()) {
            v4.send("from v4");
            Datagram first = next(delivered);
            assertThat(first.text()).isEqualTo("from v4");
            assertThat(first.sender().getAddress()).isInstanceOf(Inet4Address.class);
            assertThat(first.sender()).isEqualTo(v4.localAddress());
            v6.send("from v6");
            Datagram second = next(delivered);
            assertThat(second.sender()).isEqualTo(v6.localAddress());
        }
    }

    @Test
    void ipv4MappedTarget_isSentAsIpv4_withTheIpv4Maximum() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().bind("127.0.0.1", 0).onDatagram(delivered::add).start();
             UdpSender sender = UdpSender.builder()
                     .target("::ffff:127.0.0.1", receiver.localAddress().getPort()).build()) {
            assertThat(sender.target()).hasValue(receiver.localAddress());
            assertThatThrownBy(() -> sender.send(new byte[65_508])).isInstanceOf(DatagramTooLargeException.class)
                    .hasMessageContaining("IPv4 UDP maximum of 65507");
            sender.send("mapped");
            assertThat(next(delivered).text()).isEqualTo("mapped");
        }
    }

    @Test
    void linkLocalTarget_keepsItsScopeId() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getByName("::1"));
        try (UdpSender sender = UdpSender.builder().target("fe80::1%" + lo.getIndex(), 9).connected(false).build()) {
            Inet6Address target = (Inet6Address) sender.target().orElseThrow().getAddress();
            assertThat(target.getScopeId()).isEqualTo(lo.getIndex());
            assertThat(target.getHostAddress()).isEqualTo("fe80:0:0:0:0:0:0:1%" + lo.getIndex());
        }
        InetSocketAddress scoped = new InetSocketAddress(
                Inet6Address.getByAddress(null, InetAddress.getByName("fe80::2").getAddress(), lo.getIndex()), 9);
        try (UdpSender sender = UdpSender.builder().target(scoped).connected(false).build()) {
            assertThat(((Inet6Address) sender.target().orElseThrow().getAddress()).getScopeId())
                    .isEqualTo(lo.getIndex());
        }
    }
}
