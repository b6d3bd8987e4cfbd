package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.WAIT;
import static io.github.udpkit.TestDatagrams.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Batch sends deliver exactly the datagrams added, in order, on whichever engine runs: one target in one size (the
 * native engine's GSO case, last one shorter), mixed sizes and targets ({@code sendmmsg}), and a batch reused many
 * times.
 */
@Timeout(60)
class DatagramBatchTest {
    private final BlockingQueue<Datagram> first = new LinkedBlockingQueue<>();
    private final BlockingQueue<Datagram> second = new LinkedBlockingQueue<>();

    private static byte[] numbered(int index, int size) {
        byte[] bytes = TestDatagrams.pattern(size);
        if (size >= 2) {
            bytes[0] = (byte) index;
            bytes[1] = (byte) (index >> 8);
        }
        return bytes;
    }

    @Test
    void equalSizesToOneTarget_arriveAsTheDatagramsAdded_theLastShorter() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(first::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build();
             DatagramBatch batch = sender.newBatch(64)) {
            for (int i = 0; i < 63; i++) {
                batch.add(numbered(i, 1000));
            }
            batch.add(numbered(63, 300));
            assertThat(sender.send(batch)).isEqualTo(64);
            for (int i = 0; i < 63; i++) {
                assertThat(next(first).payload()).as("datagram %d", i).isEqualTo(numbered(i, 1000));
            }
            assertThat(next(first).payload()).isEqualTo(numbered(63, 300));
            Awaitility.await().atMost(WAIT).until(() -> receiver.stats().received() == 64);
            SenderStats stats = sender.stats();
            assertThat(stats.batches()).isEqualTo(1);
            assertThat(stats.segments()).isEqualTo(64);
            assertThat(stats.sent()).isEqualTo(64);
            assertThat(stats.bytes()).isEqualTo(63 * 1000 + 300);
        }
    }

    @Test
    void mixedSizesAndTargets_arriveExactly_fromTheReceiversOwnPort() throws Exception {
        try (UdpReceiver a = UdpReceiver.builder().onDatagram(first::add).start();
             UdpReceiver b = UdpReceiver.builder().onDatagram(second::add).start();
             UdpReceiver server = UdpReceiver.builder().onDatagram(d -> { }).start();
             DatagramBatch batch = server.newBatch(8)) {
            int[] sizes = {1, 700, 0, 65_507, 3, 1472};
            for (int i = 0; i < sizes.length; i++) {
                batch.add(i % 2 == 0 ? a.localAddress() : b.localAddress(), numbered(i, sizes[i]));
            }
            assertThat(server.send(batch)).isEqualTo(sizes.length);
            for (int i = 0; i < sizes.length; i++) {
                Datagram d = next(i % 2 == 0 ? first : second);
                assertThat(d.payload()).as("datagram %d", i).isEqualTo(numbered(i, sizes[i]));
                assertThat(d.sender()).isEqualTo(server.localAddress());
            }
        }
    }

    @Test
    void aReusedBatch_sendsWhatWasAddedSinceTheLastClear() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(first::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build();
             DatagramBatch batch = sender.newBatch(16)) {
            for (int round = 0; round < 50; round++) {
                batch.clear();
                for (int i = 0; i < 16; i++) {
                    batch.add(numbered(round * 16 + i, 64));
                }
                sender.send(batch);
                for (int i = 0; i < 16; i++) {
                    assertThat(next(first).payload()).isEqualTo(numbered(round * 16 + i, 64));
                }
            }
            assertThat(sender.stats().batches()).isEqualTo(50);
            assertThat(sender.stats().segments()).isEqualTo(800);
            assertThat(first).isEmpty();
        }
    }

    /** A batch's memory holds its count of Ethernet-sized datagrams plus one of the largest. */
    @Test
    void aDatagramBeyondTheBatchsMemory_isRefusedAtAdd_andWhatFitsIsKept() {
        try (UdpSender sender = UdpSender.builder().target("127.0.0.1", 9).build();
             DatagramBatch batch = sender.newBatch(2)) {
            batch.add(new byte[65_507]);
            assertThatThrownBy(() -> batch.add(new byte[65_507])).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("batch is full (1 of 2 datagrams, 65507 bytes); the 65507-byte datagram was not "
                            + "added: send the batch and clear() it first");
            assertThat(batch.size()).isEqualTo(1);
            assertThat(batch.remaining()).isEqualTo(1);
        }
    }
}
