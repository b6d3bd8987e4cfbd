package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A reusable batch of datagrams for {@link NativeUdpSocket#send(SendBatch)}: payloads are copied into the batch's
 * native memory as they are added, and one send hands them all to the kernel, with UDP GSO ({@code UDP_SEGMENT}) when
 * they allow it and {@code sendmmsg} otherwise. Filling, sending and {@link #clear() clearing} a batch again allocates
 * nothing per datagram while the targets repeat. Not thread-safe: one sending thread at a time.
 */
public final class SendBatch implements AutoCloseable {
    /** Datagrams per batch when the caller does not choose. */
    public static final int DEFAULT_DATAGRAMS = 64;
    /** The most datagrams one GSO message carries (the kernel's {@code UDP_MAX_SEGMENTS} is 64 or, later, 128). */
    static final int GSO_MAX_SEGMENTS = 64;

    private final Arena arena = Arena.ofShared();
    private final int maxDatagrams;
    private final int maxBytes;
    private final MemorySegment data;
    /** {@link #data} as one buffer, made once, for copying buffers in without a segment per datagram. */
    private final ByteBuffer dataView;
    private final MemorySegment headers;
    private final MemorySegment iovecs;
    private final MemorySegment names;
    private final MemorySegment controls;
    final MemorySegment capture;
    private final int[] offsets;
    private final int[] lengths;
    private final InetSocketAddress[] targets;
    /** Per kernel message of the last plan: its first datagram and how many datagrams it carries. */
    private final int[] msgFirst;
    private final int[] msgCount;

    private int count;
    private int used;
    private int messages;
    private InetSocketAddress encodedTarget;
    private int encodedFamily;
    private int encodedLength;
    private int nameLength;

    /**
     * Creates a batch.
     *
     * @param maxDatagrams the most datagrams it holds, 1 to 1024 ({@link #DEFAULT_DATAGRAMS} is a good start)
     * @param maxBytes the most payload bytes it holds in all, 1 to 64 MiB
     * @throws IllegalArgumentException if a value is out of range
     */
    public SendBatch(int maxDatagrams, int maxBytes) {
        if (maxDatagrams < 1 || maxDatagrams > 1024) {
            throw new IllegalArgumentException("maxDatagrams must be between 1 and 1024, was " + maxDatagrams);
        }
        if (maxBytes < 1 || maxBytes > 64 << 20) {
            throw new IllegalArgumentException("maxBytes must be between 1 and " + (64 << 20) + ", was " + maxBytes);
        }
        this.maxDatagrams = maxDatagrams;
        this.maxBytes = maxBytes;
        this.data = arena.allocate(maxBytes, 64);
        this.dataView = data.asByteBuffer();
        this.headers = arena.allocate(Msg.MMSGHDR, maxDatagrams);
        this.iovecs = arena.allocate(Msg.IOVEC, maxDatagrams);
        this.names = arena.allocate((long) SockAddr.MAX_SIZE * (maxDatagrams + 1), 8);
        this.controls = arena.allocate(Msg.CMSG_SPACE_U16 * maxDatagrams, 8);
        this.capture = arena.allocate(Libc.CAPTURE_LAYOUT);
        this.offsets = new int[maxDatagrams];
        this.lengths = new int[maxDatagrams];
        this.targets = new InetSocketAddress[maxDatagrams];
        this.msgFirst = new int[maxDatagrams];
        this.msgCount = new int[maxDatagrams];
    }

    /**
     * Adds a datagram, copying its bytes.
     *
     * @param payload the bytes
     * @param offset where they start
     * @param length how many
     * @param target where it goes, or {@code null} for a connected socket's peer
     * @return {@code false}, adding nothing, if the batch is full (send and clear it, then add again)
     * @throws IndexOutOfBoundsException if the slice is outside {@code payload}
     * @throws IllegalArgumentException if the datagram alone is larger than the batch
     */
    public boolean add(byte[] payload, int offset, int length, InetSocketAddress target) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (!reserve(length)) {
            return false;
        }
        MemorySegment.copy(payload, offset, data, JAVA_BYTE, used, length);
        commit(length, target);
        return true;
    }

    /**
     * Adds a datagram, copying the bytes between the buffer's position and limit; the position is not changed.
     *
     * @param payload the bytes
     * @param target where it goes, or {@code null} for a connected socket's peer
     * @return {@code false}, adding nothing, if the batch is full
     * @throws IllegalArgumentException if the datagram alone is larger than the batch
     */
    public boolean add(ByteBuffer payload, InetSocketAddress target) {
        int length = payload.remaining();
        if (!reserve(length)) {
            return false;
        }
        dataView.put(used, payload, payload.position(), length); // absolute: no segment, no buffer allocated
        commit(length, target);
        return true;
    }

    /**
     * Adds a datagram, copying a segment's bytes.
     *
     * @param payload the bytes
     * @param target where it goes, or {@code null} for a connected socket's peer
     * @return {@code false}, adding nothing, if the batch is full
     * @throws IllegalArgumentException if the datagram alone is larger than the batch
     */
    public boolean add(MemorySegment payload, InetSocketAddress target) {
        int length = Math.toIntExact(payload.byteSize());
        if (!reserve(length)) {
            return false;
        }
        MemorySegment.copy(payload, 0, data, used, length);
        commit(length, target);
        return true;
    }

    private boolean reserve(int length) {
        if (length > maxBytes) {
            throw new IllegalArgumentException("a datagram of " + length + " bytes cannot fit a batch of " + maxBytes
                    + " bytes");
        }
        return count < maxDatagrams && used + length <= maxBytes;
    }

    private void commit(int length, InetSocketAddress target) {
        offsets[count] = used;
        lengths[count] = length;
        targets[count] = target;
        count++;
        used += length;
    }

    /**
     * Returns how many datagrams the batch can hold.
     *
     * @return the capacity given when it was made
     */
    public int maxDatagrams() {
        return maxDatagrams;
    }

    /**
     * Returns the number of datagrams added since the last {@link #clear()}.
     *
     * @return the count
     */
    public int size() {
        return count;
    }

    /**
     * Returns the number of payload bytes added since the last {@link #clear()}.
     *
     * @return the bytes
     */
    public int bytes() {
        return used;
    }

    /**
     * Returns a datagram's target.
     *
     * @param index 0 to {@code size() - 1}
     * @return the target, or {@code null} for a connected socket's peer
     */
    public InetSocketAddress target(int index) {
        Objects.checkIndex(index, count);
        return targets[index];
    }

    /** Empties the batch; its memory is kept for the next datagrams. */
    public void clear() {
        for (int i = 0; i < count; i++) {
            targets[i] = null;
        }
        count = 0;
        used = 0;
        messages = 0;
    }

    /**
     * Checks before anything is sent that every target can be reached from a socket of the family.
     *
     * @param socketFamily the socket's family
     * @param socketName the socket, for the message
     * @throws IllegalArgumentException naming the first datagram whose target cannot, and its target
     */
    void checkTargets(int socketFamily, String socketName) {
        for (int i = 0; i < count; i++) {
            InetSocketAddress target = targets[i];
            if (target != null && (target.isUnresolved()
                    || (socketFamily == Libc.AF_INET && target.getAddress() instanceof Inet6Address))) {
                throw new IllegalArgumentException("cannot send datagram " + i + " of a batch of " + count + " to "
                        + target + " from " + socketName + ": " + (target.isUnresolved() ? "the address is unresolved"
                        : "an IPv4 socket cannot reach an IPv6 address") + "; nothing was sent");
            }
        }
    }

    /**
     * Decides whether datagrams {@code from} onwards can go as GSO: one target, equal sizes, the last no longer.
     *
     * @param from the first datagram
     * @return the segment size, or 0 if they cannot
     */
    int gsoSegment(int from) {
        if (count - from < 2) {
            return 0;
        }
        int segment = lengths[from];
        if (segment == 0) {
            return 0;
        }
        InetSocketAddress target = targets[from];
        for (int i = from + 1; i < count; i++) {
            if (!Objects.equals(targets[i], target) || lengths[i] > segment
                    || (lengths[i] < segment && i != count - 1) || lengths[i] == 0) {
                return 0;
            }
        }
        return segment;
    }

    /**
     * Lays out the kernel messages for datagrams {@code from} onwards: GSO messages of at most
     * {@link #GSO_MAX_SEGMENTS} segments and {@code maxGsoBytes} when {@code segment > 0}, one message per datagram
     * otherwise.
     *
     * @param from the first datagram not sent yet
     * @param segment the GSO segment size, or 0
     * @param socketFamily the socket's family, for the addresses
     * @return the number of kernel messages
     */
    int plan(int from, int segment, int socketFamily) {
        messages = 0;
        int i = from;
        while (i < count) {
            int n = 1;
            if (segment > 0) {
                int limit = maxGsoBytes(targets[i]);
                int bytes = lengths[i];
                while (i + n < count && n < GSO_MAX_SEGMENTS && bytes + lengths[i + n] <= limit) {
                    bytes += lengths[i + n];
                    n++;
                }
            }
            layout(messages, i, n, n > 1 ? segment : 0, socketFamily);
            msgFirst[messages] = i;
            msgCount[messages] = n;
            messages++;
            i += n;
        }
        return messages;
    }

    private static int maxGsoBytes(InetSocketAddress target) {
        return target != null && target.getAddress() instanceof Inet6Address ? 65527 : 65507;
    }

    private void layout(int message, int first, int datagrams, int segment, int socketFamily) {
        long h = message * Msg.MMSGHDR.byteSize();
        long iov = message * Msg.IOVEC.byteSize();
        long bytes = 0;
        for (int k = first; k < first + datagrams; k++) {
            bytes += lengths[k];
        }
        // Raw addresses (ADDRESS is 8 bytes on LP64): no segment object per message.
        iovecs.set(JAVA_LONG, iov + Msg.IOV_BASE, data.address() + offsets[first]);
        iovecs.set(JAVA_LONG, iov + Msg.IOV_LEN, bytes);
        headers.set(JAVA_LONG, h + Msg.IOV, iovecs.address() + iov);
        headers.set(JAVA_LONG, h + Msg.IOVLEN, 1);
        headers.set(JAVA_INT, h + Msg.FLAGS, 0);
        InetSocketAddress target = targets[first];
        if (target == null) {
            headers.set(JAVA_LONG, h + Msg.NAME, 0);
            headers.set(JAVA_INT, h + Msg.NAMELEN, 0);
        } else {
            long at = name(message, target, socketFamily);
            headers.set(JAVA_LONG, h + Msg.NAME, names.address() + at);
            headers.set(JAVA_INT, h + Msg.NAMELEN, at == 0 ? encodedLength : nameLength);
        }
        if (segment > 0) {
            long control = message * Msg.CMSG_SPACE_U16;
            Msg.writeSegmentSize(controls, control, segment);
            headers.set(JAVA_LONG, h + Msg.CONTROL, controls.address() + control);
            headers.set(JAVA_LONG, h + Msg.CONTROLLEN, Msg.CMSG_SPACE_U16);
        } else {
            headers.set(JAVA_LONG, h + Msg.CONTROL, 0);
            headers.set(JAVA_LONG, h + Msg.CONTROLLEN, 0);
        }
    }

    /**
     * Encodes a message's target and returns its offset in {@link #names}: the last distinct target is kept at
     * offset 0 and reused while it repeats (no encoding, no allocation); others get the message's own slot, whose
     * length is left in {@link #nameLength}.
     */
    private long name(int message, InetSocketAddress target, int socketFamily) {
        if (target.equals(encodedTarget) && socketFamily == encodedFamily) {
            return 0;
        }
        if (message == 0 || encodedTarget == null) {
            encodedLength = SockAddr.encode(names, 0, target, socketFamily);
            encodedTarget = target;
            encodedFamily = socketFamily;
            return 0;
        }
        long at = (long) (message + 1) * SockAddr.MAX_SIZE;
        nameLength = SockAddr.encode(names, at, target, socketFamily);
        return at;
    }

    MemorySegment headers() {
        return headers;
    }

    int messageFirst(int message) {
        return msgFirst[message];
    }

    int messageDatagrams(int message) {
        return msgCount[message];
    }

    long messageBytes(int message) {
        long bytes = 0;
        for (int k = msgFirst[message]; k < msgFirst[message] + msgCount[message]; k++) {
            bytes += lengths[k];
        }
        return bytes;
    }

    /**
     * Frees the batch's native memory.
     *
     * @throws IllegalStateException if a send from it is still running
     */
    @Override
    public void close() {
        arena.close();
    }
}
