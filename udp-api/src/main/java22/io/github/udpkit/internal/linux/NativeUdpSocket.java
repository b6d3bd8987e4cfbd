package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Linux UDP socket driven through the FFM API: what the native engine runs on. Every method may be called from
 * any thread; {@link #receive} and batch {@link #send(SendBatch)} use the batch given, which belongs to one thread
 * at a time.
 *
 * <p><b>Lifetime.</b> Each call holds a reference on the file descriptor for as long as the system call runs, and the
 * descriptor is closed by whoever releases the last reference after {@link #close()}: a descriptor number is never
 * closed while a call can still use it, so it can never be reused by another socket under a receive in flight (that
 * receive would return someone else's datagrams). {@code close()} wakes a thread blocked in {@link #receive} with
 * {@code shutdown(SHUT_RDWR)} (see {@code DESIGN-NOTES.md}), which makes it fail with a
 * {@linkplain NativeSocketException#closed() closed} exception within milliseconds, then waits for the descriptor to
 * be closed.
 *
 * <p><b>Threads.</b> {@link Thread#interrupt()} does not wake a native call: only {@code close()} does. A blocking
 * call pins a virtual thread to its carrier for as long as it blocks, so receive on a platform thread.
 */
public final class NativeUdpSocket implements AutoCloseable {
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final Descriptor descriptor;
    private final int fd;
    private final int family;
    private volatile String name;
    private volatile InetSocketAddress peer;
    private volatile Gso gso = Gso.UNKNOWN;
    private final NativeSocketOptions options = new NativeSocketOptions(this);
    private final Multicast multicast = new Multicast(this);
    private volatile ErrorQueue errorQueue;
    /** Whether the error queue is on ({@link NativeSocketOptions#setReceiveErrors()}). */
    volatile boolean receivesErrors;

    private enum Gso { UNKNOWN, ON, OFF }

    private NativeUdpSocket(int fd, int family) {
        this.descriptor = new Descriptor(fd);
        this.fd = fd;
        this.family = family;
        this.name = "UDP socket (" + (family == Libc.AF_INET ? "IPv4" : "IPv6") + ", unbound)";
    }

    /**
     * Opens an unbound UDP socket. An IPv6 socket is dual-stack ({@code IPV6_V6ONLY} off), as the JDK's are.
     *
     * @param protocolFamily {@link StandardProtocolFamily#INET} or {@link StandardProtocolFamily#INET6}
     * @return the socket
     * @throws NativeSocketException if the kernel refuses
     * @throws IllegalStateException with the reason if the native engine cannot run here
     */
    public static NativeUdpSocket open(ProtocolFamily protocolFamily) throws NativeSocketException {
        LinuxNative.requireAvailable();
        int af;
        if (protocolFamily == StandardProtocolFamily.INET) {
            af = Libc.AF_INET;
        } else if (protocolFamily == StandardProtocolFamily.INET6) {
            af = Libc.AF_INET6;
        } else {
            throw new IllegalArgumentException("protocolFamily must be INET or INET6, was " + protocolFamily);
        }
        MemorySegment cs = Scratch.get().capture;
        int fd = Libc.socket(cs, af, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new NativeSocketException("open " + protocolFamily + " UDP socket", Libc.errno(cs));
        }
        NativeUdpSocket socket = new NativeUdpSocket(fd, af);
        if (af == Libc.AF_INET6) {
            try {
                socket.setInt(Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY, 0, "IPV6_V6ONLY");
            } catch (NativeSocketException e) {
                socket.close();
                throw e;
            }
        }
        return socket;
    }

    /**
     * Returns the socket's family.
     *
     * @return INET or INET6
     */
    public ProtocolFamily family() {
        return family == Libc.AF_INET ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /**
     * Binds the socket.
     *
     * @param local the address; port 0 for an ephemeral port
     * @throws NativeSocketException naming the address, for example when the port is taken
     */
    public void bind(InetSocketAddress local) throws NativeSocketException {
        String op = "bind " + name + " to " + local;
        acquire(op, null);
        try {
            Scratch s = Scratch.get();
            int len = encode(s.address, local, op);
            if (Libc.bind(s.capture, fd, s.address, len) < 0) {
                throw new NativeSocketException(op, Libc.errno(s.capture));
            }
        } finally {
            release();
        }
        rename();
    }

    /**
     * Connects the socket: it then sends to and receives from {@code remote} only, and reports ICMP port-unreachable.
     *
     * @param remote the peer
     * @throws NativeSocketException naming both addresses
     */
    public void connect(InetSocketAddress remote) throws NativeSocketException {
        String op = "connect " + name + " to " + remote;
        acquire(op, null);
        try {
            Scratch s = Scratch.get();
            int len = encode(s.address, remote, op);
            if (Libc.connect(s.capture, fd, s.address, len) < 0) {
                throw new NativeSocketException(op, Libc.errno(s.capture));
            }
            peer = remote;
        } finally {
            release();
        }
        rename();
    }

    private int encode(MemorySegment into, InetSocketAddress address, String operation) {
        try {
            return SockAddr.encode(into, 0, address, family);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(operation + ": " + e.getMessage(), e);
        }
    }

    private void rename() throws NativeSocketException {
        InetSocketAddress local = localAddress();
        name = local == null ? name : local.toString();
    }

    /**
     * Returns the local address ({@code getsockname}).
     *
     * @return the address, port 0 and the wildcard if unbound
     * @throws NativeSocketException if the call fails or the socket is closed
     */
    public InetSocketAddress localAddress() throws NativeSocketException {
        return socketName(true);
    }

    /**
     * Returns the connected peer ({@code getpeername}).
     *
     * @return the peer, or {@code null} if the socket is not connected
     * @throws NativeSocketException if the call fails or the socket is closed
     */
    public InetSocketAddress remoteAddress() throws NativeSocketException {
        return socketName(false);
    }

    private InetSocketAddress socketName(boolean local) throws NativeSocketException {
        String op = (local ? "getsockname of " : "getpeername of ") + name;
        acquire(op, null);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment addr = arena.allocate(SockAddr.MAX_SIZE, 8);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, SockAddr.MAX_SIZE);
            int r = local ? Libc.getsockname(cs, fd, addr, len) : Libc.getpeername(cs, fd, addr, len);
            if (r < 0) {
                int errno = Libc.errno(cs);
                if (!local && errno == Libc.ENOTCONN) {
                    return null;
                }
                throw new NativeSocketException(op, errno);
            }
            return SockAddr.decode(addr, 0, len.get(JAVA_INT, 0));
        } finally {
            release();
        }
    }

    /**
     * Returns the socket's options: buffer sizes (read back), address and port reuse, broadcast, traffic class and
     * {@code UDP_GRO}.
     *
     * @return the options of this socket
     */
    public NativeSocketOptions options() {
        return options;
    }

    /**
     * Returns the socket's multicast options: group membership on a named interface, sending interface, TTL and
     * loopback.
     *
     * @return the multicast options of this socket
     */
    public Multicast multicast() {
        return multicast;
    }

    /**
     * Tells whether batch sends still use UDP GSO: {@code true} until the kernel or the route refused it once.
     *
     * @return {@code false} once GSO was found unusable on this socket
     */
    public boolean gsoEnabled() {
        return gso != Gso.OFF;
    }

    void setInt(int level, int option, int value, String optionName) throws NativeSocketException {
        String op = "set " + optionName + " = " + value + " on " + name;
        acquire(op, null);
        try {
            Scratch s = Scratch.get();
            s.value.set(JAVA_INT, 0, value);
            if (Libc.setsockopt(s.capture, fd, level, option, s.value, Integer.BYTES) < 0) {
                throw new NativeSocketException(op, Libc.errno(s.capture));
            }
        } finally {
            release();
        }
    }

    /** {@code setsockopt} with a structure; {@code what} names the operation in a failure. */
    void setBytes(int level, int option, MemorySegment value, String what) throws NativeSocketException {
        String op = what + " on " + name;
        acquire(op, null);
        try {
            Scratch s = Scratch.get();
            if (Libc.setsockopt(s.capture, fd, level, option, value, (int) value.byteSize()) < 0) {
                throw new NativeSocketException(op, Libc.errno(s.capture));
            }
        } finally {
            release();
        }
    }

    int getInt(int level, int option, String optionName) throws NativeSocketException {
        String op = "get " + optionName + " of " + name;
        acquire(op, null);
        try {
            Scratch s = Scratch.get();
            s.length.set(JAVA_INT, 0, Integer.BYTES);
            if (Libc.getsockopt(s.capture, fd, level, option, s.value, s.length) < 0) {
                throw new NativeSocketException(op, Libc.errno(s.capture));
            }
            return s.value.get(JAVA_INT, 0);
        } finally {
            release();
        }
    }

    /**
     * Receives a batch of datagrams with one {@code recvmmsg} call ({@code MSG_WAITFORONE}): blocks until at least
     * one datagram is there, then takes what else is queued, up to the batch's size.
     *
     * @param batch where to; its previous datagrams are overwritten
     * @return the number of datagrams, at least 1
     * @throws NativeSocketException if the call fails ({@link NativeSocketException#portUnreachable()} on a
     *         connected socket after ICMP port-unreachable), or {@linkplain NativeSocketException#closed() closed}
     *         if the socket is or gets closed
     */
    public int receive(ReceiveBatch batch) throws NativeSocketException {
        acquire("receive on ", name);
        try {
            for (;;) {
                int r = batch.call(fd);
                if (descriptor.closing()) {
                    throw NativeSocketException.closed("receive on " + name);
                }
                if (r < 0) {
                    int errno = Libc.errno(batch.capture);
                    if (errno == Libc.EINTR) {
                        continue;
                    }
                    throw new NativeSocketException("receive on " + name, errno);
                }
                int n = batch.parse(r);
                if (n > 0) {
                    return n;
                }
            }
        } finally {
            release();
        }
    }

    /**
     * Receives a batch as {@link #receive(ReceiveBatch)} does, waiting at most {@code timeoutMillis} for the first
     * datagram ({@code poll}, then a non-blocking {@code recvmmsg}): for a sender's wait for replies.
     *
     * @param batch where to; its previous datagrams are overwritten
     * @param timeoutMillis the longest wait, at least 1
     * @return the number of datagrams, or 0 if none arrived in time
     * @throws NativeSocketException as {@link #receive(ReceiveBatch)} does
     */
    public int receive(ReceiveBatch batch, long timeoutMillis) throws NativeSocketException {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("timeoutMillis must be at least 1, was " + timeoutMillis);
        }
        acquire("receive on ", name);
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            for (;;) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime() + 999_999);
                if (left <= 0) {
                    return 0;
                }
                int p = batch.poll(fd, (int) Math.min(Integer.MAX_VALUE, left));
                int r = p > 0 ? batch.call(fd, Libc.MSG_DONTWAIT) : p;
                if (descriptor.closing()) {
                    throw NativeSocketException.closed("receive on " + name);
                }
                if (r < 0) {
                    int errno = Libc.errno(batch.capture);
                    if (errno == Libc.EINTR || errno == Libc.EAGAIN) {
                        continue; // another receiver took it, or a signal: wait again for what is left
                    }
                    throw new NativeSocketException("receive on " + name, errno);
                }
                int n = r == 0 ? 0 : batch.parse(r);
                if (n > 0) {
                    return n;
                }
            }
        } finally {
            release();
        }
    }

    /**
     * Sends one datagram ({@code sendto}); an empty payload sends an empty datagram, also on a connected socket.
     *
     * @param payload the bytes between position and limit; the position is not changed
     * @param target where to, or {@code null} for the connected peer
     * @throws NativeSocketException naming the target
     */
    public void send(ByteBuffer payload, InetSocketAddress target) throws NativeSocketException {
        transmit(MemorySegment.ofBuffer(payload), target, null, -1); // a heap buffer is staged there
    }

    /**
     * Sends one datagram from native memory, without copying it.
     *
     * @param payload the bytes: a native segment (a heap segment is copied first)
     * @param target where to, or {@code null} for the connected peer
     * @throws NativeSocketException naming the target
     */
    public void send(MemorySegment payload, InetSocketAddress target) throws NativeSocketException {
        transmit(payload, target, null, -1);
    }

    /**
     * Sends one datagram with {@code sendmsg} and control messages: from a chosen local address ({@code IP_PKTINFO}
     * for an IPv4 target, {@code IPV6_PKTINFO} for an IPv6 one) and with a chosen TOS byte or traffic class
     * ({@code IP_TOS}, {@code IPV6_TCLASS}), for this datagram only.
     *
     * @param payload the bytes (a heap segment is copied first)
     * @param target where to, or {@code null} for the connected peer
     * @param source the local address to send from, or {@code null} for the kernel's choice
     * @param trafficClass the TOS byte or traffic class, 0 to 255, or -1 for the socket's
     * @throws NativeSocketException naming the target
     */
    public void send(MemorySegment payload, InetSocketAddress target, InetAddress source, int trafficClass)
            throws NativeSocketException {
        if (trafficClass < -1 || trafficClass > 255) {
            throw new IllegalArgumentException("trafficClass must be between -1 and 255, was " + trafficClass);
        }
        transmit(payload, target, source, trafficClass);
    }

    /**
     * The one send of a single datagram: {@code sendto} when nothing is asked of this datagram alone, {@code sendmsg}
     * with control messages otherwise; retried on {@code EINTR}.
     */
    private void transmit(MemorySegment payload, InetSocketAddress target, InetAddress source, int trafficClass)
            throws NativeSocketException {
        Scratch s = Scratch.get();
        MemorySegment bytes = payload;
        if (!payload.isNative()) {
            int length = Math.toIntExact(payload.byteSize());
            bytes = s.staging(length).asSlice(0, length);
            MemorySegment.copy(payload, 0, bytes, 0, length);
        }
        acquire("send from ", name);
        try {
            boolean plain = source == null && trafficClass < 0;
            MemorySegment addr = MemorySegment.NULL;
            int addrLength = 0;
            if (target != null) {
                try {
                    addr = s.target(target, family);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("send to " + target + " from " + name + ": " + e.getMessage(),
                            e);
                }
                addrLength = s.targetLength();
            }
            if (!plain) {
                InetSocketAddress to = target != null ? target : peer;
                boolean ipv4 = to == null ? family == Libc.AF_INET : to.getAddress() instanceof Inet4Address;
                message(s, bytes, addr, addrLength, source, ipv4, trafficClass);
            }
            boolean retriedTooLong = false;
            for (;;) {
                long r = plain ? Libc.sendto(s.capture, fd, bytes, bytes.byteSize(), 0, addr, addrLength)
                        : Libc.sendmsg(s.capture, fd, s.message, 0);
                if (r >= 0) {
                    return;
                }
                int errno = Libc.errno(s.capture);
                if (errno == Libc.EINTR) {
                    continue;
                }
                if (!retriedTooLong && lateTooLong(errno)) {
                    retriedTooLong = true;
                    continue;
                }
                throw sendFailure(errno, target, bytes.byteSize());
            }
        } finally {
            release();
        }
    }

    /**
     * Tells whether a send that failed with {@code errno} is tried once more before the error counts as its own: an
     * {@code EMSGSIZE} while the error queue is off. A connected socket whose earlier datagram met "fragmentation
     * needed" on the way fails its next call that way and sends nothing (path MTU discovery, the kernel's
     * {@code udp_err}), so only a second {@code EMSGSIZE} is the datagram's own. With the error queue on, the caller
     * drains the queue and knows which it was; a retry would queue a local refusal twice.
     */
    boolean lateTooLong(int errno) {
        return errno == Libc.EMSGSIZE && !receivesErrors;
    }

    /** Fills the thread's {@code msghdr} for one datagram with its control messages. */
    private static void message(Scratch s, MemorySegment bytes, MemorySegment addr, int addrLength,
                                InetAddress source, boolean ipv4, int trafficClass) {
        MemorySegment header = s.message;
        header.fill((byte) 0);
        header.set(ADDRESS, Msg.NAME, addr);
        header.set(JAVA_INT, Msg.NAMELEN, addrLength);
        s.iovec.set(ADDRESS, Msg.IOV_BASE, bytes);
        s.iovec.set(JAVA_LONG, Msg.IOV_LEN, bytes.byteSize());
        header.set(ADDRESS, Msg.IOV, s.iovec);
        header.set(JAVA_LONG, Msg.IOVLEN, 1);
        MemorySegment control = s.control;
        control.fill((byte) 0);
        long used = 0;
        if (source != null) {
            used += writePacketInfo(control, used, source, ipv4);
        }
        if (trafficClass >= 0) {
            used += writeInt(control, used, ipv4 ? Libc.IPPROTO_IP : Libc.IPPROTO_IPV6,
                    ipv4 ? Libc.IP_TOS : Libc.IPV6_TCLASS, trafficClass);
        }
        header.set(ADDRESS, Msg.CONTROL, control);
        header.set(JAVA_LONG, Msg.CONTROLLEN, used);
    }

    /** Writes {@code in_pktinfo} (ifindex 0, {@code ipi_spec_dst} the source) or {@code in6_pktinfo}; its space. */
    private static long writePacketInfo(MemorySegment control, long at, InetAddress source, boolean ipv4) {
        long header = Msg.cmsgAlign(Msg.CMSGHDR.byteSize());
        byte[] raw = source.getAddress();
        if (ipv4) {
            if (raw.length != 4) {
                throw new IllegalArgumentException("source " + source + " is not an IPv4 address, but the target is");
            }
            control.set(JAVA_LONG, at + Msg.CMSG_LEN_FIELD, Msg.cmsgLen(12));
            control.set(JAVA_INT, at + Msg.CMSG_LEVEL, Libc.IPPROTO_IP);
            control.set(JAVA_INT, at + Msg.CMSG_TYPE, Libc.IP_PKTINFO);
            MemorySegment.copy(raw, 0, control, JAVA_BYTE, at + header + 4, 4); // ipi_spec_dst
            return Msg.cmsgSpace(12);
        }
        if (raw.length != 16) {
            throw new IllegalArgumentException("source " + source + " is not an IPv6 address, but the target is");
        }
        control.set(JAVA_LONG, at + Msg.CMSG_LEN_FIELD, Msg.cmsgLen(20));
        control.set(JAVA_INT, at + Msg.CMSG_LEVEL, Libc.IPPROTO_IPV6);
        control.set(JAVA_INT, at + Msg.CMSG_TYPE, Libc.IPV6_PKTINFO);
        MemorySegment.copy(raw, 0, control, JAVA_BYTE, at + header, 16);
        control.set(JAVA_INT, at + header + 16, ((Inet6Address) source).getScopeId());
        return Msg.cmsgSpace(20);
    }

    private static long writeInt(MemorySegment control, long at, int level, int type, int value) {
        control.set(JAVA_LONG, at + Msg.CMSG_LEN_FIELD, Msg.cmsgLen(Integer.BYTES));
        control.set(JAVA_INT, at + Msg.CMSG_LEVEL, level);
        control.set(JAVA_INT, at + Msg.CMSG_TYPE, type);
        control.set(JAVA_INT, at + Msg.cmsgAlign(Msg.CMSGHDR.byteSize()), value);
        return Msg.CMSG_SPACE_INT;
    }

    /**
     * Reads the socket's error queue ({@code MSG_ERRQUEUE}) without blocking, once
     * {@link NativeSocketOptions#setReceiveErrors()} turned it on: a pending error fails the next receive or send
     * until it is read, and queued errors take room in the receive buffer.
     *
     * @param sink gets each error, on this thread
     * @return how many entries were read, at most {@value ErrorQueue#MAX_PER_DRAIN}
     * @throws NativeSocketException if the socket is closed
     */
    public int drainErrors(Consumer<QueuedError> sink) throws NativeSocketException {
        acquire("read the error queue of ", name);
        try {
            ErrorQueue queue = errorQueue;
            if (queue == null) {
                synchronized (this) {
                    queue = errorQueue;
                    if (queue == null) {
                        errorQueue = queue = new ErrorQueue();
                    }
                }
            }
            return queue.drain(fd, sink);
        } finally {
            release();
        }
    }

    /** One counter of {@code SO_MEMINFO}, unsigned. */
    long memInfo(int index) throws NativeSocketException {
        String op = "get SO_MEMINFO of " + name;
        acquire(op, null);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment values = arena.allocate(JAVA_INT, Libc.SK_MEMINFO_VARS);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, (int) values.byteSize());
            if (Libc.getsockopt(cs, fd, Libc.SOL_SOCKET, Libc.SO_MEMINFO, values, len) < 0) {
                throw new NativeSocketException(op, Libc.errno(cs));
            }
            if (len.get(JAVA_INT, 0) < (index + 1) * Integer.BYTES) {
                throw new NativeSocketException(op, Libc.ENOPROTOOPT);
            }
            return Integer.toUnsignedLong(values.getAtIndex(JAVA_INT, index));
        } finally {
            release();
        }
    }

    private NativeSocketException sendFailure(int errno, InetSocketAddress target, long bytes) {
        String op = "send " + bytes + " bytes to " + targetName(target) + " from " + name;
        return descriptor.closing() ? NativeSocketException.closed(op) : new NativeSocketException(op, errno);
    }

    /**
     * Sends a batch: as UDP GSO messages ({@code UDP_SEGMENT}) when all its datagrams go to one target in equal sizes
     * (the last may be shorter), at most 64 segments and 64 KiB per message, and with {@code sendmmsg} otherwise or
     * once this socket found GSO refused ({@code EIO}, {@code EINVAL}, {@code ENOPROTOOPT}, {@code EOPNOTSUPP}: the
     * batch is then resent without it). The batch is not cleared.
     *
     * @param batch the datagrams
     * @return the number sent: {@code batch.size()}
     * @throws PartialSendException if one failed: it says how many went out and which one failed, with the error
     * @throws NativeSocketException if the socket is closed
     */
    public int send(SendBatch batch) throws NativeSocketException {
        return send(batch, 0);
    }

    /**
     * Sends a batch's datagrams from {@code from} on, as {@link #send(SendBatch)} does: to go on after a
     * {@link PartialSendException} whose cause is gone (an earlier datagram's error, drained from the error queue).
     *
     * @param batch the datagrams
     * @param from the index of the first datagram to send, 0 to {@code batch.size()}
     * @return the number of the batch's datagrams sent in all, counting the {@code from} before: {@code batch.size()}
     * @throws PartialSendException if one failed: it says how many went out in all and which one failed
     * @throws NativeSocketException if the socket is closed
     */
    public int send(SendBatch batch, int from) throws NativeSocketException {
        if (from < 0 || from > batch.size()) {
            throw new IllegalArgumentException("from must be between 0 and " + batch.size() + ", was " + from);
        }
        acquire("send a batch from ", name);
        try {
            return BatchSender.send(this, batch, from);
        } finally {
            release();
        }
    }

    int fd() {
        return fd;
    }

    /** A datagram's target for messages: the address, or the connected peer's with "(connected)". */
    String targetName(InetSocketAddress target) {
        InetSocketAddress connected = peer;
        return target != null ? target.toString() : connected == null ? "the connected peer (not connected)"
                : connected + " (connected)";
    }

    int af() {
        return family;
    }

    String name() {
        return name;
    }

    boolean closing() {
        return descriptor.closing();
    }

    /** Whether GSO may be tried; probes the kernel once ({@code getsockopt UDP_SEGMENT}). */
    boolean gsoAllowed() {
        Gso g = gso;
        if (g == Gso.UNKNOWN) {
            try {
                getInt(Libc.IPPROTO_UDP, Libc.UDP_SEGMENT, "UDP_SEGMENT");
                gso = g = Gso.ON;
            } catch (NativeSocketException e) {
                gso = g = Gso.OFF;
            }
        }
        return g == Gso.ON;
    }

    void gsoRefused() {
        gso = Gso.OFF;
    }

    /** Takes a reference for one call, or fails naming the operation: {@code what} and {@code subject} joined. */
    private void acquire(String what, Object subject) throws NativeSocketException {
        if (!descriptor.acquire()) {
            throw NativeSocketException.closed(subject == null ? what : what + subject);
        }
    }

    private void release() {
        descriptor.release();
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return {@code false} once closing started
     */
    public boolean isOpen() {
        return !descriptor.closing();
    }

    /**
     * Closes the socket: wakes a blocked {@link #receive} (it fails as closed), and returns once the descriptor is
     * closed, which the last call still running does as it returns; waits at most 2 seconds for that (a send blocked
     * on a full buffer is woken too). Idempotent; may be called from any thread, also from one that receives.
     */
    @Override
    public void close() {
        descriptor.close(CLOSE_WAIT_MILLIS);
    }

    /**
     * Tells whether the file descriptor itself is closed (not only closing).
     *
     * @return {@code true} once no call uses it and it was closed
     */
    boolean descriptorClosed() {
        return descriptor.closed();
    }

    @Override
    public String toString() {
        return "NativeUdpSocket[" + name + (isOpen() ? "" : ", closed") + "]";
    }
}
