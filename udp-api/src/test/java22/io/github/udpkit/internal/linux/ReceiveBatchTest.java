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

    /**
     * Sends N datagrams from two JDK peers, then receives. Loopback queues a datagram before send() returns unless
     * the kernel defers its softirq work to ksoftirqd (a loaded machine): then one call may see fewer. So up to three
     * attempts, each checked datagram by datagram; at least one must take all N in one call.
     */
    private static void batchOfN_inOneCall(InetSocketAddress bind) throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(bind); DatagramChannel a = Loopback.channel(bind);
             DatagramChannel b = Loopback.channel(bind); ReceiveBatch batch = ReceiveBatch.plain(32, 1500)) {
            socket.options().setReceiveBufferSize(1 << 20);
            InetSocketAddress target = socket.localAddress();
            int best = 0;
            for (int attempt = 0; attempt < 3 && best < N; attempt++) {
                for (int i = 0; i < N; i++) {
                    (i % 2 == 0 ? a : b).send(ByteBuffer.wrap(pattern(100 + i, i)), target);
                }
                int first = socket.receive(batch);
                best = Math.max(best, first);
                int seen = 0;
                for (int calls = 0; calls < N; calls++) {
                    for (int k = 0; k < batch.size(); k++, seen++) {
                        assertThat(batch.sender(k)).isEqualTo((seen % 2 == 0 ? a : b).getLocalAddress());
                        assertThat(batch.length(k)).isEqualTo(100 + seen);
                        assertThat(batch.truncated(k)).isFalse();
                        assertThat(Loopback.bytes(batch.buffer(k))).isEqualTo(pattern(100 + seen, seen));
                        byte[] copy = new byte[batch.keptLength(k)];
                        batch.copyTo(k, copy, 0);
                        assertThat(copy).isEqualTo(pattern(100 + seen, seen));
                        assertThat(batch.segment(k).byteSize()).isEqualTo(100 + seen);
                    }
                    if (seen == N) {
                        break;
                    }
                    socket.receive(batch);
                }
                assertThat(seen).isEqualTo(N);
            }
            assertThat(best).as("datagrams taken by one recvmmsg").isEqualTo(N);
            assertThat(batch.reads()).isEqualTo(batch.size());
            if (batch.size() > 2) {
                assertThat(batch.sender(0)).as("a repeated sender is the same object").isSameAs(batch.sender(2));
            }
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
    void moreQueuedThanTheBatch_takesAtMostTheBatchPerCall_inOrder() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             ReceiveBatch batch = ReceiveBatch.plain(4, 64)) {
            for (int i = 0; i < 6; i++) {
                peer.send(ByteBuffer.wrap(pattern(10, i)), socket.localAddress());
            }
            java.util.List<Loopback.Got> got = Loopback.receive(socket, batch, 6, 4);
            for (int i = 0; i < 6; i++) {
                assertThat(got.get(i).kept()).isEqualTo(pattern(10, i));
            }
        }
    }

    @Test
    void truncatedDatagram_reportsItsRealLength_andKeepsTheFirstBytes() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             ReceiveBatch batch = ReceiveBatch.plain(4, 100)) {
            peer.send(ByteBuffer.wrap(pattern(1000, 1)), socket.localAddress());
            peer.send(ByteBuffer.wrap(pattern(100, 2)), socket.localAddress());
            peer.send(ByteBuffer.wrap(pattern(101, 3)), socket.localAddress());
            java.util.List<Loopback.Got> got = Loopback.receive(socket, batch, 3, 4);
            assertThat(got.get(0).truncated()).isTrue();
            assertThat(got.get(0).length()).isEqualTo(1000);
            assertThat(got.get(0).kept()).isEqualTo(java.util.Arrays.copyOf(pattern(1000, 1), 100));
            assertThat(got.get(1).truncated()).isFalse();
            assertThat(got.get(1).length()).isEqualTo(100);
            assertThat(got.get(1).kept()).isEqualTo(pattern(100, 2));
            assertThat(got.get(2).truncated()).isTrue();
            assertThat(got.get(2).length()).isEqualTo(101);
            assertThat(got.get(2).kept()).isEqualTo(java.util.Arrays.copyOf(pattern(101, 3), 100));
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
    void timedReceive_returnsZeroAfterTheTimeout_orTheDatagrams() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             ReceiveBatch batch = ReceiveBatch.plain(4, 100)) {
            long start = System.nanoTime();
            assertThat(socket.receive(batch, 200)).isZero();
            long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).as("ms waited").isBetween(195L, 2_000L);
            peer.send(ByteBuffer.wrap(pattern(30, 1)), socket.localAddress());
            assertThat(socket.receive(batch, 5_000)).isEqualTo(1);
            assertThat(Loopback.bytes(batch.buffer(0))).isEqualTo(pattern(30, 1));
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
