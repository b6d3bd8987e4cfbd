package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reusable native memory for one {@code recvmmsg} call and the datagrams it returned. Each receive overwrites the
 * previous one's datagrams; a batch belongs to one receiving thread at a time and allocates nothing per datagram
 * (senders seen before are reused, views are pooled).
 *
 * <p>Two kinds: {@linkplain #plain plain} batches give each kernel message a buffer of {@code maxDatagramSize}
 * bytes and learn a truncated datagram's real length from {@code MSG_TRUNC}; {@linkplain #gro GRO} batches, for a
 * socket with {@code UDP_GRO} on, give each message 64 KiB and a control buffer, and split every coalesced read
 * back into the datagrams that were sent, at the segment size the kernel reports (the last may be shorter), so a
 * consumer never sees two datagrams as one.
 *
 * <p>Close a batch only after the thread that receives into it has returned: closing its memory while a call uses it
 * fails with {@link IllegalStateException}.
 */
public final class ReceiveBatch implements AutoCloseable {
    /** Kernel messages per call of a plain batch when the caller does not choose. */
    public static final int DEFAULT_BATCH = 32;
    /** Kernel messages per call of a GRO batch when the caller does not choose (each takes 64 KiB). */
    public static final int DEFAULT_GRO_BATCH = 8;
    /** The most bytes one GRO read can carry. */
    static final int GRO_BUFFER = 65536;
    /** The most datagrams the kernel coalesces into one GRO read ({@code UDP_GRO_CNT_MAX}). */
    static final int GRO_MAX_SEGMENTS = 64;
    private static final long CONTROL_SPACE = 64;

    private final Arena arena = Arena.ofShared();
    private final boolean gro;
    private final int entries;
    private final int maxDatagramSize;
    private final int entryBuffer;
    private final MemorySegment headers;
    private final MemorySegment iovecs;
    private final MemorySegment names;
    private final MemorySegment controls;
    private final MemorySegment data;
    final MemorySegment capture;
    private final MemorySegment pollfd;
    private final ByteBuffer dataView;
    private final SenderCache senders = new SenderCache();

    private int reads;
    private int count;
    private int[] offsets;
    private int[] lengths;
    private int[] captured;
    private InetSocketAddress[] from;
    private ByteBuffer[] views;

    private ReceiveBatch(int entries, int maxDatagramSize, boolean gro) {
        if (entries < 1 || entries > 1024) {
            throw new IllegalArgumentException("batch size must be between 1 and 1024, was " + entries);
        }
        if (maxDatagramSize < 1 || maxDatagramSize > 65535) {
            throw new IllegalArgumentException("maxDatagramSize must be between 1 and 65535, was " + maxDatagramSize);
        }
        this.gro = gro;
        this.entries = entries;
        this.maxDatagramSize = maxDatagramSize;
        this.entryBuffer = gro ? GRO_BUFFER : maxDatagramSize;
        this.headers = arena.allocate(Msg.MMSGHDR, entries);
        this.iovecs = arena.allocate(Msg.IOVEC, entries);
        this.names = arena.allocate((long) SockAddr.MAX_SIZE * entries, 8);
        this.controls = gro ? arena.allocate(CONTROL_SPACE * entries, 8) : MemorySegment.NULL;
        this.data = arena.allocate((long) entryBuffer * entries, 64);
        this.capture = arena.allocate(Libc.CAPTURE_LAYOUT);
        this.pollfd = arena.allocate(8, 8);
        this.dataView = data.asByteBuffer().asReadOnlyBuffer();
        for (int i = 0; i < entries; i++) {
            long iov = i * Msg.IOVEC.byteSize();
            iovecs.set(ADDRESS, iov + Msg.IOV_BASE, data.asSlice((long) i * entryBuffer, entryBuffer));
            iovecs.set(JAVA_LONG, iov + Msg.IOV_LEN, entryBuffer);
            long h = i * Msg.MMSGHDR.byteSize();
            headers.set(ADDRESS, h + Msg.NAME, names.asSlice((long) i * SockAddr.MAX_SIZE, SockAddr.MAX_SIZE));
            headers.set(ADDRESS, h + Msg.IOV, iovecs.asSlice(iov, Msg.IOVEC.byteSize()));
            headers.set(JAVA_LONG, h + Msg.IOVLEN, 1);
            if (gro) {
                headers.set(ADDRESS, h + Msg.CONTROL, controls.asSlice(i * CONTROL_SPACE, CONTROL_SPACE));
            }
        }
        reset(entries);
        grow(gro ? entries * GRO_MAX_SEGMENTS : entries);
    }

    /**
     * Creates a batch for a socket without GRO.
     *
     * @param entries datagrams per call, 1 to 1024 ({@link #DEFAULT_BATCH} is a good start)
     * @param maxDatagramSize the bytes kept of each datagram; longer ones are {@linkplain #truncated truncated}
     * @return the batch; close it when done
     * @throws IllegalArgumentException if a value is out of range
     */
    public static ReceiveBatch plain(int entries, int maxDatagramSize) {
        return new ReceiveBatch(entries, maxDatagramSize, false);
    }

    /**
     * Creates a batch for a socket with {@link NativeSocketOptions#setGro(boolean) UDP_GRO} on.
     *
     * @param entries kernel reads per call, 1 to 1024, each 64 KiB ({@link #DEFAULT_GRO_BATCH} is a good start)
     * @param maxDatagramSize the bytes kept of each datagram after splitting; longer ones are truncated
     * @return the batch; close it when done
     * @throws IllegalArgumentException if a value is out of range
     */
    public static ReceiveBatch gro(int entries, int maxDatagramSize) {
        return new ReceiveBatch(entries, maxDatagramSize, true);
    }

    private void grow(int slots) {
        int old = offsets == null ? 0 : offsets.length;
        offsets = offsets == null ? new int[slots] : Arrays.copyOf(offsets, slots);
        lengths = lengths == null ? new int[slots] : Arrays.copyOf(lengths, slots);
        captured = captured == null ? new int[slots] : Arrays.copyOf(captured, slots);
        from = from == null ? new InetSocketAddress[slots] : Arrays.copyOf(from, slots);
        views = views == null ? new ByteBuffer[slots] : Arrays.copyOf(views, slots);
        for (int i = old; i < slots; i++) {
            views[i] = dataView.duplicate();
        }
    }

    /** Restores the in-out fields the kernel changed in the first {@code used} headers. */
    private void reset(int used) {
        for (int i = 0; i < used; i++) {
            long h = i * Msg.MMSGHDR.byteSize();
            headers.set(JAVA_INT, h + Msg.NAMELEN, SockAddr.MAX_SIZE);
            if (gro) {
                headers.set(JAVA_LONG, h + Msg.CONTROLLEN, CONTROL_SPACE);
            }
        }
    }

    /**
     * Calls {@code recvmmsg} once ({@code recvmsg} for a batch of one), blocking until a datagram is there.
     *
     * @param fd the socket
     * @return the number of kernel messages, or -1 with {@code errno} in {@link #capture}
     */
    int call(int fd) {
        return call(fd, 0);
    }

    /**
     * As {@link #call(int)}, with extra flags ({@code MSG_DONTWAIT} to return {@code EAGAIN} instead of blocking).
     *
     * @param fd the socket
     * @param flags flags added to {@code MSG_WAITFORONE | MSG_TRUNC}
     * @return the number of kernel messages, or -1 with {@code errno} in {@link #capture}
     */
    int call(int fd, int flags) {
        count = 0;
        reads = 0;
        int r;
        if (entries == 1) {
            // One entry: plain recvmsg on the first header (an mmsghdr starts with its msghdr).
            long bytes = Libc.recvmsg(capture, fd, headers, Libc.MSG_TRUNC | flags);
            if (bytes >= 0) {
                headers.set(JAVA_INT, Msg.MSG_LEN, (int) bytes);
            }
            r = bytes < 0 ? -1 : 1;
        } else {
            r = Libc.recvmmsg(capture, fd, headers, entries, Libc.MSG_WAITFORONE | Libc.MSG_TRUNC | flags);
        }
        if (r > 0) {
            reset(r);
        }
        return r;
    }

    /**
     * Waits until the socket is readable ({@code poll}, {@code POLLIN}); a shut-down socket is readable too.
     *
     * @param fd the socket
     * @param timeoutMillis the longest wait
     * @return 1 if readable, 0 on time-out, -1 with {@code errno} in {@link #capture}
     */
    int poll(int fd, int timeoutMillis) {
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(JAVA_SHORT, 4, Libc.POLLIN);
        pollfd.set(JAVA_SHORT, 6, (short) 0);
        return Libc.poll(capture, pollfd, 1, timeoutMillis);
    }

    /** The {@code struct pollfd} (fd, events, revents: 8 bytes) {@link #poll} uses; its address, for tests. */
    long pollfdAddress() {
        return pollfd.address();
    }

    /**
     * Turns {@code reads} kernel messages into datagrams. A message without a sender (what a socket shut down for
     * reading returns) is skipped.
     *
     * @param kernelMessages what {@link #call} returned
     * @return the number of datagrams
     */
    int parse(int kernelMessages) {
        int n = 0;
        int msgs = 0;
        for (int i = 0; i < kernelMessages; i++) {
            long h = i * Msg.MMSGHDR.byteSize();
            int nameLength = headers.get(JAVA_INT, h + Msg.NAMELEN);
            InetSocketAddress sender = nameLength == 0 ? null
                    : senders.decode(names, (long) i * SockAddr.MAX_SIZE, nameLength);
            if (sender == null) {
                continue;
            }
            msgs++;
            int total = headers.get(JAVA_INT, h + Msg.MSG_LEN);
            int base = i * entryBuffer;
            int segment = gro ? Msg.groSegmentSize(controls, i * CONTROL_SPACE,
                    headers.get(JAVA_LONG, h + Msg.CONTROLLEN)) : 0;
            if (segment <= 0 || segment >= total) {
                n = add(n, sender, base, total, Math.min(total, entryBuffer));
                continue;
            }
            for (int at = 0; at < total; at += segment) {
                int length = Math.min(segment, total - at);
                int inBuffer = Math.max(0, Math.min(length, entryBuffer - at));
                n = add(n, sender, base + at, length, inBuffer);
            }
        }
        reads = msgs;
        count = n;
        return n;
    }

    private int add(int n, InetSocketAddress sender, int offset, int length, int inBuffer) {
        if (n == offsets.length) {
            grow(offsets.length * 2);
        }
        int kept = Math.min(inBuffer, maxDatagramSize);
        offsets[n] = offset;
        lengths[n] = length;
        captured[n] = kept;
        from[n] = sender;
        views[n].limit(offset + kept).position(offset);
        return n + 1;
    }

    /**
     * Returns the number of datagrams the last receive returned, after splitting coalesced reads.
     *
     * @return the count; 0 before the first receive
     */
    public int size() {
        return count;
    }

    /**
     * Returns the number of kernel messages the last receive returned (for a GRO batch, fewer than {@link #size()}
     * when reads were coalesced).
     *
     * @return the count
     */
    public int reads() {
        return reads;
    }

    /**
     * Returns who sent a datagram.
     *
     * @param index 0 to {@code size() - 1}
     * @return the sender; IPv4-mapped senders of a dual-stack socket are {@link java.net.Inet4Address}es
     */
    public InetSocketAddress sender(int index) {
        check(index);
        return from[index];
    }

    /**
     * Returns a datagram's real length, which is more than {@link #keptLength} when it was truncated.
     *
     * @param index 0 to {@code size() - 1}
     * @return the length the datagram had on the wire
     */
    public int length(int index) {
        check(index);
        return lengths[index];
    }

    /**
     * Returns how many bytes of a datagram the batch holds.
     *
     * @param index 0 to {@code size() - 1}
     * @return {@code min(length(index), maxDatagramSize)}
     */
    public int keptLength(int index) {
        check(index);
        return captured[index];
    }

    /**
     * Tells whether a datagram was longer than the batch's {@code maxDatagramSize} (the kernel's {@code MSG_TRUNC}).
     *
     * @param index 0 to {@code size() - 1}
     * @return {@code true} if only its first {@link #keptLength} bytes are held
     */
    public boolean truncated(int index) {
        check(index);
        return lengths[index] > captured[index];
    }

    /**
     * Returns a read-only view of a datagram's bytes, from its position to its limit, without copying. The view is
     * the batch's own and valid until the next receive; its position and limit may be changed freely.
     *
     * @param index 0 to {@code size() - 1}
     * @return the view; {@code position()} is where the datagram starts, {@code remaining()} is {@link #keptLength}
     */
    public ByteBuffer buffer(int index) {
        check(index);
        ByteBuffer view = views[index];
        return view.limit(offsets[index] + captured[index]).position(offsets[index]);
    }

    /**
     * Returns a datagram's bytes as a slice of the batch's native memory, valid until the next receive.
     *
     * @param index 0 to {@code size() - 1}
     * @return the slice, {@link #keptLength} bytes long
     */
    public MemorySegment segment(int index) {
        check(index);
        return data.asSlice(offsets[index], captured[index]);
    }

    /**
     * Copies a datagram's bytes.
     *
     * @param index 0 to {@code size() - 1}
     * @param destination where to
     * @param offset where in {@code destination}
     * @return the number of bytes copied, {@link #keptLength}
     */
    public int copyTo(int index, byte[] destination, int offset) {
        check(index);
        MemorySegment.copy(data, JAVA_BYTE, offsets[index], destination, offset, captured[index]);
        return captured[index];
    }

    /**
     * Returns the bytes kept of each datagram.
     *
     * @return the limit given when the batch was made
     */
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    /**
     * Tells whether this batch splits GRO reads.
     *
     * @return {@code true} for a batch made by {@link #gro}
     */
    public boolean isGro() {
        return gro;
    }

    private void check(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index must be between 0 and " + (count - 1) + ", was " + index);
        }
    }

    /**
     * Frees the batch's native memory.
     *
     * @throws IllegalStateException if a receive into it is still running
     */
    @Override
    public void close() {
        arena.close();
    }
}
