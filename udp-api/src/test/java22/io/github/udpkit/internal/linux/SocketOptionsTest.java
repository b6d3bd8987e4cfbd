package io.github.udpkit.internal.linux;

import static io.github.udpkit.internal.linux.Loopback.V4;
import static io.github.udpkit.internal.linux.Loopback.V6;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import org.junit.jupiter.api.Test;

/** Options are set and read back from the kernel. */
class SocketOptionsTest {
    @Test
    void bufferSizes_areReadBack_asTheKernelDoublesThem() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4)) {
            assertThat(socket.options().setReceiveBufferSize(65_536)).isEqualTo(131_072);
            assertThat(socket.options().setSendBufferSize(65_536)).isEqualTo(131_072);
            assertThat(socket.options().receiveBufferSize()).isEqualTo(131_072);
        }
    }

    @Test
    void booleanOptions_areSet() throws Exception {
        try (NativeUdpSocket socket = NativeUdpSocket.open(StandardProtocolFamily.INET)) {
            socket.options().setReuseAddress(true);
            socket.options().setReusePort(true);
            socket.options().setBroadcast(true);
            socket.options().setGro(true);
            assertThat(socket.getInt(Libc.SOL_SOCKET, Libc.SO_REUSEADDR, "SO_REUSEADDR")).isEqualTo(1);
            assertThat(socket.getInt(Libc.SOL_SOCKET, Libc.SO_REUSEPORT, "SO_REUSEPORT")).isEqualTo(1);
            assertThat(socket.getInt(Libc.SOL_SOCKET, Libc.SO_BROADCAST, "SO_BROADCAST")).isEqualTo(1);
            assertThat(socket.getInt(Libc.IPPROTO_UDP, Libc.UDP_GRO, "UDP_GRO")).isEqualTo(1);
        }
    }

    @Test
    void reusePort_letsTwoSocketsBindOnePort() throws Exception {
        try (NativeUdpSocket a = NativeUdpSocket.open(StandardProtocolFamily.INET);
             NativeUdpSocket b = NativeUdpSocket.open(StandardProtocolFamily.INET)) {
            a.options().setReusePort(true);
            b.options().setReusePort(true);
            a.bind(V4);
            b.bind(a.localAddress());
            assertThat(b.localAddress()).isEqualTo(a.localAddress());
        }
    }

    @Test
    void trafficClass_ipv4AndIpv6() throws Exception {
        try (NativeUdpSocket v4 = Loopback.nativeSocket(V4); NativeUdpSocket v6 = Loopback.nativeSocket(V6)) {
            v4.options().setTrafficClass(0x28);
            v6.options().setTrafficClass(0x48);
            assertThat(v4.options().trafficClass()).isEqualTo(0x28);
            assertThat(v6.options().trafficClass()).isEqualTo(0x48);
            assertThat(v6.getInt(Libc.IPPROTO_IP, Libc.IP_TOS, "IP_TOS")).as("for IPv4 peers").isEqualTo(0x48);
        }
    }

    @Test
    void ipv6Socket_isDualStack() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(new InetSocketAddress("::", 0))) {
            assertThat(socket.getInt(Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY, "IPV6_V6ONLY")).isZero();
            assertThat(socket.family()).isEqualTo(StandardProtocolFamily.INET6);
            assertThat(socket.remoteAddress()).isNull();
        }
    }
}
