package io.github.udpkit;

import io.github.udpkit.internal.linux.NativeSocketException;
import io.github.udpkit.internal.linux.NativeUdpSocket;
import io.github.udpkit.internal.linux.PartialSendException;
import io.github.udpkit.internal.linux.ReceiveBatch;
import io.github.udpkit.internal.linux.SendBatch;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.util.Set;

/**
 * The native engine's socket: {@link NativeUdpSocket} under the seam. Failures are mapped onto the JDK's exception
 * types, as {@link EngineSocket} asks: closed is {@link AsynchronousCloseException}, ICMP port unreachable is
 * {@link PortUnreachableException}, anything else an {@link IOException} whose message is the C library's text
 * ("Message too long"), so the messages built from it read as on NIO; the symbolic name stays in the cause.
 */
final class NativeEngineSocket extends EngineSocket {
    private static final Set<SocketOption<?>> SUPPORTED = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT,
            StandardSocketOptions.SO_BROADCAST, StandardSocketOptions.IP_TOS, StandardSocketOptions.IP_MULTICAST_IF,
            StandardSocketOptions.IP_MULTICAST_TTL, StandardSocketOptions.IP_MULTICAST_LOOP);

    private final NativeUdpSocket socket;

    NativeEngineSocket(NativeUdpSocket socket) {
        this.socket = socket;
    }

    /**
     * The C library's text alone, as the JDK words an error ("Address already in use"), without the symbolic name the
     * native layer adds ("(EADDRINUSE)"); the name stays in the cause.
     */
    static String jdkText(NativeSocketException e) {
        return e.reason().replaceFirst(" \\(E[A-Z0-9]+\\)$", "");
    }

    /** The JDK's view of a failure, so that udpkit's messages do not depend on the engine. */
    static IOException mapped(NativeSocketException e) {
        if (e.closed()) {
            AsynchronousCloseException closed = new AsynchronousCloseException();
            closed.initCause(e);
            return closed;
        }
        if (e.portUnreachable()) {
            PortUnreachableException unreachable = new PortUnreachableException(jdkText(e));
            unreachable.initCause(e);
            return unreachable;
        }
        return new IOException(jdkText(e), e);
    }

    @Override
    UdpEngine engine() {
        return UdpEngine.NATIVE;
    }

    @Override
    void bind(InetSocketAddress local) throws IOException {
        try {
            socket.bind(local != null ? local : new InetSocketAddress(socket.family() == StandardProtocolFamily.INET6
                    ? InetAddress.getByAddress(new byte[16]) : InetAddress.getByAddress(new byte[4]), 0));
        } catch (NativeSocketException e) {
            if (e.closed()) {
                throw mapped(e);
            }
            BindException refused = new BindException(jdkText(e)); // as DatagramChannel.bind reports it
            refused.initCause(e);
            throw refused;
        }
    }

    @Override
    void connect(InetSocketAddress remote) throws IOException {
        try {
            socket.connect(remote);
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
    }

    @Override
    InetSocketAddress localAddress() throws IOException {
        try {
            return socket.localAddress();
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
    }

    @Override
    boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    void close() {
        socket.close();
    }

    @Override
    public <T> void set(SocketOption<T> option, T value) throws IOException {
        try {
            if (option == StandardSocketOptions.SO_RCVBUF) {
                socket.options().setReceiveBufferSize((Integer) value);
            } else if (option == StandardSocketOptions.SO_SNDBUF) {
                socket.options().setSendBufferSize((Integer) value);
            } else if (option == StandardSocketOptions.SO_REUSEADDR) {
                socket.options().setReuseAddress((Boolean) value);
            } else if (option == StandardSocketOptions.SO_REUSEPORT) {
                socket.options().setReusePort((Boolean) value);
            } else if (option == StandardSocketOptions.SO_BROADCAST) {
                socket.options().setBroadcast((Boolean) value);
            } else if (option == StandardSocketOptions.IP_TOS) {
                socket.options().setTrafficClass((Integer) value);
            } else if (option == StandardSocketOptions.IP_MULTICAST_IF) {
                socket.multicast().setInterface((NetworkInterface) value);
            } else if (option == StandardSocketOptions.IP_MULTICAST_TTL) {
                socket.multicast().setTtl((Integer) value);
            } else if (option == StandardSocketOptions.IP_MULTICAST_LOOP) {
                socket.multicast().setLoopback((Boolean) value);
            } else {
                throw unsupported(option);
            }
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(SocketOption<T> option) throws IOException {
        try {
            // Linux reports twice the buffer asked for (the kernel's bookkeeping); the JDK halves it, and so do we.
            if (option == StandardSocketOptions.SO_RCVBUF) {
                return (T) Integer.valueOf(socket.options().receiveBufferSize() / 2);
            } else if (option == StandardSocketOptions.SO_SNDBUF) {
                return (T) Integer.valueOf(socket.options().sendBufferSize() / 2);
            } else if (option == StandardSocketOptions.IP_TOS) {
                return (T) Integer.valueOf(socket.options().trafficClass());
            }
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
        throw unsupported(option);
    }

    private static UnsupportedOperationException unsupported(SocketOption<?> option) {
        return new UnsupportedOperationException("the socket option " + option.name() + " is not available on the "
                + "native engine yet; build with engine(NIO) to use it");
    }

    @Override
    boolean supports(SocketOption<?> option) {
        return SUPPORTED.contains(option);
    }

    @Override
    Membership join(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException {
        if (source != null) {
            throw new UnsupportedOperationException("source-specific multicast is not available on the native "
                    + "engine yet; build with engine(NIO)");
        }
        try {
            socket.multicast().join(group, networkInterface);
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
        return () -> {
            try {
                socket.multicast().leave(group, networkInterface);
            } catch (NativeSocketException e) {
                // closed or already left: nothing is joined any more either way
            }
        };
    }

    @Override
    Inbound inbound(int maxDatagramSize, int batch, boolean offload) throws IOException {
        if (!offload) {
            return new NativeInbound(socket, ReceiveBatch.plain(batch, maxDatagramSize));
        }
        try {
            socket.options().setGro(true); // without it the kernel coalesces nothing and the GRO batch reads singles
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
        return new NativeInbound(socket, ReceiveBatch.gro(Math.min(batch, ReceiveBatch.DEFAULT_GRO_BATCH),
                maxDatagramSize));
    }

    @Override
    int send(ByteBuffer payload, InetSocketAddress target) throws IOException {
        int length = payload.remaining();
        try {
            socket.send(payload, target);
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
        payload.position(payload.limit()); // as DatagramChannel.send does
        return length;
    }

    @Override
    boolean sendsEmptyWhenConnected() {
        return true;
    }

    @Override
    Outbound outbound(int maxDatagrams, int maxBytes) {
        return new NativeOutbound(socket, new SendBatch(maxDatagrams, maxBytes));
    }

    /** A {@link SendBatch} as an {@link Outbound}: GSO when the batch allows it, {@code sendmmsg} otherwise. */
    private static final class NativeOutbound extends Outbound {
        private final NativeUdpSocket socket;
        private final SendBatch batch;
        private final int[] lengths;

        NativeOutbound(NativeUdpSocket socket, SendBatch batch) {
            this.socket = socket;
            this.batch = batch;
            this.lengths = new int[batch.maxDatagrams()];
        }

        @Override
        boolean add(ByteBuffer payload, InetSocketAddress target) {
            int length = payload.remaining();
            if (batch.size() == lengths.length || !batch.add(payload.duplicate(), target)) {
                return false;
            }
            lengths[batch.size() - 1] = length;
            return true;
        }

        @Override
        boolean add(byte[] payload, int offset, int length, InetSocketAddress target) {
            if (batch.size() == lengths.length || !batch.add(payload, offset, length, target)) {
                return false;
            }
            lengths[batch.size() - 1] = length;
            return true;
        }

        @Override
        int size() {
            return batch.size();
        }

        @Override
        int bytes() {
            return batch.bytes();
        }

        @Override
        InetSocketAddress target(int index) {
            return batch.target(index);
        }

        @Override
        int length(int index) {
            return lengths[index];
        }

        @Override
        void clear() {
            batch.clear();
        }

        @Override
        int send() throws Failure {
            try {
                return socket.send(batch);
            } catch (PartialSendException e) {
                throw new Failure(e.sent(), mapped(e));
            } catch (NativeSocketException e) {
                throw new Failure(0, mapped(e));
            }
        }

        @Override
        void free() {
            batch.close();
        }
    }

    @Override
    public String toString() {
        return socket.toString();
    }

    /**
     * A {@link ReceiveBatch} as an {@link Inbound}. The batch's views are positioned at each datagram's offset in
     * one region; the inbound hands out views that start at 0, as {@link DatagramView#buffer()} promises, from a
     * small table of slices keyed by offset, so a steady stream (whose offsets repeat) allocates nothing.
     */
    private static final class NativeInbound extends Inbound {
        private static final int SLOTS = 1024;
        private final NativeUdpSocket socket;
        private final ReceiveBatch batch;
        private final int[] offsets = new int[SLOTS];
        private final ByteBuffer[] slices = new ByteBuffer[SLOTS];

        NativeInbound(NativeUdpSocket socket, ReceiveBatch batch) {
            this.socket = socket;
            this.batch = batch;
            java.util.Arrays.fill(offsets, -1);
        }

        @Override
        int receive() throws IOException {
            try {
                return socket.receive(batch);
            } catch (NativeSocketException e) {
                throw mapped(e);
            }
        }

        @Override
        int receive(long millis) throws IOException {
            try {
                return socket.receive(batch, Math.max(1, millis));
            } catch (NativeSocketException e) {
                throw mapped(e);
            }
        }

        @Override
        InetSocketAddress sender(int index) {
            return batch.sender(index);
        }

        @Override
        int keptLength(int index) {
            return batch.keptLength(index);
        }

        @Override
        boolean truncated(int index) {
            return batch.truncated(index);
        }

        @Override
        int realLength(int index) {
            return batch.length(index);
        }

        @Override
        ByteBuffer buffer(int index) {
            ByteBuffer positioned = batch.buffer(index);
            int offset = positioned.position();
            int kept = positioned.remaining();
            int slot = (offset * 0x9E3779B1 >>> 22) & (SLOTS - 1);
            ByteBuffer slice = slices[slot];
            if (offsets[slot] != offset || slice.capacity() < kept) {
                ByteBuffer whole = positioned.duplicate().clear(); // only when an offset is new: not per datagram
                slice = whole.slice(offset, Math.max(kept, Math.min(batch.maxDatagramSize(), whole.limit() - offset)));
                slices[slot] = slice;
                offsets[slot] = offset;
            }
            slice.limit(kept).position(0);
            return slice;
        }

        @Override
        void free() {
            batch.close();
        }
    }
}
