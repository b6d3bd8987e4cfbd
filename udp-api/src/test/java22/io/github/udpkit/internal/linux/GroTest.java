package io.github.udpkit.internal.linux;

import static io.github.udpkit.internal.linux.Loopback.V4;
import static io.github.udpkit.internal.linux.Loopback.V6;
import static io.github.udpkit.internal.linux.Loopback.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UDP GRO: coalesced reads are split back into the datagrams sent, counted as datagrams, never as reads. */
class GroTest {
    private static void burst_isSplitBackIntoTheOriginalDatagrams(InetSocketAddress bind, int size, int count,
                                                                  int last) throws Exception {
        try (NativeUdpSocket receiver = Loopback.nativeSocket(bind);
             NativeUdpSocket sender = Loopback.nativeSocket(bind); SendBatch out = new SendBatch(count + 1, 1 << 20);
             ReceiveBatch in = ReceiveBatch.gro(8, 65535)) {
            receiver.options().setGro(true);
            receiver.options().setReceiveBufferSize(4 << 20);
            InetSocketAddress target = receiver.localAddress();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(pattern(size, i));
            }
            if (last > 0) {
                sent.add(pattern(last, count));
            }
            sent.forEach(p -> out.add(p, 0, p.length, target));
            assertThat(out.gsoSegment(0)).isEqualTo(size);
            assertThat(sender.send(out)).isEqualTo(sent.size());

            List<byte[]> received = new ArrayList<>();
            int reads = 0;
            for (int calls = 0; calls < 100 && received.size() < sent.size(); calls++) {
                int n = receiver.receive(in);
                reads += in.reads();
                for (int i = 0; i < n; i++) {
                    assertThat(in.sender(i)).isEqualTo(sender.localAddress());
                    assertThat(in.truncated(i)).isFalse();
                    received.add(Loopback.bytes(in.buffer(i)));
                }
            }
            assertThat(received).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertThat(received.get(i)).as("datagram %d", i).isEqualTo(sent.get(i));
            }
            assertThat(reads).as("kernel reads for %d datagrams", sent.size()).isLessThan(sent.size());
        }
    }

    /**
     * The kernel writes each read's control length; a batch that restored the lengths before parsing (as it once did)
     * read its whole control buffer, found the previous read's UDP_GRO message there and cut a single datagram at
     * that stale segment size.
     */
    @Test
    void singleDatagramAfterACoalescedRead_inTheSameSlot_isNotCutAtTheStaleSegmentSize() throws Exception {
        try (NativeUdpSocket receiver = Loopback.nativeSocket(V4);
             NativeUdpSocket sender = Loopback.nativeSocket(V4); SendBatch out = new SendBatch(8, 1 << 16);
             ReceiveBatch in = ReceiveBatch.gro(1, 65535)) {
            receiver.options().setGro(true);
            InetSocketAddress target = receiver.localAddress();
            for (int i = 0; i < 4; i++) {
                byte[] p = pattern(1000, i);
                out.add(p, 0, p.length, target);
            }
            assertThat(sender.send(out)).isEqualTo(4);
            int got = 0;
            for (int calls = 0; calls < 8 && got < 4; calls++) {
                got += receiver.receive(in);
            }
            assertThat(got).isEqualTo(4);
            sender.send(ByteBuffer.wrap(pattern(3000, 9)), target);
            assertThat(receiver.receive(in, 5_000)).as("one datagram, not three of 1000").isEqualTo(1);
            assertThat(in.length(0)).isEqualTo(3000);
            assertThat(Loopback.bytes(in.buffer(0))).isEqualTo(pattern(3000, 9));
        }
    }

    @Test
    void equalSizes_ipv4() throws Exception {
        burst_isSplitBackIntoTheOriginalDatagrams(V4, 1200, 40, 0);
    }

    @Test
    void equalSizesAndAShortLastOne_ipv4() throws Exception {
        burst_isSplitBackIntoTheOriginalDatagrams(V4, 1000, 30, 17);
    }

    @Test
    void equalSizesAndAShortLastOne_ipv6() throws Exception {
        burst_isSplitBackIntoTheOriginalDatagrams(V6, 1400, 20, 1);
    }

    @Test
    void singleEntryGroBatch_splitsOneRead() throws Exception {
        try (NativeUdpSocket receiver = Loopback.nativeSocket(V4); NativeUdpSocket sender = Loopback.nativeSocket(V4);
             SendBatch out = new SendBatch(8, 1 << 16); ReceiveBatch in = ReceiveBatch.gro(1, 1500)) {
            receiver.options().setGro(true);
            for (int i = 0; i < 5; i++) {
                out.add(pattern(i == 4 ? 3 : 700, i), 0, i == 4 ? 3 : 700, receiver.localAddress());
            }
            assertThat(sender.send(out)).isEqualTo(5);
            assertThat(receiver.receive(in)).isEqualTo(5);
            assertThat(in.reads()).isEqualTo(1);
            for (int i = 0; i < 5; i++) {
                assertThat(Loopback.bytes(in.buffer(i))).isEqualTo(pattern(i == 4 ? 3 : 700, i));
            }
        }
    }

    @Test
    void groBatch_truncatesSegmentsOverItsLimit_withRealLength() throws Exception {
        try (NativeUdpSocket receiver = Loopback.nativeSocket(V4); NativeUdpSocket sender = Loopback.nativeSocket(V4);
             SendBatch out = new SendBatch(8, 1 << 16); ReceiveBatch in = ReceiveBatch.gro(2, 100)) {
            receiver.options().setGro(true);
            for (int i = 0; i < 3; i++) {
                out.add(pattern(300, i), 0, 300, receiver.localAddress());
            }
            sender.send(out);
            int n = receiver.receive(in);
            assertThat(n).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(in.truncated(i)).isTrue();
                assertThat(in.length(i)).isEqualTo(300);
                assertThat(Loopback.bytes(in.buffer(i))).isEqualTo(java.util.Arrays.copyOf(pattern(300, i), 100));
            }
        }
    }

    @Test
    void groSocket_stillReceivesSingleDatagramsOfAnySize() throws Exception {
        try (NativeUdpSocket receiver = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             ReceiveBatch in = ReceiveBatch.gro(4, 65535)) {
            receiver.options().setGro(true);
            peer.send(ByteBuffer.wrap(pattern(10, 1)), receiver.localAddress());
            peer.send(ByteBuffer.wrap(pattern(0, 2)), receiver.localAddress());
            peer.send(ByteBuffer.wrap(pattern(65_507, 3)), receiver.localAddress());
            List<byte[]> got = new ArrayList<>();
            for (int calls = 0; calls < 10 && got.size() < 3; calls++) {
                int n = receiver.receive(in);
                for (int i = 0; i < n; i++) {
                    got.add(Loopback.bytes(in.buffer(i)));
                }
            }
            assertThat(got).hasSize(3);
            assertThat(got.get(0)).isEqualTo(pattern(10, 1));
            assertThat(got.get(1)).isEmpty();
            assertThat(got.get(2)).isEqualTo(pattern(65_507, 3));
        }
    }
}
