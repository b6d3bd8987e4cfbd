package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Multicast on a loopback with the MULTICAST flag, in a network namespace the test run made for itself (see
 * tools/netns/bin/java): the traffic cannot leave this JVM's namespace.
 */
@Timeout(60)
class MulticastNetnsTest {
    private static final String GROUP = "239.1.2.3";

    private final BlockingQueue<Datagram> delivered = new LinkedBlockingQueue<>();
    private static NetworkInterface lo;

    @BeforeAll
    static void inANamespaceWithMulticastLoopback() throws Exception {
        String unavailable = System.getenv("UDPKIT_NETNS_UNAVAILABLE");
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        lo = NetworkInterface.getByName("lo");
        Assumptions.assumeTrue(lo != null && lo.supportsMulticast(),
                "skipped: not started by tools/netns/bin/java (run through Maven's netns execution)");
    }

    private UdpReceiver groupReceiver() {
        return UdpReceiver.builder().bind("0.0.0.0", 0).joinGroup(GROUP, "lo").onDatagram(delivered::add).start();
    }

    private static UdpSender groupSender(String bind, UdpReceiver receiver) {
        return UdpSender.builder().bind(bind, 0).multicastInterface("lo").multicastLoopback(true).multicastTtl(0)
                .target(GROUP, receiver.localAddress().getPort()).build();
    }

    @Test
    void senderAndReceiver_exchangeDatagramsOnAGroup() throws Exception {
        try (UdpReceiver receiver = groupReceiver();
             UdpSender sender = groupSender("127.0.0.1", receiver)) {
            for (int i = 0; i < 10; i++) {
                sender.send("to the group " + i);
            }
            for (int i = 0; i < 10; i++) {
                Datagram d = delivered.poll(5, TimeUnit.SECONDS);
                assertThat(d).isNotNull();
                assertThat(d.text()).isEqualTo("to the group " + i);
                assertThat(d.sender()).isEqualTo(sender.localAddress());
            }
        }
    }

    @Test
    void leaveGroup_stopsDelivery_andJoinGroupResumesIt() throws Exception {
        InetAddress group = InetAddress.getByName(GROUP);
        try (UdpReceiver receiver = groupReceiver();
             UdpSender sender = groupSender("127.0.0.1", receiver)) {
            sender.send("joined");
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(Datagram::text).isEqualTo("joined");
            receiver.leaveGroup(group, lo);
            sender.send("left");
            assertThat(delivered.poll(300, TimeUnit.MILLISECONDS)).isNull();
            receiver.joinGroup(group, lo);
            sender.send("rejoined");
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(Datagram::text).isEqualTo("rejoined");
            assertThat(receiver.stats().received()).isEqualTo(2);
        }
    }

    @Test
    void sourceSpecificJoin_receivesOnlyFromThatSource() throws Exception {
        InetAddress ssmGroup = InetAddress.getByName("232.1.2.3");
        try (UdpReceiver receiver = UdpReceiver.builder().bind("0.0.0.0", 0)
                .joinGroup(ssmGroup, lo, InetAddress.getByName("127.0.0.2")).onDatagram(delivered::add).start();
             UdpSender wanted = UdpSender.builder().bind("127.0.0.2", 0).multicastInterface(lo)
                     .target(new InetSocketAddress(ssmGroup, receiver.localAddress().getPort())).build();
             UdpSender other = UdpSender.builder().bind("127.0.0.3", 0).multicastInterface(lo)
                     .target(new InetSocketAddress(ssmGroup, receiver.localAddress().getPort())).build()) {
            other.send("other");
            wanted.send("wanted");
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(Datagram::text).isEqualTo("wanted");
            assertThat(delivered.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void ipv4Group_onAnIpv6Socket_isRefusedSayingWhatToBind() {
        assertThatThrownBy(() -> UdpReceiver.builder().bind("::", 0).joinGroup(GROUP, "lo")
                .onDatagram(delivered::add).start())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot join IPv4 group 239.1.2.3 on an IPv6 socket (bound to 0:0:0:0:0:0:0:0): bind an "
                        + "IPv4 address such as 0.0.0.0 or the group itself to receive IPv4 multicast");
    }

    @Test
    void ipv6Group_onAnIpv4Socket_isRefusedSayingWhatToBind() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().bind("0.0.0.0", 0).onDatagram(delivered::add).start()) {
            assertThatThrownBy(() -> receiver.joinGroup(InetAddress.getByName("ff12::1234"), lo))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot join IPv6 group ff12:0:0:0:0:0:0:1234 on an IPv4 socket (bound to 0.0.0.0): "
                            + "bind an IPv6 address such as :: or the group itself to receive IPv6 multicast");
        }
    }

    @Test
    void joinGroup_withoutAnExplicitBind_orWithReusePort_isRefused() {
        assertThatThrownBy(() -> UdpReceiver.builder().joinGroup(GROUP, "lo").onDatagram(delivered::add).start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("a multicast receiver must be bound explicitly to the group's port, for example "
                        + "bind(\"0.0.0.0\", port) or bind(group, port): the default loopback address receives no "
                        + "multicast");
        assertThatThrownBy(() -> UdpReceiver.builder().bind("0.0.0.0", 0).reusePort(2).joinGroup(GROUP, "lo")
                .onDatagram(delivered::add).start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("joinGroup cannot be combined with reusePort(2): the kernel would hand each group "
                        + "datagram to one socket only; use reusePort(1)");
    }
}
