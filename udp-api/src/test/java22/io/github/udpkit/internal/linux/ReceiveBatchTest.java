package io.github.udpkit.internal.linux;

import static io.github.udpkit.internal.linux.Loopback.V4;
import static io.github.udpkit.internal.linux.Loopback.V6;
import static io.github.udpkit.internal.linux.Loopback.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/** recvmmsg into a reused batch: many datagrams in one call, exact bytes and senders, truncation's real length. */
class ReceiveBatchTest {
    private static final int N = 20;

    private static void batchOfN_inOneCall(InetSocketAddress bind) throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(bind); DatagramChannel a = Loopback.channel(bind);
             DatagramChannel b = Loopback.channel(bind); ReceiveBatch batch = ReceiveBatch.plain(32, 1500)) {
            socket.setReceiveBufferSize(1 << 20);
            InetSocketAddress target = socket.localAddress();
            for (int i = 0; i < N; i++) {
                (i % 2 == 0 ? a : b).send(ByteBuffer.wrap(pattern(100 + i, i)), target);
            }
            // All N are queued before the call (loopback delivers during send): one recvmmsg takes them all.
            assertThat(socket.receive(batch)).isEqualTo(N);
            assertThat(batch.size()).isEqualTo(N);
            assertThat(batch.reads()).isEqualTo(N);
            for (int i = 0; i < N; i++) {
                assertThat(batch.sender(i)).isEqualTo((i % 2 == 0 ? a : b).getLocalAddress());
                assertThat(batch.length(i)).isEqualTo(100 + i);
                assertThat(batch.truncated(i)).isFalse();
                assertThat(Loopback.bytes(batch.buffer(i))).isEqualTo(pattern(100 + i, i));
                byte[] copy = new byte[batch.keptLength(i)];
                batch.copyTo(i, copy, 0);
                assertThat(copy).isEqualTo(pattern(100 + i, i));
                assertThat(batch.segment(i).byteSize()).isEqualTo(100 + i);
            }
            assertThat(batch.sender(0)).as("a repeated sender is the same object").isSameAs(batch.sender(2));
        }
    }

    @Test
    void batchOfDatagrams_arrivesInOneRecvmmsg_ipv4() throws Exception {
        batchOfN_inOneCall(V4);
    }

    @Test
    void batchOfDatagrams_arrivesInOneRecvmmsg_ipv6() throws Exception {
        batchOfN_inOneCall(V6);
    }

    @Test
    void moreQueuedThanTheBatch_takesTheBatchThenTheRest() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             ReceiveBatch batch = ReceiveBatch.plain(4, 64)) {
            for (int i = 0; i < 6; i++) {
                peer.send(ByteBuffer.wrap(pattern(10, i)), socket.localAddress());
            }
            assertThat(socket.receive(batch)).isEqualTo(4);
            assertThat(Loopback.bytes(batch.buffer(3))).isEqualTo(pattern(10, 3));
            assertThat(socket.receive(batch)).isEqualTo(2);
            assertThat(Loopback.bytes(batch.buffer(0))).isEqualTo(pattern(10, 4));
            assertThat(Loopback.bytes(batch.buffer(1))).isEqualTo(pattern(10, 5));
        }
    }

    @Test
    void truncatedDatagram_reportsItsRealLength_andKeepsTheFirstBytes() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             ReceiveBatch batch = ReceiveBatch.plain(4, 100)) {
            peer.send(ByteBuffer.wrap(pattern(1000, 1)), socket.localAddress());
            peer.send(ByteBuffer.wrap(pattern(100, 2)), socket.localAddress());
            peer.send(ByteBuffer.wrap(pattern(101, 3)), socket.localAddress());
            assertThat(socket.receive(batch)).isEqualTo(3);
            assertThat(batch.truncated(0)).isTrue();
            assertThat(batch.length(0)).isEqualTo(1000);
            assertThat(batch.keptLength(0)).isEqualTo(100);
            assertThat(Loopback.bytes(batch.buffer(0))).isEqualTo(java.util.Arrays.copyOf(pattern(1000, 1), 100));
            assertThat(batch.truncated(1)).isFalse();
            assertThat(batch.length(1)).isEqualTo(100);
            assertThat(batch.truncated(2)).isTrue();
            assertThat(batch.length(2)).isEqualTo(101);
        }
    }

    @Test
    void singleEntryBatch_receivesOneDatagramPerCall_withTruncation() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             ReceiveBatch batch = ReceiveBatch.plain(1, 50)) {
            peer.send(ByteBuffer.wrap(pattern(80, 1)), socket.localAddress());
            peer.send(ByteBuffer.wrap(pattern(20, 2)), socket.localAddress());
            assertThat(socket.receive(batch)).isEqualTo(1);
            assertThat(batch.truncated(0)).isTrue();
            assertThat(batch.length(0)).isEqualTo(80);
            assertThat(Loopback.bytes(batch.buffer(0))).isEqualTo(java.util.Arrays.copyOf(pattern(80, 1), 50));
            assertThat(socket.receive(batch)).isEqualTo(1);
            assertThat(batch.truncated(0)).isFalse();
            assertThat(Loopback.bytes(batch.buffer(0))).isEqualTo(pattern(20, 2));
            assertThat(batch.sender(0)).isEqualTo(peer.getLocalAddress());
        }
    }

    @Test
    void emptyDatagram_isReceivedWithItsSender() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             ReceiveBatch batch = ReceiveBatch.plain(4, 100)) {
            peer.send(ByteBuffer.allocate(0), socket.localAddress());
            assertThat(socket.receive(batch)).isEqualTo(1);
            assertThat(batch.length(0)).isZero();
            assertThat(batch.sender(0)).isEqualTo(peer.getLocalAddress());
        }
    }

    @Test
    void dualStackSocket_reportsIpv4SendersAsInet4Address() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(new InetSocketAddress("::", 0));
             DatagramChannel peer = Loopback.channel(V4); ReceiveBatch batch = ReceiveBatch.plain(4, 100)) {
            int port = socket.localAddress().getPort();
            peer.send(ByteBuffer.wrap(pattern(5, 0)), new InetSocketAddress("127.0.0.1", port));
            assertThat(socket.receive(batch)).isEqualTo(1);
            assertThat(batch.sender(0).getAddress()).isInstanceOf(Inet4Address.class);
            assertThat(batch.sender(0)).isEqualTo(peer.getLocalAddress());
        }
    }

    @Test
    void linkLocalScopeId_survivesEncodeAndDecode() throws Exception {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var seg = arena.allocate(SockAddr.MAX_SIZE);
            java.net.Inet6Address linkLocal = java.net.Inet6Address.getByAddress(null,
                    java.net.InetAddress.getByName("fe80::1").getAddress(), 3);
            InetSocketAddress address = new InetSocketAddress(linkLocal, 5353);
            int length = SockAddr.encode(seg, 0, address, Libc.AF_INET6);
            assertThat(length).isEqualTo(SockAddr.IN6_SIZE);
            InetSocketAddress decoded = SockAddr.decode(seg, 0, length);
            assertThat(((java.net.Inet6Address) decoded.getAddress()).getScopeId()).isEqualTo(3);
            assertThat(decoded).isEqualTo(address);
            InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 9);
            assertThat(SockAddr.decode(seg, 0, SockAddr.encode(seg, 0, v4, Libc.AF_INET6))).isEqualTo(v4);
            assertThat(SockAddr.decode(seg, 0, SockAddr.encode(seg, 0, v4, Libc.AF_INET))).isEqualTo(v4);
        }
    }
}
