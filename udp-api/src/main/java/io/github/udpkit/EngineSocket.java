package io.github.udpkit;

import io.github.udpkit.internal.Sockets;
import io.github.udpkit.internal.linux.LinuxNative;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The engine seam: one UDP socket as an engine opens it, and everything {@link UdpReceiver}, {@link ReceiveLoop},
 * {@link UdpSender} and {@link Sends} ask of it. The public classes never branch on the engine; each engine maps its
 * failures onto the JDK's exception types ({@code ClosedChannelException} when closed,
 * {@code PortUnreachableException} for ICMP port unreachable, {@code IOException} with the operating system's message
 * otherwise), so that the messages udpkit builds from them are the same on both.
 *
 * <p>Implementations: {@link NioEngineSocket} (every JDK) and {@code NativeEngineSocket} (in
 * {@code META-INF/versions/22}, reached through {@link NativeEngine}).
 */
abstract class EngineSocket implements Sockets.OptionAccess {

    /**
     * Opens a socket on the engine asked for.
     *
     * @param requested the builder's choice
     * @param family the socket's address family
     * @return an unbound socket
     * @throws UdpException if the native engine was asked for and cannot run here (saying why and the flag to add),
     *     or the operating system refuses a socket
     */
    static EngineSocket open(UdpEngine requested, ProtocolFamily family) {
        UdpEngine engine = resolve(requested, null);
        try {
            return engine == UdpEngine.NATIVE ? NativeEngine.open(family) : NioEngineSocket.open(family);
        } catch (IOException e) {
            throw new UdpException("cannot open a UDP socket (" + family + ", " + engine + " engine): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Resolves {@link UdpEngine#AUTO} to the engine that runs here.
     *
     * @param requested the builder's choice
     * @param nioOnly the option the builder was given that only the NIO engine has (AUTO then picks NIO, NATIVE is
     *     refused), or {@code null}
     * @return {@link UdpEngine#NIO} or {@link UdpEngine#NATIVE}
     * @throws UdpException if {@code NATIVE} was asked for and cannot run here
     * @throws IllegalStateException if {@code NATIVE} was asked for together with an option only NIO has
     */
    static UdpEngine resolve(UdpEngine requested, String nioOnly) {
        return resolve(requested, nioOnly, null);
    }

    /**
     * Resolves {@link UdpEngine#AUTO} as {@link #resolve(UdpEngine, String)} does, and also for an option only the
     * native engine has: AUTO then picks NATIVE, and anything that cannot run it is refused naming the option.
     *
     * @param nativeOnly the option the builder was given that only the native engine has, or {@code null}
     * @throws IllegalStateException if {@code nativeOnly} is set and the native engine was ruled out or cannot run
     */
    static UdpEngine resolve(UdpEngine requested, String nioOnly, String nativeOnly) {
        if (nativeOnly != null) {
            if (nioOnly != null) {
                throw new IllegalStateException(nativeOnly + " needs the native engine and " + nioOnly + " the NIO "
                        + "engine; they cannot be used together");
            }
            if (requested == UdpEngine.NIO) {
                throw new IllegalStateException(nativeOnly + " needs the native engine, but engine(NIO) was chosen; "
                        + "use engine(AUTO) or engine(NATIVE)");
            }
            if (!LinuxNative.isAvailable()) {
                throw new IllegalStateException(nativeOnly + " needs the native engine, which cannot run here: "
                        + LinuxNative.unavailableReason().orElse("unknown reason"));
            }
            return UdpEngine.NATIVE;
        }
        if (requested == UdpEngine.NIO) {
            return UdpEngine.NIO;
        }
        boolean available = LinuxNative.isAvailable();
        if (requested == UdpEngine.AUTO) {
            return available && nioOnly == null ? UdpEngine.NATIVE : UdpEngine.NIO;
        }
        if (nioOnly != null) {
            throw new IllegalStateException(nioOnly + " is not available on the native engine yet; build with "
                    + "engine(NIO) or engine(AUTO)");
        }
        if (!available) {
            throw new UdpException("engine(NATIVE) cannot run here: " + LinuxNative.unavailableReason()
                    .orElse("unknown reason") + "; or use engine(AUTO), which falls back to NIO");
        }
        return UdpEngine.NATIVE;
    }

    /** The engine this socket runs on: {@link UdpEngine#NIO} or {@link UdpEngine#NATIVE}. */
    abstract UdpEngine engine();

    abstract void bind(InetSocketAddress local) throws IOException;

    abstract void connect(InetSocketAddress remote) throws IOException;

    /** The bound address; call once after bind and keep it (a closed socket no longer knows it). */
    abstract InetSocketAddress localAddress() throws IOException;

    abstract boolean isOpen();

    /** Closes the socket and wakes every thread blocked in it; idempotent. */
    abstract void close() throws IOException;

    abstract boolean supports(SocketOption<?> option);

    /**
     * Joins a multicast group.
     *
     * @param source the only sender, or {@code null} for any
     * @return what leaves the group again
     */
    abstract Membership join(InetAddress group, NetworkInterface networkInterface, InetAddress source)
            throws IOException;

    /** A joined group; {@link #drop()} leaves it. */
    interface Membership {
        void drop();
    }

    /**
     * Makes the receive side of this socket: reused buffers for a receive loop or a timed receive.
     *
     * @param maxDatagramSize the largest datagram delivered as complete
     * @param batch how many datagrams one system call may read (the NIO engine reads one)
     * @param offload whether the kernel may coalesce datagrams ({@code UDP_GRO}); the inbound splits them again
     */
    abstract Inbound inbound(int maxDatagramSize, int batch, boolean offload) throws IOException;

    /**
     * Makes the receive side of this socket, reading the metadata asked for with every datagram.
     *
     * @param metadata the kinds to read; {@link DatagramMetadata#DESTINATION} also for a wildcard-bound socket
     * @throws UnsupportedOperationException if the engine cannot read them (the builders refuse that before)
     */
    Inbound inbound(int maxDatagramSize, int batch, boolean offload, Set<DatagramMetadata> metadata)
            throws IOException {
        if (!metadata.isEmpty()) {
            throw new UnsupportedOperationException("metadata " + metadata + " needs the native engine");
        }
        return inbound(maxDatagramSize, batch, offload);
    }

    /**
     * Sends one datagram from a given local address and with a given ECN codepoint ({@code sendmsg} with
     * {@code IP_PKTINFO} / {@code IPV6_PKTINFO} and {@code IP_TOS} / {@code IPV6_TCLASS}).
     *
     * @param source the local address to send from, or {@code null} for the kernel's choice
     * @param ecn the codepoint's bits, or -1 for the socket's traffic class
     * @throws UnsupportedOperationException if the engine cannot (the callers refuse that before)
     */
    int send(ByteBuffer payload, InetSocketAddress target, InetAddress source, int ecn) throws IOException {
        if (source != null || ecn >= 0) {
            throw new UnsupportedOperationException("a send from a chosen address or with an ECN codepoint needs "
                    + "the native engine");
        }
        return send(payload, target);
    }

    /**
     * Turns on the error queue ({@code IP_RECVERR}, {@code IPV6_RECVERR}) and says where its errors go: the engine
     * drains it whenever a receive or send finds an error pending.
     *
     * @param sink what receives each error; called on the thread that drained it, and must not throw
     */
    void icmpErrors(Consumer<IcmpError> sink) throws IOException {
        throw new UnsupportedOperationException("ICMP errors need the native engine");
    }

    /** Sets the unicast TTL / hop limit ({@code IP_TTL}, {@code IPV6_UNICAST_HOPS}). */
    void ttl(int hops) throws IOException {
        throw new UnsupportedOperationException("ttl needs the native engine");
    }

    /** Sets path MTU discovery ({@code IP_MTU_DISCOVER}, {@code IPV6_MTU_DISCOVER}). */
    void pathMtuDiscovery(PathMtuDiscovery mode) throws IOException {
        throw new UnsupportedOperationException("pathMtuDiscovery needs the native engine");
    }

    /** The connected socket's path MTU ({@code IP_MTU}, {@code IPV6_MTU}), or -1 where it cannot be known. */
    int pathMtu() {
        return -1;
    }

    /** The kernel's drop count of this socket ({@code SO_MEMINFO}), or -1 where the engine cannot read it. */
    long kernelDrops() {
        return -1;
    }

    /**
     * Sends one datagram: the buffer's remaining bytes, advancing its position.
     *
     * @param target the destination
     * @return the bytes sent, 0 only if the send buffer was full on a non-blocking socket
     */
    abstract int send(ByteBuffer payload, InetSocketAddress target) throws IOException;

    /** Tells whether an empty datagram can be sent on this socket once it is connected. */
    abstract boolean sendsEmptyWhenConnected();

    /**
     * Makes a reusable batch of datagrams to send in one call.
     *
     * @param maxDatagrams the most datagrams
     * @param maxBytes the most payload bytes in all
     */
    abstract Outbound outbound(int maxDatagrams, int maxBytes);

    /** Datagrams copied into reused memory, sent by one call of {@link #send()}; used by one thread at a time. */
    abstract static class Outbound {
        /** Adds a copy of the buffer's remaining bytes (its position is not moved); {@code false} when full. */
        abstract boolean add(ByteBuffer payload, InetSocketAddress target);

        /** Adds a copy of an array slice; {@code false} when full. */
        abstract boolean add(byte[] payload, int offset, int length, InetSocketAddress target);

        abstract int size();

        abstract int bytes();

        abstract InetSocketAddress target(int index);

        abstract int length(int index);

        abstract void clear();

        /**
         * Sends every datagram, in order.
         *
         * @return {@link #size()}
         * @throws Failure if one failed: how many went out before it, and what its failure was
         */
        abstract int send() throws Failure;

        /** Frees the memory; the batch cannot be used afterwards. */
        abstract void free();
    }

    /** A send the kernel refused as larger than the path MTU it knows (path MTU discovery on); the engine says so. */
    static final class PathMtuExceeded extends IOException {
        private static final long serialVersionUID = 1L;
        private final int mtu;

        PathMtuExceeded(String message, int mtu, Throwable cause) {
            super(message, cause);
            this.mtu = mtu;
        }

        int mtu() {
            return mtu;
        }
    }

    /** A batch send that stopped at one datagram: the ones before it went out, it and the ones after did not. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int sent;

        Failure(int sent, IOException cause) {
            super(cause.getMessage(), cause);
            this.sent = sent;
        }

        int sent() {
            return sent;
        }

        IOException io() {
            return (IOException) getCause();
        }
    }

    /**
     * The receive side of a socket: datagrams of the last receive, read in place from reused buffers until the next
     * receive. Used by one thread at a time.
     */
    abstract static class Inbound {
        /**
         * Waits for at least one datagram.
         *
         * @return how many datagrams the last call read, at least 1
         * @throws java.nio.channels.ClosedChannelException once the socket is closed (also when closed while waiting)
         */
        abstract int receive() throws IOException;

        /**
         * Waits at most {@code millis} for one or more datagrams.
         *
         * @param millis at least 1
         * @return how many were read, 0 on time-out
         */
        abstract int receive(long millis) throws IOException;

        abstract InetSocketAddress sender(int index);

        /** The bytes kept: the datagram's length, or {@code maxDatagramSize} for a truncated one. */
        abstract int keptLength(int index);

        abstract boolean truncated(int index);

        /** The datagram's real length, also for a truncated one where the engine knows it; -1 where it does not. */
        abstract int realLength(int index);

        /**
         * The kept bytes as a read-only buffer positioned at 0 with {@link #keptLength} as its limit, valid until the
         * next receive; the same object for the same slot, so nothing is allocated per datagram.
         */
        abstract ByteBuffer buffer(int index);

        /** Frees the buffers; only once no thread receives any more. */
        abstract void free();

        /** Tells whether this inbound reads any metadata; the getters below return their "unknown" value if not. */
        boolean hasMetadata() {
            return false;
        }

        /** The address and port the datagram was sent to, or {@code null}. */
        InetSocketAddress destination(int index) {
            return null;
        }

        /** The local address a reply should leave from, or {@code null}. */
        InetAddress replySource(int index) {
            return null;
        }

        /** The index of the interface it arrived on, or -1. */
        int interfaceIndex(int index) {
            return -1;
        }

        /** Its TTL or hop limit, or -1. */
        int ttl(int index) {
            return -1;
        }

        /** Its TOS byte or traffic class, or -1. */
        int trafficClass(int index) {
            return -1;
        }

        /** The socket's drop count when it was queued, or -1. */
        long kernelDrops(int index) {
            return -1;
        }

        /** The kernel's arrival time in nanoseconds since the epoch, or -1. */
        long kernelTimeNanos(int index) {
            return -1;
        }
    }
}
