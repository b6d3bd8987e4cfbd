package io.github.udpkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;

/**
 * The NIO engine: one blocking {@link DatagramChannel}, one datagram per system call. Truncation is found by reading
 * into {@code maxDatagramSize + 1} bytes (the JDK does not say how long a truncated datagram was), and a connected
 * channel cannot send an empty datagram (the JDK skips the system call). Closing the channel wakes a blocked
 * receive with {@code AsynchronousCloseException}; an interrupt closes the channel ({@code InterruptibleChannel}).
 */
final class NioEngineSocket extends EngineSocket {
    /** The JDK's text for {@code EMSGSIZE} on Linux (glibc's {@code strerror}). */
    private static final String MESSAGE_TOO_LONG = "Message too long";

    private final DatagramChannel channel;

    private NioEngineSocket(DatagramChannel channel) {
        this.channel = channel;
    }

    static NioEngineSocket open(ProtocolFamily family) throws IOException {
        return new NioEngineSocket(family == null ? DatagramChannel.open() : DatagramChannel.open(family));
    }

    @Override
    UdpEngine engine() {
        return UdpEngine.NIO;
    }

    @Override
    void bind(InetSocketAddress local) throws IOException {
        channel.bind(local);
    }

    @Override
    void connect(InetSocketAddress remote) throws IOException {
        channel.connect(remote);
    }

    @Override
    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    void close() throws IOException {
        channel.close();
    }

    @Override
    public <T> void set(SocketOption<T> option, T value) throws IOException {
        channel.setOption(option, value);
    }

    @Override
    public <T> T get(SocketOption<T> option) throws IOException {
        return channel.getOption(option);
    }

    @Override
    boolean supports(SocketOption<?> option) {
        return channel.supportedOptions().contains(option);
    }

