package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    private static final long GRO_CONTROL_SPACE = 64;
    /**
     * Room for every metadata message a datagram can carry: packet info (IPv6's, 40), TTL or hop limit (24), TOS or
     * traffic class (24), a timestamp (32), the drop count (24), GRO (24), with room to spare.
     */
    private static final long META_CONTROL_SPACE = 256;

    /** Metadata to read: destination and interface ({@code IP_PKTINFO}). */
    public static final int META_PKTINFO = 1;
    /** Metadata to read: TTL or hop limit. */
    public static final int META_TTL = 2;
    /** Metadata to read: TOS or traffic class. */
    public static final int META_TRAFFIC_CLASS = 4;
    /** Metadata to read: the kernel's arrival time. */
    public static final int META_TIMESTAMP = 8;
    /** Metadata to read: the socket's drop count. */
    public static final int META_DROPS = 16;

    private final Arena arena = Arena.ofShared();
    private final boolean gro;
    private final int entries;
    private final int maxDatagramSize;
    private final int entryBuffer;
    private final int meta;
    private final long controlSpace;
    private final short localPort;
    private final SenderCache destinations = new SenderCache();
    private final SenderCache replySources = new SenderCache();
    private final MemorySegment addressScratch;
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
    /** Headers the last call filled, whose in-out lengths the next call restores. */
    private int used;
    private int count;
    private int[] offsets;
    private int[] lengths;
    private int[] captured;
    private InetSocketAddress[] from;
    private ByteBuffer[] views;
    // Per datagram: the metadata of the read it came from (-1 or null where not read).
    private int[] ifindexes;
    private int[] ttls;
    private int[] trafficClasses;
    private long[] drops;
    private long[] times;
    private InetSocketAddress[] destinationOf;
    private InetAddress[] replySourceOf;
    // The metadata of the read being parsed.
    private int readIfindex;
    private int readTtl;
    private int readTrafficClass;
    private long readDrops;
    private long readTime;
    private InetSocketAddress readDestination;
    private InetAddress readReplySource;
    private int readSegment;

    private ReceiveBatch(int entries, int maxDatagramSize, boolean gro) {
        this(entries, maxDatagramSize, gro, 0, 0);
    }

    private ReceiveBatch(int entries, int maxDatagramSize, boolean gro, int meta, int localPort) {
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
        this.meta = meta;
        this.controlSpace = (gro ? GRO_CONTROL_SPACE : 0) + (meta != 0 ? META_CONTROL_SPACE : 0);
        this.localPort = (short) localPort;
        this.addressScratch = arena.allocate(SockAddr.MAX_SIZE, 8);
        this.headers = arena.allocate(Msg.MMSGHDR, entries);
        this.iovecs = arena.allocate(Msg.IOVEC, entries);
        this.names = arena.allocate((long) SockAddr.MAX_SIZE * entries, 8);
        this.controls = controlSpace > 0 ? arena.allocate(controlSpace * entries, 8) : MemorySegment.NULL;
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
            if (controlSpace > 0) {
                headers.set(ADDRESS, h + Msg.CONTROL, controls.asSlice(i * controlSpace, controlSpace));
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

    /**
     * Creates a batch that also reads metadata of every datagram, from the control messages the socket was told to
     * add (see {@link NativeSocketOptions#setReceivePacketInfo()} and the other {@code setReceive...} options).
     *
     * @param entries datagrams (for GRO, kernel reads) per call, 1 to 1024
     * @param maxDatagramSize the bytes kept of each datagram
     * @param gro whether the socket has {@code UDP_GRO} on
     * @param meta the {@code META_*} bits to read
     * @param localPort the socket's port, the port of each datagram's destination
     * @return the batch; close it when done
     */
    public static ReceiveBatch withMetadata(int entries, int maxDatagramSize, boolean gro, int meta, int localPort) {
        if (meta < 0 || meta > 31) {
            throw new IllegalArgumentException("meta must be a combination of the META_* bits, was " + meta);
        }
        return new ReceiveBatch(entries, maxDatagramSize, gro, meta, localPort);
    }

    private void grow(int slots) {
        int old = offsets == null ? 0 : offsets.length;
        offsets = offsets == null ? new int[slots] : Arrays.copyOf(offsets, slots);
        lengths = lengths == null ? new int[slots] : Arrays.copyOf(lengths, slots);
        captured = captured == null ? new int[slots] : Arrays.copyOf(captured, slots);
        from = from == null ? new InetSocketAddress[slots] : Arrays.copyOf(from, slots);
        views = views == null ? new ByteBuffer[slots] : Arrays.copyOf(views, slots);
        if (meta != 0) {
            ifindexes = ifindexes == null ? new int[slots] : Arrays.copyOf(ifindexes, slots);
            ttls = ttls == null ? new int[slots] : Arrays.copyOf(ttls, slots);
            trafficClasses = trafficClasses == null ? new int[slots] : Arrays.copyOf(trafficClasses, slots);
            drops = drops == null ? new long[slots] : Arrays.copyOf(drops, slots);
            times = times == null ? new long[slots] : Arrays.copyOf(times, slots);
            destinationOf = destinationOf == null ? new InetSocketAddress[slots] : Arrays.copyOf(destinationOf, slots);
            replySourceOf = replySourceOf == null ? new InetAddress[slots] : Arrays.copyOf(replySourceOf, slots);
        }
        for (int i = old; i < slots; i++) {
            views[i] = dataView.duplicate();
        }
    }

    /** Restores the in-out fields the kernel changed in the first {@code used} headers. */
    private void reset(int headersUsed) {
        for (int i = 0; i < headersUsed; i++) {
            long h = i * Msg.MMSGHDR.byteSize();
            headers.set(JAVA_INT, h + Msg.NAMELEN, SockAddr.MAX_SIZE);
            if (controlSpace > 0) {
                headers.set(JAVA_LONG, h + Msg.CONTROLLEN, controlSpace);
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
        reset(used); // before the call, not after: parse reads the lengths the kernel wrote
        used = 0;
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
            used = r;
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
            if (controlSpace > 0) {
                readControls(i * controlSpace, headers.get(JAVA_LONG, h + Msg.CONTROLLEN));
            }
            int segment = gro ? readSegment : 0;
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
        if (meta != 0) {
            ifindexes[n] = readIfindex;
            ttls[n] = readTtl;
            trafficClasses[n] = readTrafficClass;
            drops[n] = readDrops;
            times[n] = readTime;
            destinationOf[n] = readDestination;
            replySourceOf[n] = readReplySource;
        }
        return n + 1;
    }

    /**
     * Reads one kernel message's control messages into the {@code read*} fields: walks them as
     * {@code CMSG_FIRSTHDR} / {@code CMSG_NXTHDR} do and stops at the first malformed one.
     */
    private void readControls(long start, long length) {
        readIfindex = -1;
        readTtl = -1;
        readTrafficClass = -1;
        readDrops = -1;
        readTime = -1;
        readDestination = null;
        readReplySource = null;
        readSegment = 0;
        long header = Msg.cmsgAlign(Msg.CMSGHDR.byteSize());
        long at = 0;
        while (at + header <= length) {
            long base = start + at;
            long len = controls.get(JAVA_LONG, base + Msg.CMSG_LEN_FIELD);
            if (len < header || at + len > length) {
                break;
            }
            int level = controls.get(JAVA_INT, base + Msg.CMSG_LEVEL);
            int type = controls.get(JAVA_INT, base + Msg.CMSG_TYPE);
            long data = base + header;
            long dataLength = len - header;
            if (level == Libc.IPPROTO_IP) {
                if (type == Libc.IP_PKTINFO && dataLength >= 12) {
                    readIfindex = controls.get(JAVA_INT, data);
                    readDestination = ipv4Address(data + 8, localPort, destinations);
                    int specDst = controls.get(JAVA_INT, data + 4);
                    readReplySource = specDst == 0 ? null : ipv4Address(data + 4, (short) 0, replySources).getAddress();
                } else if (type == Libc.IP_TTL && dataLength >= 4) {
                    readTtl = controls.get(JAVA_INT, data);
                } else if (type == Libc.IP_TOS && dataLength >= 1) {
                    readTrafficClass = Byte.toUnsignedInt(controls.get(JAVA_BYTE, data));
                }
            } else if (level == Libc.IPPROTO_IPV6) {
                if (type == Libc.IPV6_PKTINFO && dataLength >= 20) {
                    readIfindex = controls.get(JAVA_INT, data + 16);
                    readDestination = ipv6Address(data, localPort, readIfindex, destinations);
                    boolean multicast = controls.get(JAVA_BYTE, data) == (byte) 0xff;
                    readReplySource = multicast ? null
                            : ipv6Address(data, (short) 0, readIfindex, replySources).getAddress();
                } else if (type == Libc.IPV6_HOPLIMIT && dataLength >= 4) {
                    readTtl = controls.get(JAVA_INT, data);
                } else if (type == Libc.IPV6_TCLASS && dataLength >= 4) {
                    readTrafficClass = controls.get(JAVA_INT, data) & 0xff;
                }
            } else if (level == Libc.SOL_SOCKET) {
                if (type == Libc.SO_TIMESTAMPNS && dataLength >= 16) {
                    readTime = controls.get(JAVA_LONG, data) * 1_000_000_000L + controls.get(JAVA_LONG, data + 8);
                } else if (type == Libc.SO_RXQ_OVFL && dataLength >= 4) {
                    readDrops = Integer.toUnsignedLong(controls.get(JAVA_INT, data));
                }
            } else if (level == Libc.IPPROTO_UDP && type == Libc.UDP_GRO && dataLength >= 4) {
                readSegment = controls.get(JAVA_INT, data);
            }
            at += Msg.cmsgAlign(len);
        }
        if ((meta & META_DROPS) != 0 && readDrops < 0) {
            readDrops = 0; // the kernel adds SO_RXQ_OVFL only once the socket has dropped something
        }
    }

    /** The IPv4 address at {@code at} in the controls with a port, through a cache: no allocation when seen before. */
    private InetSocketAddress ipv4Address(long at, short port, SenderCache cache) {
        addressScratch.fill((byte) 0);
        addressScratch.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
        addressScratch.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, port);
        MemorySegment.copy(controls, at, addressScratch, 4, 4);
        return cache.decode(addressScratch, 0, SockAddr.IN_SIZE);
    }

    /** The IPv6 address at {@code at}, with the interface as scope of a link-local one; cached as above. */
    private InetSocketAddress ipv6Address(long at, short port, int ifindex, SenderCache cache) {
        addressScratch.fill((byte) 0);
        addressScratch.set(JAVA_SHORT, 0, (short) Libc.AF_INET6);
        addressScratch.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, port);
        MemorySegment.copy(controls, at, addressScratch, 8, 16);
        boolean linkLocal = controls.get(JAVA_BYTE, at) == (byte) 0xfe
                && (controls.get(JAVA_BYTE, at + 1) & 0xc0) == 0x80;
        addressScratch.set(JAVA_INT, 24, linkLocal ? ifindex : 0);
        return cache.decode(addressScratch, 0, SockAddr.IN6_SIZE);
    }

    /**
     * Tells which metadata this batch reads.
     *
     * @return the {@code META_*} bits, 0 for none
     */
    public int metadata() {
        return meta;
    }

    /**
     * Returns the address and port a datagram was sent to ({@link #META_PKTINFO}).
     *
     * @param index 0 to {@code size() - 1}
     * @return the destination, or {@code null} if not read
     */
    public InetSocketAddress destination(int index) {
        check(index);
        return meta == 0 ? null : destinationOf[index];
    }

    /**
     * Returns the local address a reply to a datagram should leave from: {@code ipi_spec_dst} for IPv4, the
     * destination for unicast IPv6 ({@link #META_PKTINFO}).
     *
     * @param index 0 to {@code size() - 1}
     * @return the address, or {@code null} to let the kernel choose
     */
    public InetAddress replySource(int index) {
        check(index);
        return meta == 0 ? null : replySourceOf[index];
    }

    /**
     * Returns the index of the interface a datagram arrived on ({@link #META_PKTINFO}).
     *
     * @param index 0 to {@code size() - 1}
     * @return the interface index, or -1 if not read
     */
    public int interfaceIndex(int index) {
        check(index);
        return meta == 0 ? -1 : ifindexes[index];
    }

    /**
     * Returns a datagram's TTL or hop limit ({@link #META_TTL}).
     *
     * @param index 0 to {@code size() - 1}
     * @return 0 to 255, or -1 if not read
     */
    public int ttl(int index) {
        check(index);
        return meta == 0 ? -1 : ttls[index];
    }

    /**
     * Returns a datagram's TOS byte or traffic class ({@link #META_TRAFFIC_CLASS}).
     *
     * @param index 0 to {@code size() - 1}
     * @return 0 to 255, or -1 if not read
     */
    public int trafficClass(int index) {
        check(index);
        return meta == 0 ? -1 : trafficClasses[index];
    }

    /**
     * Returns the socket's drop count when a datagram was queued ({@link #META_DROPS}).
     *
     * @param index 0 to {@code size() - 1}
     * @return the count, or -1 if not read
     */
    public long drops(int index) {
        check(index);
        return meta == 0 ? -1 : drops[index];
    }

    /**
     * Returns the kernel's arrival time of a datagram ({@link #META_TIMESTAMP}).
     *
     * @param index 0 to {@code size() - 1}
     * @return nanoseconds since the epoch, or -1 if not read
     */
    public long timeNanos(int index) {
        check(index);
        return meta == 0 ? -1 : times[index];
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
