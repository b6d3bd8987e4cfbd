package io.github.udpkit;

import io.github.udpkit.internal.Args;
import io.github.udpkit.internal.Jfr;
import io.github.udpkit.internal.Sockets;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open UDP socket that sends datagrams, to one target or to many. Build one with {@link #builder()}.
 *
 * <pre>{@code
 * try (UdpSender sender = UdpSender.builder()
 *         .target("127.0.0.1", 5005)
 *         .build()) {
 *     sender.send("Hello, World!");
 * }
 * }</pre>
 *
 * <p><b>Oversize payloads fail fast.</b> A payload larger than UDP allows for the target's family (65,507 bytes over
 * IPv4, 65,527 over IPv6), or than the sender's own {@link Builder#maxDatagramSize(int) maxDatagramSize}, throws
 * {@link DatagramTooLargeException} before any system call: nothing is sent.
 *
 * <p><b>Connected mode.</b> With a {@linkplain Builder#target(String, int) target}, the socket is connected to it
 * (unless {@linkplain Builder#connected(boolean) told otherwise}): it then receives only from the target, and when
 * nothing listens there the operating system's ICMP "port unreachable" surfaces as
 * {@link UdpPortUnreachableException} on a later {@code send} or {@code receive}; the sender stays usable. A
 * {@code send} that throws it did not send its own payload: send it again if it matters. An unconnected sender sends
 * anywhere with {@code sendTo} and is never told about unreachable ports.
 *
 * <p><b>Empty datagrams</b> need an unconnected sender ({@code connected(false)}): the JDK's {@code DatagramChannel}
 * silently sends nothing for a zero-length payload on a connected socket, so a connected sender refuses one with a
 * {@link UdpException} rather than pretend it was sent.
 *
 * <p><b>Threading.</b> All methods may be called concurrently from any thread; each send is one datagram, never mixed
 * with another. Receives are served one at a time, each within its own timeout. A sender has no thread of its own.
 * Host names given to the builder are resolved once, when they are set: a target that moves needs a new sender. A
 * send or receive on a thread whose interrupt flag is set is refused with a {@link UdpException}: the JDK would
 * close the socket (a {@code DatagramChannel} is an {@code InterruptibleChannel}).
 *
 * @since 0.1
 */
public final class UdpSender implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpSender.class.getName());

    private final EngineSocket channel;
    /** The receive side, made on the first receive (its buffers are off the heap on the native engine). */
    private EngineSocket.Inbound inbound;
    private final int sendBufferSize;
    private final InetSocketAddress target;
    private final boolean connected;
    private final int maxDatagramSize;
    private final Charset charset;
    private final InetSocketAddress localAddress;
    /** Serves receives one at a time; a waiter gives up when its own timeout ends, not when the holder's does. */
    private final ReentrantLock receiveLock = new ReentrantLock();
    /** The largest datagram a receive returns as complete. */
    private final int receiveLimit;
    private final Sends sends;
    /** Send outcomes for {@link #stats()} and JFR. */
    private final SendOutcomes outcomes = new SendOutcomes();
    /** The periodic JFR stats hook, removed on close. */
    private final Object statsEvents;
    private volatile boolean closed;

    private UdpSender(Builder builder) {
        this.target = builder.target;
        this.connected = builder.target != null && builder.connected;
        this.maxDatagramSize = builder.maxDatagramSize;
        this.charset = builder.charset;
        this.receiveLimit = maxDatagramSize > 0 ? maxDatagramSize : UdpLimits.IPV6_MAX_PAYLOAD;
        Set<InetAddress> broadcastAddresses = builder.broadcast ? Set.of() : Sockets.broadcastAddresses();
        if (target != null) {
            Sends.reachable(builder.bindAddress, target, "target");
            if (broadcastAddresses.contains(target.getAddress())) {
                throw new UdpException("cannot send to the broadcast address " + target + ": broadcast is off; build "
                        + "the sender with broadcast(true) to send broadcasts");
            }
        }
        if (builder.dontFragment && builder.pathMtuDiscovery != null
                && builder.pathMtuDiscovery != PathMtuDiscovery.DO) {
            throw new IllegalStateException("dontFragment(true) is pathMtuDiscovery(DO) and contradicts "
                    + "pathMtuDiscovery(" + builder.pathMtuDiscovery + "); set only one of them");
        }
        this.channel = open(EngineSocket.resolve(builder.engine, null, builder.nativeOnlyOption()),
                builder.bindAddress != null ? builder.bindAddress : builder.target);
        try {
            this.sendBufferSize = configure(builder);
            try {
                channel.bind(builder.bindAddress);
            } catch (IOException e) {
                throw new UdpBindException(builder.bindAddress, e);
            }
            if (connected) {
                try {
                    channel.connect(target);
                } catch (IOException e) {
                    throw new UdpException("cannot connect the sender to " + target + ": " + e.getMessage(), e);
                }
            }
            this.localAddress = channel.localAddress();
            this.sends = new Sends(channel, "sender", localAddress, maxDatagramSize, charset,
                    connected ? target : null, connected && !channel.sendsEmptyWhenConnected(), broadcastAddresses,
                    () -> closed, outcomes);
            this.statsEvents = StatsEvents.register(this);
        } catch (IOException e) {
            close();
            throw new UdpException("cannot read the sender's local address: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private int configure(Builder builder) {
        if (builder.broadcast) {
            set(StandardSocketOptions.SO_BROADCAST, true, "broadcast(true)");
        }
        if (builder.trafficClass >= 0) {
            set(StandardSocketOptions.IP_TOS, builder.trafficClass, "trafficClass(" + builder.trafficClass + ")");
        }
        if (builder.multicastInterface != null) {
            set(StandardSocketOptions.IP_MULTICAST_IF, builder.multicastInterface,
                    "multicastInterface(" + builder.multicastInterface.getName() + ")");
        }
        if (builder.multicastTtl >= 0) {
            set(StandardSocketOptions.IP_MULTICAST_TTL, builder.multicastTtl,
                    "multicastTtl(" + builder.multicastTtl + ")");
        }
        if (builder.multicastLoopback != null) {
            set(StandardSocketOptions.IP_MULTICAST_LOOP, builder.multicastLoopback,
                    "multicastLoopback(" + builder.multicastLoopback + ")");
        }
        boolean nativeEngine = channel.engine() == UdpEngine.NATIVE;
        if (builder.dontFragment && !nativeEngine) {
            set(Sockets.dontFragmentOption(), true, "dontFragment(true)");
        }
        try {
            if (builder.ttl > 0) {
                channel.ttl(builder.ttl);
            }
            // on the native engine, Don't Fragment is what the JDK's IP_DONTFRAGMENT sets on Linux: IP_PMTUDISC_DO
            PathMtuDiscovery mode = builder.dontFragment && nativeEngine ? PathMtuDiscovery.DO
                    : builder.pathMtuDiscovery;
            if (mode != null) {
                channel.pathMtuDiscovery(mode);
            }
            if (builder.onIcmpError != null) {
                channel.icmpErrors(UdpReceiver.icmpSink(builder.onIcmpError, null, "sender", this::localAddress));
            }
        } catch (IOException e) {
            throw new UdpException("cannot set " + builder.nativeOnlyOption() + " on the sender's socket: "
                    + e.getMessage(), e);
        }
        try {
            return Sockets.bufferSize(channel, StandardSocketOptions.SO_SNDBUF, builder.sendBufferSize, 0,
                    "sendBufferSize", LOG);
        } catch (IOException e) {
            throw new UdpException("cannot set sendBufferSize on the sender's socket: " + e.getMessage(), e);
        }
    }

    private <T> void set(java.net.SocketOption<T> option, T value, String what) {
        try {
            channel.set(option, value);
        } catch (IOException e) {
            throw new UdpException("cannot set " + what + " on the sender's socket: " + e.getMessage(), e);
        }
    }

    /**
     * Returns a new builder. Builders are not thread-safe; the senders they build are.
     *
     * @return a builder with the defaults described on each of its methods
     */
    public static Builder builder() {
        return new Builder();
    }

    private static EngineSocket open(UdpEngine engine, InetSocketAddress familyHint) {
        if (familyHint == null || familyHint.getAddress().isAnyLocalAddress()) {
            return EngineSocket.open(engine, null); // dual-stack IPv6 where the system has it, as the JDK's default
        }
        return EngineSocket.open(engine, familyHint.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    }

    /**
     * Sends text to the target, encoded with the sender's charset (UTF-8 unless configured).
     *
     * @param text the text; its encoded bytes are one datagram
     * @throws NullPointerException if {@code text} is {@code null}
     * @throws IllegalStateException if the sender has no target or is closed
     * @throws DatagramTooLargeException if the encoded text exceeds the limit; nothing is sent
     * @throws UdpPortUnreachableException if an earlier datagram to the connected target was refused
     * @throws UdpException if the operating system refuses the send
     */
    public void send(String text) {
        Args.notNull(text, "text");
        sends.text(requireTarget(), text, null);
    }

    /**
     * Sends a byte array to the target as one datagram.
     *
     * @param payload the bytes
     * @throws NullPointerException if {@code payload} is {@code null}
     * @throws IllegalStateException if the sender has no target or is closed
     * @throws DatagramTooLargeException if the payload exceeds the limit; nothing is sent
     * @throws UdpPortUnreachableException if an earlier datagram to the connected target was refused
     * @throws UdpException if the operating system refuses the send, or the payload is empty and the sender
     *     connected (see the class documentation)
     */
    public void send(byte[] payload) {
        Args.notNull(payload, "payload");
        send(payload, 0, payload.length);
    }

    /**
     * Sends a slice of a byte array to the target as one datagram.
     *
     * @param payload the array
     * @param offset where the slice starts
     * @param length how many bytes to send
     * @throws NullPointerException if {@code payload} is {@code null}
     * @throws IndexOutOfBoundsException if the slice does not fit the array
     * @throws IllegalStateException if the sender has no target or is closed
     * @throws DatagramTooLargeException if the slice exceeds the limit; nothing is sent
     * @throws UdpPortUnreachableException if an earlier datagram to the connected target was refused
     * @throws UdpException if the operating system refuses the send
     */
    public void send(byte[] payload, int offset, int length) {
        Args.slice(payload, offset, length, "payload");
        sends.slice(requireTarget(), payload, offset, length, null); // no allocation, no lock
    }

    /**
     * Sends a buffer's remaining bytes to the target as one datagram and advances its position to its limit.
     *
     * @param payload the bytes between position and limit
     * @throws NullPointerException if {@code payload} is {@code null}
     * @throws IllegalStateException if the sender has no target or is closed
     * @throws DatagramTooLargeException if the payload exceeds the limit; nothing is sent
     * @throws UdpPortUnreachableException if an earlier datagram to the connected target was refused
     * @throws UdpException if the operating system refuses the send
     */
    public void send(ByteBuffer payload) {
        Args.notNull(payload, "payload");
        sends.buffer(requireTarget(), payload, null);
    }

    /**
     * Sends a buffer's remaining bytes to the target with an ECN codepoint for this datagram only (an
     * {@code IP_TOS} / {@code IPV6_TCLASS} control message; the DSCP bits of
     * {@link Builder#trafficClass(int) trafficClass} are kept), and advances its position. QUIC sends with
     * {@link Ecn#ECT_0} this way, and without it ({@link Ecn#NOT_ECT}) while it validates the path. Native engine only.
     *
     * @param payload the bytes between position and limit
     * @param ecn the codepoint
     * @throws NullPointerException if an argument is {@code null}
     * @throws UnsupportedOperationException if the sender runs on the NIO engine
     * @throws IllegalStateException if the sender has no target or is closed
     * @throws DatagramTooLargeException if the payload exceeds the limit; nothing is sent
     * @throws UdpException if the operating system refuses the send
     * @since 0.2
     */
    public void send(ByteBuffer payload, Ecn ecn) {
        Args.notNull(payload, "payload");
        sends.buffer(requireTarget(), payload, null, null, requireNative(Args.notNull(ecn, "ecn")));
    }

    /**
     * Sends a buffer's remaining bytes to any address with an ECN codepoint for this datagram only; see
     * {@link #send(ByteBuffer, Ecn)}. Native engine only.
     *
     * @param to where to send
     * @param payload the bytes between position and limit
     * @param ecn the codepoint
     * @throws NullPointerException if an argument is {@code null}
     * @throws UnsupportedOperationException if the sender runs on the NIO engine
     * @throws IllegalArgumentException if {@code to} is unresolved, its port is 0, or the socket's address family
     *     cannot reach it
     * @throws IllegalStateException if the sender is closed, or connected to a different target
     * @throws DatagramTooLargeException if the payload exceeds the limit; nothing is sent
     * @throws UdpException if the operating system refuses the send
     * @since 0.2
     */
    public void sendTo(InetSocketAddress to, ByteBuffer payload, Ecn ecn) {
        Args.resolved(to, "to");
        Args.notNull(payload, "payload");
        sends.buffer(to, payload, "to", null, requireNative(Args.notNull(ecn, "ecn")));
    }

    private Ecn requireNative(Ecn ecn) {
        if (channel.engine() != UdpEngine.NATIVE) {
            throw new UnsupportedOperationException("a send with an ECN codepoint (" + ecn + ") needs the native "
                    + "engine; this sender runs on " + channel.engine());
        }
        return ecn;
    }

    /**
     * Returns the path MTU the kernel knows for the target of a connected sender ({@code IP_MTU},
     * {@code IPV6_MTU}): the route's MTU, lowered by each "fragmentation needed" or "packet too big" a router sent
     * back. The largest payload that fits is that less 28 bytes (IPv4 and UDP headers) or 48 (IPv6). With
     * {@link Builder#pathMtuDiscovery(PathMtuDiscovery) pathMtuDiscovery(DO)} a larger send is refused with a
     * {@link DatagramTooLargeException} that names the path MTU. Native engine only.
     *
     * @return the MTU in bytes; empty for an unconnected sender, a closed one, or on the NIO engine
     * @since 0.2
     */
    public OptionalInt pathMtu() {
        if (!connected || closed) {
            return OptionalInt.empty();
        }
        int mtu = channel.pathMtu();
        return mtu > 0 ? OptionalInt.of(mtu) : OptionalInt.empty();
    }

    private InetSocketAddress requireTarget() {
        if (target == null) {
            throw new IllegalStateException("sender has no target; set target(...) on the builder or use sendTo(...)");
        }
        return target;
    }

    /**
     * Sends text to any address, encoded with the sender's charset; see {@link #sendTo(InetSocketAddress, ByteBuffer)}.
     *
     * @param to where to send
     * @param text the text
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code to} is unresolved, its port is 0, or the socket's address family
     *     cannot reach it
     * @throws IllegalStateException if the sender is closed, or connected to a different target
     * @throws DatagramTooLargeException if the encoded text exceeds the limit; nothing is sent
     * @throws UdpException if the operating system refuses the send
     */
    public void sendTo(InetSocketAddress to, String text) {
        Args.notNull(text, "text");
        sends.text(to, text, "to");
    }

    /**
     * Sends a byte array to any address; see {@link #sendTo(InetSocketAddress, ByteBuffer)}.
     *
     * @param to where to send
     * @param payload the bytes
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code to} is unresolved, its port is 0, or the socket's address family
     *     cannot reach it
     * @throws IllegalStateException if the sender is closed, or connected to a different target
     * @throws DatagramTooLargeException if the payload exceeds the limit; nothing is sent
     * @throws UdpException if the operating system refuses the send
     */
    public void sendTo(InetSocketAddress to, byte[] payload) {
        Args.notNull(payload, "payload");
        sends.slice(to, payload, 0, payload.length, "to");
    }

    /**
     * Sends a slice of a byte array to any address as one datagram; see {@link #sendTo(InetSocketAddress, ByteBuffer)}.
     *
     * @param to where to send
     * @param payload the array
     * @param offset where the slice starts
     * @param length how many bytes to send
     * @throws NullPointerException if an argument is {@code null}
     * @throws IndexOutOfBoundsException if the slice does not fit the array
     * @throws IllegalArgumentException if {@code to} is unresolved, its port is 0, or the socket's address family
     *     cannot reach it
     * @throws IllegalStateException if the sender is closed, or connected to a different target
     * @throws DatagramTooLargeException if the slice exceeds the limit; nothing is sent
     * @throws UdpException if the operating system refuses the send
     * @since 0.2
     */
    public void sendTo(InetSocketAddress to, byte[] payload, int offset, int length) {
        Args.slice(payload, offset, length, "payload");
        sends.slice(to, payload, offset, length, "to");
    }

    /**
     * Sends a buffer's remaining bytes to any address as one datagram and advances its position. A connected sender
     * may only send to its own target.
     *
     * @param to where to send
     * @param payload the bytes between position and limit
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code to} is unresolved, its port is 0, or the socket's address family
     *     cannot reach it
     * @throws IllegalStateException if the sender is closed, or connected to a different target
     * @throws DatagramTooLargeException if the payload exceeds the limit; nothing is sent
     * @throws UdpException if the operating system refuses the send
     */
    public void sendTo(InetSocketAddress to, ByteBuffer payload) {
        Args.resolved(to, "to");
        Args.notNull(payload, "payload");
        sends.buffer(to, payload, "to");
    }

    /**
     * Waits for one datagram on the sender's own socket, for request/response protocols. A connected sender receives
     * only from its target. A datagram larger than the sender's {@code maxDatagramSize} (or the UDP maximum) is
     * returned with {@link Datagram#truncated()} set and only its first bytes.
     *
     * <p>Receives are served one at a time: a call made while another thread receives waits for it, but never longer
     * than its own timeout.
     *
     * @param timeout how long to wait at most; {@code Duration.ofSeconds(Long.MAX_VALUE)} (or any duration too long
     *     to count in nanoseconds, about 292 years) waits without a time limit
     * @return the datagram, or empty if none arrived within the timeout
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws IllegalStateException if the sender is closed
     * @throws UdpPortUnreachableException if an earlier datagram to the connected target was refused
     * @throws UdpException if the operating system reports another error, or the thread is interrupted (before the
     *     call, or while it waits for another thread's receive: the socket then stays open)
     */
    public Optional<Datagram> receive(Duration timeout) {
        Args.positive(timeout, "timeout");
        if (closed) {
            throw new IllegalStateException("sender is closed; cannot receive on " + localAddress);
        }
        Sends.refuseIfInterrupted("receive on", localAddress);
        long nanos = Args.saturatedNanos(timeout);
        boolean forever = nanos == Long.MAX_VALUE;
        long deadline = System.nanoTime() + (forever ? 0 : nanos);
        try {
            if (forever) {
                receiveLock.lockInterruptibly();
            } else if (!receiveLock.tryLock(nanos, TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UdpException("receive on " + localAddress + " was interrupted while it waited for another "
                    + "thread's receive to finish; the socket stays open", e);
        }
        try {
            return receiveLocked(forever, deadline);
        } finally {
            receiveLock.unlock();
        }
    }

    private Optional<Datagram> receiveLocked(boolean forever, long deadline) {
        int read;
        try {
            if (inbound == null) {
                inbound = channel.inbound(receiveLimit, 1, false);
            }
            for (read = 0; read == 0;) { // one round, or one per Integer.MAX_VALUE ms (24.8 days) of a long timeout
                if (forever) {
                    read = inbound.receive();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                read = inbound.receive(Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            }
        } catch (PortUnreachableException e) {
            throw new UdpPortUnreachableException(target, e);
        } catch (ClosedByInterruptException e) {
            throw new UdpException("receive on " + localAddress + " was interrupted: the thread's interrupt "
                    + "closed the sender's socket (a DatagramChannel is an InterruptibleChannel)", e);
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("sender is closed; cannot receive on " + localAddress, e);
        } catch (IOException e) {
            if (closed) {
                throw new IllegalStateException("sender is closed; cannot receive on " + localAddress, e);
            }
            if (!channel.isOpen() && Thread.currentThread().isInterrupted()) {
                throw new UdpException("receive on " + localAddress + " was interrupted: the thread's interrupt "
                        + "closed the sender's socket (a DatagramChannel is an InterruptibleChannel)", e);
            }
            throw new UdpException("receive on " + localAddress + " failed: " + e.getMessage(), e);
        }
        int kept = inbound.keptLength(0);
        byte[] payload = new byte[kept];
        inbound.buffer(0).get(0, payload, 0, kept);
        Instant now = Instant.now();
        return Optional.of(Datagram.adopt(inbound.sender(0), payload, now.getEpochSecond(), now.getNano(),
                inbound.truncated(0), inbound.realLength(0)));
    }

    /**
     * Returns the local address the sender's socket is bound to.
     *
     * @return the local IP address and port
     */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Returns the target set on the builder.
     *
     * @return the target, or empty if the sender only uses {@code sendTo}
     */
    public Optional<InetSocketAddress> target() {
        return Optional.ofNullable(target);
    }

    /**
     * Returns the socket's send buffer size ({@code SO_SNDBUF}) as the operating system reports it.
     *
     * @return the effective kernel send buffer size in bytes
     */
    public int sendBufferSize() {
        return sendBufferSize;
    }

    /**
     * Makes a reusable batch of datagrams for {@link #send(DatagramBatch)}; see {@link DatagramBatch}. Its
     * {@code add} methods without a target add to this sender's target.
     *
     * @param maxDatagrams the most datagrams it holds, 1 to 1,024
     * @return an empty batch; close it when done
     * @throws IllegalArgumentException if {@code maxDatagrams} is outside 1 to 1,024
     * @throws IllegalStateException if the sender is closed
     * @since 0.2
     */
    public DatagramBatch newBatch(int maxDatagrams) {
        return sends.newBatch(maxDatagrams, target);
    }

    /**
     * Sends every datagram of a batch, in order, in as few system calls as the engine allows: UDP GSO when they all
     * go to one target in one size (the last may be shorter) and the kernel takes it, {@code sendmmsg} otherwise, a
     * loop of sends on NIO. The batch is not cleared. Counted in {@link #stats()}: once in {@code batches()}, each
     * datagram in {@code segments()} and {@code sent()}.
     *
     * @param batch a batch made by this sender's {@link #newBatch(int)}
     * @return the datagrams sent, the batch's size
     * @throws NullPointerException if {@code batch} is {@code null}
     * @throws IllegalArgumentException if the batch was made by another sender or receiver
     * @throws IllegalStateException if the sender or the batch is closed
     * @throws BatchSendException if a datagram failed: it says how many went out before it and which one failed
     * @since 0.2
     */
    public int send(DatagramBatch batch) {
        return sends.send(batch);
    }

    /**
     * Returns what the sender has sent so far; see {@link SenderStats} for how the counters add up. May be called at
     * any time, also after {@link #close()}.
     *
     * @return a snapshot of the counters
     * @since 0.2
     */
    public SenderStats stats() {
        return outcomes.snapshot();
    }

    /**
     * Tells whether the socket is connected to the target.
     *
     * @return {@code true} in connected mode
     */
    public boolean isConnected() {
        return connected;
    }

    /**
     * Tells whether the sender is open.
     *
     * @return {@code false} once {@link #close()} was called, or once its socket was closed otherwise (an interrupt
     *     that reached a blocked {@code receive} closes it, as for any {@code InterruptibleChannel})
     */
    public boolean isOpen() {
        return !closed && channel.isOpen();
    }

    /**
     * Closes the socket. Idempotent; safe to call from any thread. A {@link #receive(Duration)} waiting on another
     * thread then fails with {@link IllegalStateException}, and later sends fail with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        closed = true;
        Jfr.stopPeriodic(statsEvents);
        try {
            channel.close(); // wakes a receive blocked in it, which then gives the lock up
        } catch (IOException e) {
            System.getLogger(UdpSender.class.getName()).log(System.Logger.Level.DEBUG, "closing a sender failed", e);
        }
        receiveLock.lock();
        try {
            if (inbound != null) {
                inbound.free();
                inbound = null;
            }
        } finally {
            receiveLock.unlock();
        }
    }

    /**
     * Returns the engine the sender runs on: {@link UdpEngine#NIO} or {@link UdpEngine#NATIVE}, never
     * {@code AUTO}.
     *
     * @return the engine chosen when it was built
     * @since 0.2
     */
    public UdpEngine engine() {
        return channel.engine();
    }

    @Override
    public String toString() {
        return "UdpSender[" + localAddress + (target == null ? "" : " -> " + target) + (closed ? ", closed" : "") + "]";
    }

    /**
     * Configures and opens a {@link UdpSender}. Each setter checks its argument at once and names it in the error. Not
     * thread-safe: use a builder from one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private InetSocketAddress target;
        private InetSocketAddress bindAddress;
        private boolean connected = true;
        private int maxDatagramSize;
        private Charset charset = StandardCharsets.UTF_8;
        private boolean broadcast;
        private int trafficClass = -1;
        private NetworkInterface multicastInterface;
        private int multicastTtl = -1;
        private Boolean multicastLoopback;
        private int sendBufferSize;
        private boolean dontFragment;
        private UdpEngine engine = UdpEngine.AUTO;
        private int ttl;
        private PathMtuDiscovery pathMtuDiscovery;
        private IcmpErrorListener onIcmpError;

        private Builder() {
        }

        /**
         * Sets the address that {@code send} sends to. If never called, the sender has no target and sends only with
         * {@code sendTo}.
         *
         * @param host a host name or literal IP address
         * @param port the port, 1 to 65535
         * @return this builder
         * @throws NullPointerException if {@code host} is {@code null}
         * @throws IllegalArgumentException if {@code host} is blank or cannot be resolved, or {@code port} is outside
         *     1 to 65535
         */
        public Builder target(String host, int port) {
            this.target = Args.destination(host, port);
            return this;
        }

        /**
         * Sets the address that {@code send} sends to; see {@link #target(String, int)}.
         *
         * @param address the target address
         * @return this builder
         * @throws NullPointerException if {@code address} is {@code null}
         * @throws IllegalArgumentException if {@code address} is unresolved or its port is 0
         */
        public Builder target(InetSocketAddress address) {
            this.target = Args.destination(address, "target");
            return this;
        }

        /**
         * Binds the sender's socket to a local address, which is where replies come back. If never called, the
         * operating system picks the source address and a free port.
         *
         * @param host a host name or literal IP address of this machine
         * @param port the port, or 0 for a free one
         * @return this builder
         * @throws NullPointerException if {@code host} is {@code null}
         * @throws IllegalArgumentException if {@code host} is blank or cannot be resolved, or {@code port} is outside
         *     0 to 65535
         */
        public Builder bind(String host, int port) {
            this.bindAddress = Args.socketAddress(host, port, "host", "port");
            return this;
        }

        /**
         * Binds the sender's socket to a local address; see {@link #bind(String, int)}.
         *
         * @param address the local address
         * @return this builder
         * @throws NullPointerException if {@code address} is {@code null}
         * @throws IllegalArgumentException if {@code address} is unresolved
         */
        public Builder bind(InetSocketAddress address) {
            this.bindAddress = Args.resolved(address, "address");
            return this;
        }

        /**
         * Chooses whether a sender with a target connects its socket to it. Connected (the default) receives only from
         * the target and reports unreachable ports; unconnected can also {@code sendTo} other addresses.
         *
         * @param connected {@code false} to keep the socket unconnected
         * @return this builder
         */
        public Builder connected(boolean connected) {
            this.connected = connected;
            return this;
        }

        /**
         * Sets the largest payload this sender accepts, below the protocol maximum; for example 1,472 bytes to avoid
         * IP fragmentation on Ethernet. Larger payloads throw {@link DatagramTooLargeException}. Also the size above
         * which {@link UdpSender#receive(Duration)} reports a reply as truncated. If never called, the limit is the
         * protocol maximum for the target's family (65,507 bytes over IPv4, 65,527 over IPv6).
         *
         * @param bytes the limit, 1 to 65,527
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is outside 1 to 65,527
         */
        public Builder maxDatagramSize(int bytes) {
            this.maxDatagramSize = Args.inRange(bytes, 1, UdpLimits.IPV6_MAX_PAYLOAD, "maxDatagramSize");
            return this;
        }

        /**
         * Sets the charset that {@code send(String)} encodes with. If never called, UTF-8.
         *
         * @param charset the charset
         * @return this builder
         * @throws NullPointerException if {@code charset} is {@code null}
         */
        public Builder charset(Charset charset) {
            this.charset = Args.notNull(charset, "charset");
            return this;
        }

        /**
         * Allows sending to broadcast addresses ({@code SO_BROADCAST}). If never called, broadcast is off, and a
         * send to 255.255.255.255 or to a broadcast address of this machine's interfaces throws a
         * {@link UdpException} naming this option, instead of the operating system's bare "Permission denied".
         *
         * @param broadcast {@code true} to allow broadcasts
         * @return this builder
         */
        public Builder broadcast(boolean broadcast) {
            this.broadcast = broadcast;
            return this;
        }

        /**
         * Sets the IP traffic class ({@code IP_TOS}; for DSCP, shift the code point left by 2: EF = 46 becomes 184).
         * If never called, the operating system's default (0) applies.
         *
         * @param trafficClass the type-of-service byte, 0 to 255
         * @return this builder
         * @throws IllegalArgumentException if {@code trafficClass} is outside 0 to 255
         */
        public Builder trafficClass(int trafficClass) {
            this.trafficClass = Args.inRange(trafficClass, 0, 255, "trafficClass");
            return this;
        }

        /**
         * Sets the interface multicast datagrams leave from ({@code IP_MULTICAST_IF}). If never called, the operating
         * system chooses by its routing table.
         *
         * @param networkInterface the outgoing interface
         * @return this builder
         * @throws NullPointerException if {@code networkInterface} is {@code null}
         */
        public Builder multicastInterface(NetworkInterface networkInterface) {
            this.multicastInterface = Args.notNull(networkInterface, "networkInterface");
            return this;
        }

        /**
         * Sets the interface multicast datagrams leave from, by name; see
         * {@link #multicastInterface(NetworkInterface)}.
         *
         * @param networkInterface the interface's name, for example {@code eth0} or {@code lo}
         * @return this builder
         * @throws NullPointerException if {@code networkInterface} is {@code null}
         * @throws IllegalArgumentException if no such interface exists (the message lists those that do)
         */
        public Builder multicastInterface(String networkInterface) {
            return multicastInterface(Sockets.interfaceNamed(networkInterface, "networkInterface"));
        }

        /**
         * Sets how many routers multicast datagrams may cross: the IPv4 TTL or IPv6 hop limit
         * ({@code IP_MULTICAST_TTL}). If never called, 1: the local network only.
         *
         * @param ttl 0 (this host only) to 255
         * @return this builder
         * @throws IllegalArgumentException if {@code ttl} is outside 0 to 255
         */
        public Builder multicastTtl(int ttl) {
            this.multicastTtl = Args.inRange(ttl, 0, 255, "ttl");
            return this;
        }

        /**
         * Chooses whether this host's own multicast receivers get the multicast datagrams it sends
         * ({@code IP_MULTICAST_LOOP}). If never called, the operating system's default applies (on, on Linux).
         *
         * @param loopback {@code true} to deliver own multicast locally too
         * @return this builder
         */
        public Builder multicastLoopback(boolean loopback) {
            this.multicastLoopback = loopback;
            return this;
        }

        /**
         * Asks for a kernel send buffer ({@code SO_SNDBUF}) of this size. The effective size is read back
         * ({@link UdpSender#sendBufferSize()}) and a {@code WARNING} names {@code net.core.wmem_max} when the operating
         * system granted less. If never called, the operating system's default applies.
         *
         * @param bytes the size to ask for, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1
         */
        public Builder sendBufferSize(int bytes) {
            this.sendBufferSize = Args.inRange(bytes, 1, Integer.MAX_VALUE, "sendBufferSize");
            return this;
        }

        /**
         * Chooses the engine that makes the system calls; see {@link UdpEngine} for what each can do. If never
         * called, {@link UdpEngine#AUTO}: the native engine where it runs without a JDK warning, NIO elsewhere (and
         * NIO when an option only NIO has is set, such as {@link #dontFragment(boolean) dontFragment}).
         * {@link UdpSender#engine()} says which one runs. On the native engine a connected sender also sends empty
         * datagrams.
         *
         * @param engine the engine
         * @return this builder
         * @throws NullPointerException if {@code engine} is {@code null}
         * @since 0.2
         */
        public Builder engine(UdpEngine engine) {
            this.engine = Args.notNull(engine, "engine");
            return this;
        }

        /**
         * Sets the IPv4 don't-fragment bit ({@code IP_DONTFRAGMENT}), so that a datagram too large for the path is
         * refused instead of fragmented. On the NIO engine it needs JDK 19 or later ({@code IP_DONTFRAGMENT}): on
         * JDK 17 and 18, {@link #build()} fails with an {@link UnsupportedOperationException} that says so. On the
         * native engine it is {@link #pathMtuDiscovery(PathMtuDiscovery) pathMtuDiscovery(DO)}, which is what the
         * JDK's option sets on Linux; with another {@code pathMtuDiscovery} mode, {@link #build()} is refused. If never
         * called, the operating system's default applies.
         *
         * @param dontFragment {@code true} to set the bit
         * @return this builder
         */
        public Builder dontFragment(boolean dontFragment) {
            this.dontFragment = dontFragment;
            return this;
        }

        /**
         * Sets the IPv4 time-to-live or IPv6 hop limit of unicast datagrams ({@code IP_TTL},
         * {@code IPV6_UNICAST_HOPS}); for multicast see {@link #multicastTtl(int)}. Native engine only: with
         * {@link UdpEngine#AUTO} the sender then runs on it, and {@link #build()} is refused, saying why, where it
         * cannot. If never called, the system's default (64 on Linux).
         *
         * @param hops 1 to 255
         * @return this builder
         * @throws IllegalArgumentException if {@code hops} is outside 1 to 255
         * @since 0.2
         */
        public Builder ttl(int hops) {
            this.ttl = Args.inRange(hops, 1, 255, "ttl");
            return this;
        }

        /**
         * Sets how the sender's datagrams take part in path MTU discovery ({@code IP_MTU_DISCOVER},
         * {@code IPV6_MTU_DISCOVER}); with {@link PathMtuDiscovery#DO}, {@link UdpSender#pathMtu()} follows what
         * routers report, and a send over it is refused. Native engine only, as {@link #ttl(int)}. If never called,
         * the system's default ({@link PathMtuDiscovery#WANT} on Linux).
         *
         * @param mode the mode
         * @return this builder
         * @throws NullPointerException if {@code mode} is {@code null}
         * @since 0.2
         */
        public Builder pathMtuDiscovery(PathMtuDiscovery mode) {
            this.pathMtuDiscovery = Args.notNull(mode, "mode");
            return this;
        }

        /**
         * Reports the ICMP errors the kernel gets for this sender's datagrams, connected or not: port or host
         * unreachable, fragmentation needed with the MTU, TTL exceeded, each with the original destination
         * ({@code IP_RECVERR}, {@code IPV6_RECVERR}). The kernel reports a pending error on the socket's next call, so
         * the sender drains the error queue when a send, a batch send (or {@link UdpSender#receive(java.time.Duration)
         * receive}) fails that way, hands each error to the listener on that thread, and sends the datagram again (a
         * batch goes on from the datagram that failed): an earlier datagram's error never fails a later send. The
         * listener must not throw (what it throws is logged). Native engine only, as {@link #ttl(int)}. If never
         * called, unconnected senders hear of no ICMP error (the kernel's default) and connected ones see port
         * unreachable as {@link UdpPortUnreachableException}.
         *
         * @param listener gets each error
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         * @since 0.2
         */
        public Builder onIcmpError(IcmpErrorListener listener) {
            this.onIcmpError = Args.notNull(listener, "listener");
            return this;
        }

        /** The options given that only the native engine has, or {@code null}. */
        String nativeOnlyOption() {
            java.util.List<String> asked = new java.util.ArrayList<>();
            if (ttl > 0) {
                asked.add("ttl(" + ttl + ")");
            }
            if (pathMtuDiscovery != null) {
                asked.add("pathMtuDiscovery(" + pathMtuDiscovery + ")");
            }
            if (onIcmpError != null) {
                asked.add("onIcmpError");
            }
            return asked.isEmpty() ? null : String.join(" and ", asked);
        }

        /**
         * Opens the socket, binds it and, in connected mode, connects it to the target.
         *
         * @return the open sender; close it when done
         * @throws UdpBindException if the local address cannot be bound
         * @throws UdpException if the socket cannot be opened, configured or connected, or the target is a broadcast
         *     address and {@link #broadcast(boolean) broadcast} is off
         * @throws UnsupportedOperationException if {@link #dontFragment(boolean) dontFragment} is set on JDK 17 or 18
         */
        public UdpSender build() {
            return new UdpSender(this);
        }
    }
}