    @Override
    Membership join(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException {
        MembershipKey key = source == null ? channel.join(group, networkInterface)
                : channel.join(group, networkInterface, source);
        return key::drop;
    }

    @Override
    Inbound inbound(int maxDatagramSize, int batch, boolean offload) {
        return new NioInbound(channel, maxDatagramSize);
    }

    @Override
    int send(ByteBuffer payload, InetSocketAddress target) throws IOException {
        return send(channel, payload, target);
    }

    /**
     * Sends once, and once more if the first try failed with {@code EMSGSIZE}: a connected socket whose earlier
     * datagram met "fragmentation needed" on the way fails its next call that way and sends nothing (path MTU
     * discovery, the kernel's {@code udp_err}); only a second failure is this datagram's own. The JDK gives only the
     * operating system's text for the error, so that text is what tells it: {@code strerror(EMSGSIZE)} on Linux.
     */
    private static int send(DatagramChannel channel, ByteBuffer payload, InetSocketAddress target)
            throws IOException {
        int position = payload.position();
        try {
            return channel.send(payload, target);
        } catch (IOException e) {
            if (!MESSAGE_TOO_LONG.equals(e.getMessage())) {
                throw e;
            }
            payload.position(position);
            return channel.send(payload, target);
        }
    }

    @Override
    boolean sendsEmptyWhenConnected() {
        return false;
    }

    @Override
    Outbound outbound(int maxDatagrams, int maxBytes) {
        return new NioOutbound(channel, maxDatagrams, maxBytes);
    }

    /** A batch on NIO: the datagrams in one direct buffer, sent by a loop of {@code send} calls, one per datagram. */
    private static final class NioOutbound extends Outbound {
        private final DatagramChannel channel;
        private final ByteBuffer data;
        private final ByteBuffer sending;
        private final int[] offsets;
        private final int[] lengths;
        private final InetSocketAddress[] targets;
        private int size;

        NioOutbound(DatagramChannel channel, int maxDatagrams, int maxBytes) {
            this.channel = channel;
            this.data = ByteBuffer.allocateDirect(maxBytes);
            this.sending = data.duplicate();
            this.offsets = new int[maxDatagrams];
            this.lengths = new int[maxDatagrams];
            this.targets = new InetSocketAddress[maxDatagrams];
        }

        private boolean room(int length) {
            return size < offsets.length && data.remaining() >= length;
        }

        private void added(int offset, int length, InetSocketAddress target) {
            offsets[size] = offset;
            lengths[size] = length;
            targets[size] = target;
            size++;
        }

        @Override
        boolean add(ByteBuffer payload, InetSocketAddress target) {
            int length = payload.remaining();
            if (!room(length)) {
                return false;
            }
            int offset = data.position();
            data.put(payload.duplicate());
            added(offset, length, target);
            return true;
        }

        @Override
        boolean add(byte[] payload, int offset, int length, InetSocketAddress target) {
            if (!room(length)) {
                return false;
            }
            int at = data.position();
            data.put(payload, offset, length);
            added(at, length, target);
            return true;
        }

        @Override
        int size() {
            return size;
        }

        @Override
        int bytes() {
            return data.position();
        }

        @Override
        InetSocketAddress target(int index) {
            return targets[index];
        }

        @Override
        int length(int index) {
            return lengths[index];
        }

        @Override
        void clear() {
            data.clear();
            java.util.Arrays.fill(targets, 0, size, null);
            size = 0;
        }

        @Override
        int send() throws Failure {
            for (int i = 0; i < size; i++) {
                sending.limit(offsets[i] + lengths[i]).position(offsets[i]);
                try {
                    NioEngineSocket.send(channel, sending, targets[i]);
                } catch (IOException e) {
                    throw new Failure(i, e);
                }
            }
            return size;
        }

        @Override
        void free() {
            // the direct buffer is reclaimed by the garbage collector
        }
    }

    /**
     * One datagram per receive, into a reused direct buffer of {@code maxDatagramSize + 1} bytes; a timed receive
     * goes through the channel's socket adaptor (its {@code SO_TIMEOUT}) into a heap array of the same size.
     */
    private static final class NioInbound extends Inbound {
        private final DatagramChannel channel;
        private final int maxDatagramSize;
        private ByteBuffer direct;
        private ByteBuffer directView;
        private byte[] heap;
        private ByteBuffer heapView;
        private DatagramPacket packet;
        private ByteBuffer current;
        private InetSocketAddress sender;
        private int length;

        NioInbound(DatagramChannel channel, int maxDatagramSize) {
            this.channel = channel;
            this.maxDatagramSize = maxDatagramSize;
        }

        @Override
        int receive() throws IOException {
            if (direct == null) { // made on the first receive: a sender's timed receives use the heap array only
                direct = ByteBuffer.allocateDirect(maxDatagramSize + 1);
                directView = direct.asReadOnlyBuffer();
            }
            direct.clear();
            InetSocketAddress from = (InetSocketAddress) channel.receive(direct);
            if (from == null) {
                return 0; // only a non-blocking channel returns null; ours blocks
            }
            sender = from;
            length = direct.position();
            current = directView;
            return 1;
        }

        @Override
        int receive(long millis) throws IOException {
            if (heap == null) {
                heap = new byte[maxDatagramSize + 1];
                heapView = ByteBuffer.wrap(heap).asReadOnlyBuffer();
                packet = new DatagramPacket(heap, heap.length);
            }
            packet.setData(heap);
            try {
                channel.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, millis)));
                channel.socket().receive(packet);
            } catch (SocketTimeoutException e) {
                return 0;
            }
            sender = (InetSocketAddress) packet.getSocketAddress();
            length = packet.getLength();
            current = heapView;
            return 1;
        }

        @Override
        InetSocketAddress sender(int index) {
            return sender;
        }

        @Override
        int keptLength(int index) {
            return Math.min(length, maxDatagramSize);
        }

        @Override
        boolean truncated(int index) {
            return length > maxDatagramSize;
        }

        @Override
        int realLength(int index) {
            return length > maxDatagramSize ? -1 : length;
        }

        @Override
        ByteBuffer buffer(int index) {
            current.limit(keptLength(index)).position(0);
            return current;
        }

        @Override
        void free() {
            // heap and direct buffers are reclaimed by the garbage collector
        }
    }
}
