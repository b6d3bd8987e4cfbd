package io.github.udpkit.internal.linux;

import static io.github.udpkit.internal.linux.Loopback.V4;
import static io.github.udpkit.internal.linux.Loopback.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/**
 * Reused batches allocate nothing per datagram once the JIT compiled the path: measured with the thread's
 * allocation counter around the receive and send calls only (not around the JDK peers that make the traffic). What
 * remains is per system call, not per datagram, and the JDK's own: a downcall linked with {@code captureCallState}
 * slices the capture segment (40 bytes, {@code SharedUtils.checkCaptureSegment} in JDK 25) on every call.
 */
class AllocationTest {
    private static final int BATCH = 32;
    /** Bytes per datagram allowed when sending: one 40-byte JDK slice per call of 32 datagrams is 1.25. */
    private static final int PER_DATAGRAM_LIMIT = 3;
    /** Bytes per receive call allowed: the JDK's 40-byte slice of the capture segment. */
    private static final int PER_CALL_LIMIT = 48;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void receiveBatch_allocatesNothingPerDatagram() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); DatagramChannel peer = Loopback.channel(V4);
             ReceiveBatch batch = ReceiveBatch.plain(BATCH, 256)) {
            socket.options().setReceiveBufferSize(1 << 20);
            InetSocketAddress target = socket.localAddress();
            ByteBuffer payload = ByteBuffer.wrap(pattern(100, 1));
            long allocated = 0;
            long datagrams = 0;
            long receives = 0;
            for (int round = 0; round < 3_000; round++) {
                for (int i = 0; i < BATCH; i++) {
                    peer.send(payload.clear(), target);
                }
                int got = 0;
                int calls = 0;
                long before = THREADS.getCurrentThreadAllocatedBytes();
                for (; calls < BATCH && got < BATCH; calls++) {
                    int n = socket.receive(batch);
                    for (int k = 0; k < n; k++) {
                        got += batch.sender(k).getPort() > 0 && batch.buffer(k).remaining() == 100 ? 1 : 0;
                    }
                }
                long after = THREADS.getCurrentThreadAllocatedBytes();
                assertThat(got).isEqualTo(BATCH);
                if (round >= 2_000) {
                    allocated += after - before;
                    datagrams += got;
                    receives += calls;
                }
            }
            // Per call, not per datagram: a loaded machine may need more calls for the same datagrams.
            assertThat(allocated).as("bytes allocated for %d datagrams received in %d calls", datagrams, receives)
                    .isLessThanOrEqualTo(receives * PER_CALL_LIMIT);
        }
    }

    @Test
    void sendBatch_allocatesNothingPerDatagram() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); NativeUdpSocket sink = Loopback.nativeSocket(V4);
             SendBatch batch = new SendBatch(BATCH, BATCH * 100)) {
            InetSocketAddress target = sink.localAddress(); // never read: the kernel drops what overflows
            byte[] payload = pattern(100, 2);
            byte[] shortOne = pattern(40, 3);
            long allocated = 0;
            long datagrams = 0;
            for (int round = 0; round < 3_000; round++) {
                boolean gso = round % 2 == 0;
                long before = THREADS.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < BATCH; i++) {
                    byte[] p = gso || i % 2 == 0 ? payload : shortOne; // odd rounds: mixed sizes, sendmmsg
                    batch.add(p, 0, p.length, target);
                }
                int sent = socket.send(batch);
                batch.clear();
                long after = THREADS.getCurrentThreadAllocatedBytes();
                assertThat(sent).isEqualTo(BATCH);
                if (round >= 2_000) {
                    allocated += after - before;
                    datagrams += sent;
                }
            }
            assertThat(socket.gsoEnabled()).isTrue();
            assertThat(allocated).as("bytes allocated for %d datagrams sent", datagrams)
                    .isLessThan(datagrams * PER_DATAGRAM_LIMIT);
        }
    }
}
