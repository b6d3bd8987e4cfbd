package io.github.udpkit.internal.linux;

import static io.github.udpkit.internal.linux.Loopback.SYS_RECVMMSG;
import static io.github.udpkit.internal.linux.Loopback.V4;
import static io.github.udpkit.internal.linux.Loopback.V6;
import static io.github.udpkit.internal.linux.Loopback.WAIT;
import static io.github.udpkit.internal.linux.Loopback.blockedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Closing: a blocked receive wakes promptly, and a descriptor is never closed under a call that still uses it. */
class CloseTest {
    /** Blocks a thread in receive, closes the socket, and asserts the receive failed as closed within 500 ms. */
    static void assertCloseWakes(NativeUdpSocket socket, ReceiveBatch batch) throws Exception {
        assertCloseWakes(socket, batch, SYS_RECVMMSG);
    }

    /** As above, for a batch that blocks in the given system call. */
    static void assertCloseWakes(NativeUdpSocket socket, ReceiveBatch batch, int syscall) throws Exception {
        CompletableFuture<Integer> receive = CompletableFuture.supplyAsync(() -> {
            try {
                return socket.receive(batch);
            } catch (NativeSocketException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        await().atMost(WAIT).until(() -> blockedIn(syscall, socket.fd()));
        long start = System.nanoTime();
        socket.close();
        assertThatThrownBy(() -> receive.get(500, TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(NativeSocketException.class)
                .hasMessageStartingWith("receive on ")
                .hasMessageEndingWith(": the socket is closed")
                .satisfies(e -> assertThat(((NativeSocketException) e).closed()).isTrue());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(millis).as("ms from close() to the receive's return").isLessThan(500);
        assertThat(socket.descriptorClosed()).as("close() returns once the descriptor is closed").isTrue();
    }

    @Test
    void close_wakesBlockedReceive_ipv4() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); ReceiveBatch batch = ReceiveBatch.plain(8, 64)) {
            assertCloseWakes(socket, batch);
        }
    }

    @Test
    void close_wakesBlockedReceive_ipv6() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V6); ReceiveBatch batch = ReceiveBatch.plain(8, 64)) {
            assertCloseWakes(socket, batch);
        }
    }

    @Test
    void close_wakesBlockedReceive_connected() throws Exception {
        try (DatagramChannel peer = Loopback.channel(V4); NativeUdpSocket socket = Loopback.nativeSocket(V4);
             ReceiveBatch batch = ReceiveBatch.plain(8, 64)) {
            socket.connect((InetSocketAddress) peer.getLocalAddress());
            assertCloseWakes(socket, batch);
        }
    }

    @Test
    void close_wakesBlockedGroReceive() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); ReceiveBatch batch = ReceiveBatch.gro(2, 1500)) {
            socket.options().setGro(true);
            assertCloseWakes(socket, batch);
        }
    }

    @Test
    void close_wakesBlockedSingleEntryReceive_inRecvmsg() throws Exception {
        try (NativeUdpSocket socket = Loopback.nativeSocket(V4); ReceiveBatch batch = ReceiveBatch.plain(1, 64)) {
            assertCloseWakes(socket, batch, Loopback.SYS_RECVMSG);
        }
    }

    @Test
    void close_wakesTimedReceive_blockedInPoll() throws Exception {
        NativeUdpSocket socket = Loopback.nativeSocket(V4);
        try (ReceiveBatch batch = ReceiveBatch.plain(8, 64)) {
            CompletableFuture<Integer> receive = CompletableFuture.supplyAsync(() -> {
                try {
                    return socket.receive(batch, 60_000);
                } catch (NativeSocketException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            await().atMost(WAIT).until(() -> blockedIn(Loopback.SYS_POLL, batch.pollfdAddress()));
            long start = System.nanoTime();
            socket.close();
            assertThatThrownBy(() -> receive.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(NativeSocketException.class).hasMessageEndingWith(": the socket is closed");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500);
        } finally {
            socket.close();
        }
    }

    @Test
    void interrupt_doesNotWakeNativeReceive_closeDoes() throws Exception {
        NativeUdpSocket socket = Loopback.nativeSocket(V4);
        try (ReceiveBatch batch = ReceiveBatch.plain(8, 64)) {
            AtomicInteger outcome = new AtomicInteger();
            Thread receiver = new Thread(() -> {
                try {
                    socket.receive(batch);
                    outcome.set(1);
                } catch (NativeSocketException e) {
                    outcome.set(e.closed() ? 2 : 3);
                }
            }, "interrupt-test");
            receiver.start();
            await().atMost(WAIT).until(() -> blockedIn(SYS_RECVMMSG, socket.fd()));
            receiver.interrupt();
            // Still blocked in the kernel after the interrupt: the flag is set, the call goes on.
            assertThat(blockedIn(SYS_RECVMMSG, socket.fd())).isTrue();
            assertThat(outcome.get()).isZero();
            socket.close();
            receiver.join(500);
            assertThat(receiver.isAlive()).isFalse();
            assertThat(outcome.get()).as("closed").isEqualTo(2);
        } finally {
            socket.close();
        }
    }

    @Test
    void operationsAfterClose_failAsClosed_namingTheSocket() throws Exception {
        NativeUdpSocket socket = Loopback.nativeSocket(V4);
        InetSocketAddress local = socket.localAddress();
        socket.close();
        socket.close();
        assertThat(socket.isOpen()).isFalse();
        try (ReceiveBatch batch = ReceiveBatch.plain(1, 16)) {
            assertThatThrownBy(() -> socket.receive(batch)).isInstanceOf(NativeSocketException.class)
                    .hasMessage("receive on " + local + ": the socket is closed");
        }
        assertThatThrownBy(() -> socket.send(ByteBuffer.allocate(1), local))
                .isInstanceOf(NativeSocketException.class)
                .hasMessage("send from " + local + ": the socket is closed");
    }

    /**
     * Closes sockets while a thread receives on them in a loop, and at once opens a new socket that usually gets
     * the same descriptor number and receives traffic of its own. Had the old receive still been in the kernel on
     * that number after close, it would have read the new socket's datagrams.
     */
    @Test
    void closeDuringReceiveLoop_neverReadsTheNextSocketsDatagrams() throws Exception {
        int reused = 0;
        byte[] foreign = "foreign".getBytes(StandardCharsets.US_ASCII);
        try (DatagramChannel sender = Loopback.channel(V4)) {
            for (int round = 0; round < 100; round++) {
                NativeUdpSocket old = Loopback.nativeSocket(V4);
                InetSocketAddress oldAddress = old.localAddress();
                AtomicInteger foreignSeen = new AtomicInteger();
                AtomicInteger ownSeen = new AtomicInteger();
                Thread loop = new Thread(() -> receiveLoop(old, foreign, foreignSeen, ownSeen), "loop-" + round);
                loop.start();
                sender.send(ByteBuffer.wrap(new byte[] {1}), oldAddress);
                await().atMost(WAIT).pollInterval(java.time.Duration.ofMillis(1)).until(() -> ownSeen.get() == 1);
                int oldFd = old.fd();
                old.close();
                try (NativeUdpSocket next = Loopback.nativeSocket(V4); ReceiveBatch batch = ReceiveBatch.plain(4, 64)) {
                    reused += next.fd() == oldFd ? 1 : 0;
                    sender.send(ByteBuffer.wrap(foreign), next.localAddress());
                    assertThat(next.receive(batch)).isEqualTo(1);
                    assertThat(Loopback.bytes(batch.buffer(0))).isEqualTo(foreign);
                }
                loop.join(WAIT.toMillis());
                assertThat(loop.isAlive()).isFalse();
                assertThat(foreignSeen.get()).as("foreign datagrams read by the closed socket's loop").isZero();
            }
        }
        assertThat(reused).as("rounds where the new socket got the old descriptor number").isPositive();
    }

    private static void receiveLoop(NativeUdpSocket socket, byte[] foreign, AtomicInteger foreignSeen,
                                    AtomicInteger ownSeen) {
        try (ReceiveBatch batch = ReceiveBatch.plain(4, 64)) {
            for (int i = 0; i < 1_000; i++) {
                int n = socket.receive(batch);
                for (int k = 0; k < n; k++) {
                    if (java.util.Arrays.equals(Loopback.bytes(batch.buffer(k)), foreign)) {
                        foreignSeen.incrementAndGet();
                    } else {
                        ownSeen.incrementAndGet();
                    }
                }
            }
        } catch (NativeSocketException e) {
            if (!e.closed()) {
                throw new AssertionError(e);
            }
        }
    }
}
