package io.github.udpkit.internal.linux;

import static io.github.udpkit.internal.linux.Loopback.V4;
import static io.github.udpkit.internal.linux.Loopback.V6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/** Every failure names the operation and the address, with the C library's text and the error's name. */
class ErrorMessageTest {
    @Test
    void bind_portTaken_namesTheAddress() throws Exception {
        try (DatagramChannel holder = Loopback.channel(V4);
             NativeUdpSocket socket = NativeUdpSocket.open(StandardProtocolFamily.INET)) {
            InetSocketAddress taken = (InetSocketAddress) holder.getLocalAddress();
            assertThatThrownBy(() -> socket.bind(taken)).isInstanceOfSatisfying(NativeSocketException.class,
                    e -> assertThat(e.errno()).isEqualTo(98))
                    .hasMessage("bind UDP socket (IPv4, unbound) to " + taken
                            + ": Address already in use (EADDRINUSE)");
        }
    }

    @Test
    void bind_ipv6AddressOnIpv4Socket_isRefusedBeforeTheCall() throws Exception {
        try (NativeUdpSocket socket = NativeUdpSocket.open(StandardProtocolFamily.INET)) {
            InetSocketAddress v6 = new InetSocketAddress("::1", 0);
            assertThatThrownBy(() -> socket.bind(v6)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bind UDP socket (IPv4, unbound) to " + v6 + ": an IPv4 socket cannot reach an IPv6 "
                            + "address");
        }
    }

    @Test
    void batchWithAnIpv6Target_onIpv4Socket_sendsNothing_andNamesTheDatagram() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); SendBatch batch = new SendBatch(4, 100)) {
            InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 9);
            InetSocketAddress v6 = new InetSocketAddress("::1", 9);
            batch.add(new byte[1], 0, 1, v4);
            batch.add(new byte[1], 0, 1, v6);
            assertThatThrownBy(() -> socket.send(batch)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot send datagram 1 of a batch of 2 to " + v6 + " from " + socket.localAddress()
                            + ": an IPv4 socket cannot reach an IPv6 address; nothing was sent");
        }
    }

    @Test
    void send_toPortZero_namesTargetAndSource() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V6)) {
            InetSocketAddress target = new InetSocketAddress("::1", 0);
            assertThatThrownBy(() -> socket.send(ByteBuffer.wrap(new byte[5]), target))
                    .isInstanceOf(NativeSocketException.class)
                    .hasMessage("send 5 bytes to " + target + " from " + socket.localAddress()
                            + ": Invalid argument (EINVAL)");
        }
    }

    @Test
    void send_tooLarge_namesTheSize() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4)) {
            InetSocketAddress target = (InetSocketAddress) peer.getLocalAddress();
            assertThatThrownBy(() -> socket.send(ByteBuffer.allocate(65_508), target))
                    .isInstanceOfSatisfying(NativeSocketException.class,
                            e -> assertThat(e.errno()).isEqualTo(Libc.EMSGSIZE))
                    .hasMessage("send 65508 bytes to " + target + " from " + socket.localAddress()
                            + ": Message too long (EMSGSIZE)");
        }
    }

    @Test
    void option_failure_namesOptionValueAndSocket() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4)) {
            assertThatThrownBy(() -> socket.setInt(Libc.SOL_SOCKET, 12345, 1, "SO_NONSENSE"))
                    .isInstanceOf(NativeSocketException.class)
                    .hasMessage("set SO_NONSENSE = 1 on " + socket.localAddress()
                            + ": Protocol not available (ENOPROTOOPT)");
        }
    }

    @Test
    void strerror_unknownNumber_stillSaysSomething() {
        assertThat(Libc.strerror(4000)).isEqualTo("Unknown error 4000 (errno 4000)");
    }
}
