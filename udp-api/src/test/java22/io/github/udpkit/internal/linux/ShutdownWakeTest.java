package io.github.udpkit.internal.linux;

import static io.github.udpkit.internal.linux.Loopback.SYS_RECVMMSG;
import static io.github.udpkit.internal.linux.Loopback.V4;
import static io.github.udpkit.internal.linux.Loopback.V6;
import static io.github.udpkit.internal.linux.Loopback.WAIT;
import static io.github.udpkit.internal.linux.Loopback.blockedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The wake-up mechanism {@link NativeUdpSocket#close()} relies on, proved on this kernel: {@code shutdown(SHUT_RD)}
 * on an unconnected UDP socket reports ENOTCONN, yet sets the shutdown flag and wakes a thread blocked in
 * {@code recvmmsg} (Linux inet_shutdown: "hack to wake up other listeners"). And {@code close()} itself does not.
 */
class ShutdownWakeTest {
    @Test
    void shutdownOfUnconnectedSocket_reportsEnotconn_andWakesBlockedRecvmmsg() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); ReceiveBatch batch = ReceiveBatch.plain(4, 64)) {
            int fd = socket.fd();
            CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> batch.call(fd));
            await().atMost(WAIT).until(() -> blockedIn(SYS_RECVMMSG, fd));
            long start = System.nanoTime();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment cs = arena.allocate(Libc.CAPTURE_LAYOUT);
                assertThat(Libc.shutdown(cs, fd, 0 /* SHUT_RD */)).isEqualTo(-1);
                assertThat(Libc.errno(cs)).isEqualTo(Libc.ENOTCONN);
            }
            int returned = call.get(500, TimeUnit.MILLISECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).as("ms until recvmmsg returned").isLessThan(500);
            // One message of length 0 without a sender: parse() drops it.
            assertThat(returned).isEqualTo(1);
            assertThat(batch.parse(returned)).isZero();
            // The flag stays: the socket never blocks again.
            assertThat(CompletableFuture.supplyAsync(() -> batch.call(fd)).get(500, TimeUnit.MILLISECONDS))
                    .isEqualTo(1);
        }
    }

    @Test
    void closeOfDescriptor_doesNotWakeBlockedRecvmmsg() throws Exception {
        // Why the socket shuts down before it closes: close(fd) alone leaves the reader blocked. A datagram sent to
        // the port afterwards still reaches it, because the blocked call holds the socket open.
        NativeUdpSocket socket = Loopback.nativeSocket(V4);
        InetSocketAddress address = socket.localAddress();
        try (ReceiveBatch batch = ReceiveBatch.plain(4, 64); var peer = Loopback.channel(V4)) {
            int fd = socket.fd();
            CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> batch.call(fd));
            await().atMost(WAIT).until(() -> blockedIn(SYS_RECVMMSG, fd));
            try (Arena arena = Arena.ofConfined()) {
                assertThat(Libc.close(arena.allocate(Libc.CAPTURE_LAYOUT), fd)).isZero();
            }
            assertThat(blockedIn(SYS_RECVMMSG, fd)).as("still blocked in recvmmsg after close(fd)").isTrue();
            assertThat(call).as("still blocked after close(fd)").isNotDone();
            peer.send(java.nio.ByteBuffer.wrap(new byte[] {42}), address);
            assertThat(call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
            assertThat(batch.parse(1)).isEqualTo(1);
        }
    }

    @Test
    void closeWakesBlockedReceive_ipv6DualStack() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(new InetSocketAddress("::", 0));
             ReceiveBatch batch = ReceiveBatch.plain(4, 64)) {
            assertThat(V6).isNotNull();
            CloseTest.assertCloseWakes(socket, batch);
        }
    }
}
