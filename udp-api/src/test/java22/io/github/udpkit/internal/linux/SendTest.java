package io.github.udpkit.internal.linux;

import static io.github.udpkit.internal.linux.Loopback.V4;
import static io.github.udpkit.internal.linux.Loopback.V6;
import static io.github.udpkit.internal.linux.Loopback.pattern;
import static io.github.udpkit.internal.linux.Loopback.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/** Sends: one datagram, empty ones on connected sockets, GSO batches and the sendmmsg fallback, partial failure. */
class SendTest {
    private static void gsoBatch_arrivesAsTheExactDatagrams(InetSocketAddress bind) throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(bind); DatagramChannel peer = Loopback.channel(bind);
             SendBatch batch = new SendBatch(100, 1 << 20)) {
            InetSocketAddress target = (InetSocketAddress) peer.getLocalAddress();
            // 90 datagrams of 1,200 bytes and a short last one: two GSO messages (64 segments at most each).
            for (int i = 0; i < 90; i++) {
                assertThat(batch.add(pattern(1200, i), 0, 1200, target)).isTrue();
            }
            batch.add(pattern(333, 90), 0, 333, target);
            assertThat(batch.gsoSegment(0)).isEqualTo(1200);
            assertThat(socket.send(batch)).isEqualTo(91);
            assertThat(socket.gsoEnabled()).isTrue();
            for (int i = 0; i < 91; i++) {
                Loopback.Received r = take(peer, 2000);
                assertThat(r.sender()).isEqualTo(socket.localAddress());
                assertThat(r.payload()).as("datagram %d", i).isEqualTo(pattern(i == 90 ? 333 : 1200, i));
            }
        }
    }

    @Test
    void gsoBatch_arrivesAsTheExactDatagrams_ipv4() throws Exception {
        gsoBatch_arrivesAsTheExactDatagrams(V4);
    }

    @Test
    void gsoBatch_arrivesAsTheExactDatagrams_ipv6() throws Exception {
        gsoBatch_arrivesAsTheExactDatagrams(V6);
    }

    @Test
    void gsoMessages_respectTheSegmentAndByteLimits() throws Exception {
        try (SendBatch batch = new SendBatch(200, 1 << 20)) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", 9);
            for (int i = 0; i < 200; i++) {
                batch.add(new byte[100], 0, 100, target);
            }
            assertThat(batch.plan(0, 100, Libc.AF_INET)).isEqualTo(4); // 64 + 64 + 64 + 8
            assertThat(batch.messageDatagrams(0)).isEqualTo(64);
            assertThat(batch.messageDatagrams(3)).isEqualTo(8);
            batch.clear();
            for (int i = 0; i < 10; i++) {
                batch.add(new byte[20_000], 0, 20_000, target);
            }
            assertThat(batch.plan(0, 20_000, Libc.AF_INET)).isEqualTo(4); // 65,507 bytes hold 3 of them
            assertThat(batch.messageBytes(0)).isEqualTo(60_000);
        }
    }

    @Test
    void mixedSizesOrTargets_goBySendmmsg_inOrder() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel a = Loopback.channel(V4);
             DatagramChannel b = Loopback.channel(V4); SendBatch batch = new SendBatch(64, 1 << 16)) {
            InetSocketAddress ta = (InetSocketAddress) a.getLocalAddress();
            InetSocketAddress tb = (InetSocketAddress) b.getLocalAddress();
            int[] sizes = {10, 500, 10, 0, 1400, 7};
            for (int i = 0; i < sizes.length; i++) {
                batch.add(ByteBuffer.wrap(pattern(sizes[i], i)), i % 2 == 0 ? ta : tb);
            }
            assertThat(batch.gsoSegment(0)).isZero();
            assertThat(socket.send(batch)).isEqualTo(sizes.length);
            for (int i = 0; i < sizes.length; i++) {
                Loopback.Received r = take(i % 2 == 0 ? a : b, 2000);
                assertThat(r.payload()).as("datagram %d", i).isEqualTo(pattern(sizes[i], i));
            }
            // Same target, unequal sizes: no GSO either.
            batch.clear();
            batch.add(pattern(10, 0), 0, 10, ta);
            batch.add(pattern(20, 1), 0, 20, ta);
            assertThat(batch.gsoSegment(0)).isZero();
            assertThat(socket.send(batch)).isEqualTo(2);
            assertThat(take(a, 100).payload()).isEqualTo(pattern(10, 0));
            assertThat(take(a, 100).payload()).isEqualTo(pattern(20, 1));
        }
    }

    @Test
    void refusedGso_fallsBackToSendmmsg_andStaysOff() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             SendBatch batch = new SendBatch(8, 1 << 16)) {
            socket.gsoRefused(); // what an EIO or EINVAL from a GSO send does
            InetSocketAddress target = (InetSocketAddress) peer.getLocalAddress();
            for (int i = 0; i < 4; i++) {
                batch.add(pattern(100, i), 0, 100, target);
            }
            assertThat(socket.send(batch)).isEqualTo(4);
            assertThat(socket.gsoEnabled()).isFalse();
            for (int i = 0; i < 4; i++) {
                assertThat(take(peer, 200).payload()).isEqualTo(pattern(100, i));
            }
        }
    }

    @Test
    void partialFailure_saysHowManyWentOut_andWhichFailed() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             SendBatch batch = new SendBatch(8, 1 << 16)) {
            InetSocketAddress good = (InetSocketAddress) peer.getLocalAddress();
            InetSocketAddress portZero = new InetSocketAddress("127.0.0.1", 0); // Linux: EINVAL, nothing leaves
            batch.add(pattern(10, 0), 0, 10, good);
            batch.add(pattern(10, 1), 0, 10, good);
            batch.add(pattern(10, 2), 0, 10, portZero);
            batch.add(pattern(10, 3), 0, 10, good);
            assertThatThrownBy(() -> socket.send(batch)).isInstanceOfSatisfying(PartialSendException.class, e -> {
                assertThat(e.sent()).isEqualTo(2);
                assertThat(e.failedIndex()).isEqualTo(2);
                assertThat(e.errno()).isEqualTo(Libc.EINVAL);
            }).hasMessage("send 10 bytes to " + portZero + " from " + socket.localAddress()
                    + " (datagram 2 of a batch of 4; 2 sent before it): Invalid argument (EINVAL)");
            assertThat(take(peer, 100).payload()).isEqualTo(pattern(10, 0));
            assertThat(take(peer, 100).payload()).isEqualTo(pattern(10, 1));
        }
    }

    @Test
    void emptyDatagram_onConnectedSocket_arrives() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4)) {
            socket.connect((InetSocketAddress) peer.getLocalAddress());
            assertThat(socket.remoteAddress()).isEqualTo(peer.getLocalAddress());
            socket.send(ByteBuffer.allocate(0), null);
            socket.send(ByteBuffer.wrap(pattern(3, 1)), null);
            Loopback.Received empty = take(peer, 100);
            assertThat(empty.payload()).isEmpty();
            assertThat(empty.sender()).isEqualTo(socket.localAddress());
            assertThat(take(peer, 100).payload()).isEqualTo(pattern(3, 1));
        }
    }

    @Test
    void singleSends_fromHeapDirectAndSegment_toIpv4TargetOfDualStackSocket() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(new InetSocketAddress("::", 0));
             DatagramChannel peer = Loopback.channel(V4)) {
            InetSocketAddress target = (InetSocketAddress) peer.getLocalAddress();
            socket.send(ByteBuffer.wrap(pattern(50, 1)), target);
            ByteBuffer direct = ByteBuffer.allocateDirect(60).put(pattern(60, 2)).flip();
            socket.send(direct, target);
            assertThat(direct.remaining()).as("position unchanged").isEqualTo(60);
            socket.send(java.lang.foreign.MemorySegment.ofArray(pattern(70, 3)), target);
            socket.send(direct.asReadOnlyBuffer(), target);
            socket.send(ByteBuffer.wrap(pattern(80, 4)).asReadOnlyBuffer(), target);
            assertThat(take(peer, 100).payload()).isEqualTo(pattern(50, 1));
            assertThat(take(peer, 100).payload()).isEqualTo(pattern(60, 2));
            assertThat(take(peer, 100).payload()).isEqualTo(pattern(70, 3));
            assertThat(take(peer, 100).payload()).as("read-only direct").isEqualTo(pattern(60, 2));
            assertThat(take(peer, 100).payload()).as("read-only heap").isEqualTo(pattern(80, 4));
        }
    }

    @Test
    void connectedSocket_reportsPortUnreachable() throws Exception {
        InetSocketAddress closedPort;
        try (DatagramChannel gone = Loopback.channel(V4)) {
            closedPort = (InetSocketAddress) gone.getLocalAddress();
        }
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4)) {
            socket.connect(closedPort);
            socket.send(ByteBuffer.wrap(new byte[] {1}), null);
            // The ICMP error arrives with the loopback send; the next call reports it.
            assertThatThrownBy(() -> socket.send(ByteBuffer.wrap(new byte[] {2}), null))
                    .isInstanceOfSatisfying(NativeSocketException.class, e -> assertThat(e.portUnreachable()).isTrue())
                    .hasMessage("send 1 bytes to " + closedPort + " (connected) from " + socket.localAddress()
                            + ": Connection refused (ECONNREFUSED)");
        }
    }
}
