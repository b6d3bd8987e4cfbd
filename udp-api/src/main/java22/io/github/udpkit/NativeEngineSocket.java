package io.github.udpkit;

import io.github.udpkit.internal.linux.NativeSocketException;
import io.github.udpkit.internal.linux.NativeUdpSocket;
import io.github.udpkit.internal.linux.PartialSendException;
import io.github.udpkit.internal.linux.QueuedError;
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
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.util.Set;
import java.util.function.Consumer;

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

    /** How often one receive call drains the error queue and reads again before it reports the failure. */
    private static final int MAX_ERROR_DRAINS = 1000;

    private final NativeUdpSocket socket;
    /** Where drained ICMP errors go, or {@code null} while the error queue is off. */
    private volatile Consumer<IcmpError> icmpSink;

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
        return inbound(maxDatagramSize, batch, offload, Set.of());
    }

    @Override
    Inbound inbound(int maxDatagramSize, int batch, boolean offload, Set<DatagramMetadata> metadata)
            throws IOException {
        int meta = 0;
        try {
            for (DatagramMetadata m : metadata) {
                switch (m) {
                    case DESTINATION -> {
                        socket.options().setReceivePacketInfo();
                        meta |= ReceiveBatch.META_PKTINFO;
                    }
                    case TTL -> {
                        socket.options().setReceiveTtl();
                        meta |= ReceiveBatch.META_TTL;
                    }
                    case ECN -> {
                        socket.options().setReceiveTrafficClass();
                        meta |= ReceiveBatch.META_TRAFFIC_CLASS;
                    }
                    case KERNEL_TIMESTAMP -> {
                        socket.options().setReceiveTimestamps();
                        meta |= ReceiveBatch.META_TIMESTAMP;
                    }
                    case KERNEL_DROPS -> {
                        socket.options().setReceiveDropCount();
                        meta |= ReceiveBatch.META_DROPS;
                    }
                    default -> throw new AssertionError(m);
                }
            }
            if (offload) {
                socket.options().setGro(true); // without it the kernel coalesces nothing: the batch reads singles
            }
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
        int entries = offload ? Math.min(batch, ReceiveBatch.DEFAULT_GRO_BATCH) : batch;
        ReceiveBatch receiveBatch = meta != 0
                ? ReceiveBatch.withMetadata(entries, maxDatagramSize, offload, meta, localPort())
                : offload ? ReceiveBatch.gro(entries, maxDatagramSize) : ReceiveBatch.plain(entries, maxDatagramSize);
        return new NativeInbound(this, socket, receiveBatch);
    }

    private int localPort() throws IOException {
        InetSocketAddress local = localAddress();
        return local == null ? 0 : local.getPort();
    }

    @Override
    int send(ByteBuffer payload, InetSocketAddress target) throws IOException {
        return send(payload, target, null, -1);
    }

    @Override
    int send(ByteBuffer payload, InetSocketAddress target, InetAddress source, int ecn) throws IOException {
        int length = payload.remaining();
        int trafficClass = ecn < 0 ? -1 : (socket.options().lastTrafficClass() & 0xfc) | ecn;
        MemorySegment bytes = MemorySegment.ofBuffer(payload);
        try {
            socket.send(bytes, target, source, trafficClass);
        } catch (NativeSocketException e) {
            if (!drainedEarlierErrors(e)) {
                throw sendFailure(e);
            }
            try {
                socket.send(bytes, target, source, trafficClass); // the failure was an earlier datagram's ICMP error
            } catch (NativeSocketException again) {
                throw sendFailure(again);
            }
        }
        payload.position(payload.limit()); // as DatagramChannel.send does
        return length;
    }

    /** A failed send as the seam reports it: over a known path MTU, with that MTU; otherwise {@link #mapped}. */
    private IOException sendFailure(NativeSocketException e) {
        int mtu = e.messageTooLong() ? pathMtu() : -1;
        return mtu > 0 ? new PathMtuExceeded(jdkText(e), mtu, e) : mapped(e);
    }

    /**
     * With the error queue on, a send fails when an ICMP error for an earlier datagram is pending (the kernel reports
     * it on the next call). Drains the queue to the sink and tells whether the send should be tried again: yes if
     * every error drained came from the network (they were earlier datagrams'), or if none was queued but the error
     * is one ICMP leaves pending (another thread read the queue first); no if the local kernel refused this datagram
     * (a datagram over the path MTU is queued as a local error too). The caller tries once more, at most.
     */
    private boolean drainedEarlierErrors(NativeSocketException e) {
        Consumer<IcmpError> sink = icmpSink;
        if (sink == null || e.closed()) {
            return false;
        }
        boolean[] local = new boolean[1];
        int drained;
        try {
            drained = socket.drainErrors(q -> {
                local[0] |= q.origin() == QueuedError.ORIGIN_LOCAL;
                sink.accept(icmpError(q));
            });
        } catch (NativeSocketException closed) {
            return false;
        }
        return !local[0] && (drained > 0 || QueuedError.fromIcmp(e.errno()));
    }

    /** The public view of one queued error. */
    static IcmpError icmpError(QueuedError q) {
        IcmpError.Origin origin = q.origin() == QueuedError.ORIGIN_ICMP ? IcmpError.Origin.ICMP
                : q.origin() == QueuedError.ORIGIN_ICMP6 ? IcmpError.Origin.ICMP6 : IcmpError.Origin.LOCAL;
        IcmpError.Kind kind;
        int mtu = 0;
        int type = q.type();
        int code = q.code();
        if (origin == IcmpError.Origin.ICMP) {
            if (type == 3) { // destination unreachable
                boolean prohibited = code == 9 || code == 10 || code == 13; // network, host, communication
                kind = code == 3 ? IcmpError.Kind.PORT_UNREACHABLE : code == 4 ? IcmpError.Kind.TOO_BIG
                        : prohibited ? IcmpError.Kind.PROHIBITED : IcmpError.Kind.UNREACHABLE;
            } else {
                kind = type == 11 ? IcmpError.Kind.TTL_EXCEEDED : IcmpError.Kind.OTHER;
            }
        } else if (origin == IcmpError.Origin.ICMP6) {
            kind = type == 1 ? (code == 4 ? IcmpError.Kind.PORT_UNREACHABLE : code == 1 ? IcmpError.Kind.PROHIBITED
                    : IcmpError.Kind.UNREACHABLE) : type == 2 ? IcmpError.Kind.TOO_BIG
                    : type == 3 ? IcmpError.Kind.TTL_EXCEEDED : IcmpError.Kind.OTHER;
        } else {
            kind = q.errno() == QueuedError.EMSGSIZE ? IcmpError.Kind.TOO_BIG : IcmpError.Kind.OTHER;
            type = 0;
            code = 0;
        }
        if (kind == IcmpError.Kind.TOO_BIG) {
            mtu = Math.max(0, Math.min(65535, q.info()));
        }
        return new IcmpError(kind, origin, type & 0xff, code & 0xff, q.reason(),
                q.offender() == null ? null : q.offender().getAddress(), q.destination(), mtu);
    }

    @Override
    void icmpErrors(Consumer<IcmpError> sink) throws IOException {
        try {
            socket.options().setReceiveErrors();
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
        icmpSink = sink;
    }

    /**
     * Drains the error queue to the sink after a failed receive; {@code true} if the failure was an ICMP error's (the
     * queue held something, or the error is one ICMP leaves pending and another thread read the queue first).
     */
    boolean drainAfterReceiveFailure(NativeSocketException e) {
        Consumer<IcmpError> sink = icmpSink;
        if (sink == null || e.closed()) {
            return false;
        }
        try {
            return socket.drainErrors(q -> sink.accept(icmpError(q))) > 0 || QueuedError.fromIcmp(e.errno());
        } catch (NativeSocketException closed) {
            return false;
        }
    }

    @Override
    void ttl(int hops) throws IOException {
        try {
            socket.options().setTtl(hops);
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
    }

    @Override
    void pathMtuDiscovery(PathMtuDiscovery mode) throws IOException {
        try {
            socket.options().setPathMtuDiscovery(mode.value());
        } catch (NativeSocketException e) {
            throw mapped(e);
        }
    }

    @Override
    int pathMtu() {
        try {
            return socket.options().pathMtu();
        } catch (NativeSocketException e) {
            return -1; // not connected, or closed
        }
    }

    @Override
    long kernelDrops() {
        try {
            return socket.options().drops();
        } catch (NativeSocketException e) {
            return -1;
        }
    }

    @Override
    boolean sendsEmptyWhenConnected() {
        return true;
    }

    @Override
    Outbound outbound(int maxDatagrams, int maxBytes) {
        return new NativeOutbound(this, new SendBatch(maxDatagrams, maxBytes));
    }

    /** A {@link SendBatch} as an {@link Outbound}: GSO when the batch allows it, {@code sendmmsg} otherwise. */
    private static final class NativeOutbound extends Outbound {
        private final NativeEngineSocket engine;
        private final SendBatch batch;
        private final int[] lengths;

        NativeOutbound(NativeEngineSocket engine, SendBatch batch) {
            this.engine = engine;
            this.batch = batch;
            this.lengths = new int[batch.maxDatagrams()];
        }

        @Override
        boolean add(ByteBuffer payload, InetSocketAddress target) {
            int length = payload.remaining();
            if (batch.size() == lengths.length || !batch.add(payload, target)) { // add leaves the position alone
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
                return engine.socket.send(batch);
            } catch (PartialSendException e) {
                if (!engine.drainedEarlierErrors(e)) {
                    throw new Failure(e.sent(), mapped(e));
                }
                try {
                    return engine.socket.send(batch, e.sent()); // the failure was an earlier datagram's error: go on
                } catch (PartialSendException again) {
                    throw new Failure(again.sent(), mapped(again));
                } catch (NativeSocketException again) {
                    throw new Failure(e.sent(), mapped(again));
                }
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
     * table of slices keyed by the datagram's index in the batch and checked against its offset: a plain batch's
     * index always has the same offset, so it allocates nothing once each index was seen (a table keyed by a hash of
     * the offset put 4 of a default batch's 32 offsets on slots already taken, and allocated whenever they alternated).
     */
    private static final class NativeInbound extends Inbound {
        private static final int SLOTS = 1024;
        private final NativeEngineSocket owner;
        private final NativeUdpSocket socket;
        private final ReceiveBatch batch;
        private final boolean metadata;
        private final int[] offsets = new int[SLOTS];
        private final ByteBuffer[] slices = new ByteBuffer[SLOTS];

        NativeInbound(NativeEngineSocket owner, NativeUdpSocket socket, ReceiveBatch batch) {
            this.owner = owner;
            this.metadata = batch.metadata() != 0;
            this.socket = socket;
            this.batch = batch;
            java.util.Arrays.fill(offsets, -1);
        }

        @Override
        int receive() throws IOException {
            return receive(-1);
        }

        /** Receives, blocking ({@code millis < 0}) or waiting at most {@code millis}. */
        @Override
        int receive(long millis) throws IOException {
            for (int drains = 0; ; drains++) {
                try {
                    return millis < 0 ? socket.receive(batch) : socket.receive(batch, Math.max(1, millis));
                } catch (NativeSocketException e) {
                    // with the error queue on, an ICMP error fails the next receive once: report it, read on
                    if (drains == MAX_ERROR_DRAINS || !owner.drainAfterReceiveFailure(e)) {
                        throw mapped(e);
                    }
                }
            }
        }

        @Override
        boolean hasMetadata() {
            return metadata;
        }

        @Override
        InetSocketAddress destination(int index) {
            return batch.destination(index);
        }

        @Override
        InetAddress replySource(int index) {
            return batch.replySource(index);
        }

        @Override
        int interfaceIndex(int index) {
            return batch.interfaceIndex(index);
        }

        @Override
        int ttl(int index) {
            return batch.ttl(index);
        }

        @Override
        int trafficClass(int index) {
            return batch.trafficClass(index);
        }

        @Override
        long kernelDrops(int index) {
            return batch.drops(index);
        }

        @Override
        long kernelTimeNanos(int index) {
            return batch.timeNanos(index);
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
            int slot = index & (SLOTS - 1); // by index: a plain batch's index always has the same offset
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
