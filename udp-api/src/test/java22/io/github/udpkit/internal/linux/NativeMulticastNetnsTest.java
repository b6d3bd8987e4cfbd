package io.github.udpkit.internal.linux;

import static io.github.udpkit.internal.linux.Loopback.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multicast on the native socket, in a network namespace whose loopback carries multicast (the pom's
 * {@code native-jar-netns} execution starts this JVM through {@code tools/netns/bin/java}); skips with the reason
 * where no namespace can be made.
 */
class NativeMulticastNetnsTest {
    private static NetworkInterface lo;

    @BeforeAll
    static void inANamespaceWithMulticastLoopback() throws Exception {
        String unavailable = System.getenv("UDPKIT_NETNS_UNAVAILABLE");
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        lo = NetworkInterface.getByName("lo");
        Assumptions.assumeTrue(lo != null && lo.supportsMulticast(),
                "skipped: not started by tools/netns/bin/java (run through Maven's native-jar-netns execution)");
    }

    @Test
    void joinedSocket_receivesTheGroup_untilItLeaves() throws Exception {
        InetAddress group = InetAddress.getByName("239.1.2.3");
        try (NativeUdpSocket receiver = Loopback.nativeSocket(new InetSocketAddress("0.0.0.0", 0));
             NativeUdpSocket sender = Loopback.nativeSocket(Loopback.V4);
             ReceiveBatch batch = ReceiveBatch.plain(8, 100)) {
            receiver.multicast().join(group, lo);
            sender.multicast().setInterface(lo);
            sender.multicast().setLoopback(true);
            sender.multicast().setTtl(0);
            InetSocketAddress target = new InetSocketAddress(group, receiver.localAddress().getPort());
            sender.send(ByteBuffer.wrap(pattern(20, 1)), target);
            assertThat(receiver.receive(batch, 5_000)).isEqualTo(1);
            assertThat(Loopback.bytes(batch.buffer(0))).isEqualTo(pattern(20, 1));
            assertThat(batch.sender(0)).isEqualTo(sender.localAddress());

            receiver.multicast().leave(group, lo);
            sender.send(ByteBuffer.wrap(pattern(20, 2)), target);
            assertThat(receiver.receive(batch, 300)).as("after leaving").isZero();
            receiver.multicast().join(group, lo);
            sender.send(ByteBuffer.wrap(pattern(20, 3)), target);
            assertThat(receiver.receive(batch, 5_000)).isEqualTo(1);
            assertThat(Loopback.bytes(batch.buffer(0))).isEqualTo(pattern(20, 3));
        }
    }

    @Test
    void ipv6Group_joinsAndLeaves_onAnIpv6Socket() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(new InetSocketAddress("::", 0))) {
            InetAddress group = InetAddress.getByName("ff02::1:3");
            socket.multicast().join(group, lo);
            socket.multicast().setInterface(lo);
            socket.multicast().setTtl(1);
            socket.multicast().setLoopback(true);
            socket.multicast().leave(group, lo);
        }
    }

    @Test
    void groupOfTheOtherFamily_orNotMulticast_isRefusedBeforeTheCall() throws Exception {
        try (NativeUdpSocket v4 = Loopback.nativeSocket(Loopback.V4)) {
            assertThatThrownBy(() -> v4.multicast().join(InetAddress.getByName("ff02::1:3"), lo))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("join ff02:0:0:0:0:0:1:3 on lo: the group is IPv6 and the socket IPv4");
            assertThatThrownBy(() -> v4.multicast().join(InetAddress.getByName("192.0.2.1"), lo))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("join 192.0.2.1 on lo: not a multicast address");
            InetAddress group = InetAddress.getByName("239.1.2.4");
            assertThatThrownBy(() -> v4.multicast().leave(group, lo)).isInstanceOf(NativeSocketException.class)
                    .hasMessage("leave 239.1.2.4 on lo on " + v4.localAddress()
                            + ": Cannot assign requested address (EADDRNOTAVAIL)");
        }
    }
}
