package io.github.udpkit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** Helpers the native tests share: loopback addresses, JDK peers, payloads, and a look at blocked system calls. */
final class Loopback {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final InetSocketAddress V4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    static final InetSocketAddress V6 = new InetSocketAddress(ipv6Loopback(), 0);
    /** x86_64 system call numbers, as /proc/.../syscall shows them. */
    static final int SYS_RECVMMSG = 299;
    static final int SYS_RECVMSG = 47;
    static final int SYS_POLL = 7;

    private Loopback() {
    }

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByName("::1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bound native socket. */
    static NativeUdpSocket nativeSocket(InetSocketAddress local) throws IOException {
        NativeUdpSocket socket = NativeUdpSocket.open(local.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        socket.bind(local);
        return socket;
    }

    /** A bound JDK channel, blocking, with a receive timeout through its socket adaptor. */
    static DatagramChannel channel(InetSocketAddress local) throws IOException {
        DatagramChannel channel = DatagramChannel.open(local.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.bind(local);
        channel.socket().setSoTimeout((int) WAIT.toMillis());
        return channel;
    }

    /** Receives one datagram on a channel, failing if none arrives within {@link #WAIT}. */
    static Received take(DatagramChannel channel, int capacity) throws IOException {
        java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[capacity], capacity);
        channel.socket().receive(packet);
        byte[] bytes = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
        return new Received((InetSocketAddress) packet.getSocketAddress(), bytes);
    }

    /** A datagram a JDK peer received. */
    record Received(InetSocketAddress sender, byte[] payload) {
    }

    /** A datagram a native batch received, copied out of it. */
    record Got(InetSocketAddress sender, int length, boolean truncated, byte[] kept) {
    }

    /**
     * Receives until {@code n} datagrams arrived (at most {@code n} calls: each returns at least one), copying each.
     *
     * @param maxPerCall fails if one call returns more than this
     */
    static java.util.List<Got> receive(NativeUdpSocket socket, ReceiveBatch batch, int n, int maxPerCall)
            throws IOException {
        java.util.List<Got> got = new java.util.ArrayList<>();
        for (int calls = 0; calls < n && got.size() < n; calls++) {
            int r = socket.receive(batch);
            assertThat(r).isBetween(1, maxPerCall);
            for (int k = 0; k < r; k++) {
                got.add(new Got(batch.sender(k), batch.length(k), batch.truncated(k), bytes(batch.buffer(k))));
            }
        }
        assertThat(got).hasSize(n);
        return got;
    }

    /** Bytes that depend on their position and on a seed, so a cut, a shift or a swap shows. */
    static byte[] pattern(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed * 7 + 1);
        }
        return bytes;
    }

    static byte[] bytes(ByteBuffer view) {
        byte[] bytes = new byte[view.remaining()];
        view.duplicate().get(bytes);
        return bytes;
    }

    /** The bound address, as a channel peer addresses it. */
    static InetSocketAddress local(NativeUdpSocket socket) throws IOException {
        return socket.localAddress();
    }

    /**
     * Tells whether some thread of this process is blocked in the given system call on the given descriptor, as
     * /proc/self/task/N/syscall reports it ("299 0x7 ..." while a thread waits in recvmmsg on fd 7).
     */
    static boolean blockedIn(int syscall, int fd) throws IOException {
        return blockedIn(syscall, (long) fd);
    }

    /** As {@link #blockedIn(int, int)}, for a call whose first argument is an address (poll's pollfd array). */
    static boolean blockedIn(int syscall, long firstArgument) throws IOException {
        String prefix = syscall + " 0x" + Long.toHexString(firstArgument) + " ";
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.anyMatch(task -> {
                try {
                    return Files.readAllLines(task.resolve("syscall")).stream().anyMatch(l -> l.startsWith(prefix));
                } catch (IOException e) {
                    return false; // the thread ended meanwhile
                }
            });
        }
    }

    static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual).hasSize(expected.length).isEqualTo(expected);
    }
}
