package io.github.udpkit;

import io.github.udpkit.internal.Args;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.Charset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The one send path of a socket, shared by {@link UdpSender} and {@link UdpReceiver}: every overload (text, array,
 * slice, buffer) of {@code send}, {@code sendTo} and {@code reply} ends here, so that the checks, their order and their
 * messages are the same everywhere. In order: the arguments, the target (resolved, port 1 to 65535, reachable from
 * the socket's family, the connected peer, broadcast), closed, the size, an empty payload on a connected socket, an
 * interrupted caller; then one system call.
 *
 * <p>Thread-safe: {@code byte[]} sends copy into one reused direct buffer when it is free and wrap the array when
 * another thread holds it, so a steady stream of array sends allocates nothing.
 */
final class Sends {
    private final EngineSocket channel;
    /** Names the socket in errors, for example {@code sender} or {@code receiver on /127.0.0.1:5005}. */
    private final String owner;
    private final InetSocketAddress local;
    private final int ownLimit;
    private final Charset charset;
    /** The peer a connected socket sends to, or {@code null}. */
    private final InetSocketAddress peer;
    /** Empty datagrams cannot be sent on a connected {@code DatagramChannel}. */
    private final boolean refuseEmpty;
    /** This machine's broadcast addresses, when broadcast is off; empty otherwise. */
    private final Set<InetAddress> broadcastAddresses;
    private final BooleanSupplier closed;
    private final Staging staging;
    /** Counts each send's outcome (a sender's {@code stats()}), or {@code null} where nothing counts them. */
    private final SendOutcomes outcomes;

    Sends(EngineSocket channel, String owner, InetSocketAddress local, int ownLimit, Charset charset,
          InetSocketAddress peer, boolean refuseEmpty, Set<InetAddress> broadcastAddresses, BooleanSupplier closed,
          SendOutcomes outcomes) {
        this.outcomes = outcomes;
        this.channel = channel;
        this.owner = owner;
        this.local = local;
        this.ownLimit = ownLimit;
        this.charset = charset;
        this.peer = peer;
        this.refuseEmpty = refuseEmpty;
        this.broadcastAddresses = broadcastAddresses;
        this.closed = closed;
        this.staging = new Staging(ownLimit > 0 ? ownLimit : UdpLimits.IPV6_MAX_PAYLOAD);
    }

    void text(InetSocketAddress to, String text, String toName) {
        text(to, text, toName, null);
    }

    /** As {@link #text(InetSocketAddress, String, String)}, from {@code source} (or the kernel's choice if null). */
    void text(InetSocketAddress to, String text, String toName, InetAddress source) {
        Args.notNull(text, "text");
        byte[] bytes = text.getBytes(charset);
        slice(to, bytes, 0, bytes.length, toName, source);
    }

    void slice(InetSocketAddress to, byte[] payload, int offset, int length, String toName) {
        slice(to, payload, offset, length, toName, null);
    }

    /** As {@link #slice(InetSocketAddress, byte[], int, int, String)}, from {@code source} if it is not null. */
    void slice(InetSocketAddress to, byte[] payload, int offset, int length, String toName, InetAddress source) {
        Args.slice(payload, offset, length, "payload");
        if (toName != null) {
            checkTarget(to, toName);
        }
        try {
            check(to, length);
            stageAndTransmit(to, payload, offset, length, source);
        } catch (RuntimeException e) {
            throw outcomes == null ? e : outcomes.failed(e, to);
        }
        if (outcomes != null) {
            outcomes.sent(length);
        }
    }

    private void stageAndTransmit(InetSocketAddress to, byte[] payload, int offset, int length, InetAddress source) {
        ByteBuffer direct = staging.take(length);
        if (direct == null) {
            transmit(ByteBuffer.wrap(payload, offset, length), to, source, -1);
            return;
        }
        try {
            direct.clear();
            direct.put(payload, offset, length).flip();
            transmit(direct, to, source, -1);
        } finally {
            staging.give(direct);
        }
    }

    void buffer(InetSocketAddress to, ByteBuffer payload, String toName) {
        buffer(to, payload, toName, null, null);
    }

    /**
     * As {@link #buffer(InetSocketAddress, ByteBuffer, String)}, from {@code source} if it is not null and with the
     * ECN codepoint {@code ecn} if it is not null; both need the native engine, which the caller checked.
     */
    void buffer(InetSocketAddress to, ByteBuffer payload, String toName, InetAddress source, Ecn ecn) {
        Args.notNull(payload, "payload");
        if (toName != null) {
            checkTarget(to, toName);
        }
        int length = payload.remaining();
        try {
            check(to, length);
            transmit(payload, to, source, ecn == null ? -1 : ecn.bits());
        } catch (RuntimeException e) {
            throw outcomes == null ? e : outcomes.failed(e, to);
        }
        if (outcomes != null) {
            outcomes.sent(length);
        }
    }

    /** Checks what the sender's stats count as refused: closed, broadcast, size, an empty datagram when connected. */
    private void check(InetSocketAddress to, int size) {
        if (closed.getAsBoolean()) {
            throw new IllegalStateException(owner + " is closed; cannot send to " + to);
        }
        if (peer == null && !broadcastAddresses.isEmpty() && broadcastAddresses.contains(to.getAddress())) {
            throw new UdpException("cannot send to the broadcast address " + to + ": broadcast is off; build the "
                    + "sender with broadcast(true) to send broadcasts");
        }
        checkSize(size, ownLimit, to);
        if (refuseEmpty && size == 0) {
            throw new UdpException("cannot send an empty datagram to " + to + " on a connected socket: the JDK's "
                    + "DatagramChannel silently skips zero-length sends when connected; " + (owner.equals("sender")
                    ? "build the sender with connected(false) to send empty datagrams"
                    : "build the receiver without connect(peer) to send empty datagrams"));
        }
    }

    /** Checks a target the caller gave (misuse, not counted): {@code name} is the parameter's name in messages. */
    private void checkTarget(InetSocketAddress to, String name) {
        Args.resolved(to, name);
        if (to.getPort() == 0) {
            throw new IllegalArgumentException(name + " port must be between 1 and 65535, was 0 (" + to + ")");
        }
        reachable(local, to, name);
        if (peer != null && !peer.equals(to)) {
            throw new IllegalStateException(owner + " is connected to " + peer + " and cannot send to " + to + "; "
                    + (owner.equals("sender") ? "build it with connected(false) to send to many targets"
                    : "build it without connect(peer) to answer many senders"));
        }
    }

    /**
     * Refuses a target the socket's address family cannot reach, before the operating system answers with a bare
     * "Network is unreachable" or the JDK with an {@link UnsupportedAddressTypeException} without a message.
     *
     * @param local the socket's local address (or the address it will be bound to)
     * @param to the target
     * @param name the target parameter's name
     * @throws IllegalArgumentException if an IPv4 socket is asked to reach an IPv6 address, or an IPv6 socket bound to
     *     a specific IPv6 address an IPv4 one
     */
    static void reachable(InetSocketAddress local, InetSocketAddress to, String name) {
        if (local == null) {
            return;
        }
        InetAddress from = local.getAddress();
        InetAddress target = to.getAddress();
        if (from instanceof Inet4Address && target instanceof Inet6Address) {
            throw new IllegalArgumentException(name + " " + to + " is an IPv6 address, but the socket is bound to the "
                    + "IPv4 address " + local + " and can reach IPv4 addresses only; bind an IPv6 address, or :: for "
                    + "both families");
        }
        if (from instanceof Inet6Address && !from.isAnyLocalAddress() && target instanceof Inet4Address) {
            throw new IllegalArgumentException(name + " " + to + " is an IPv4 address, but the socket is bound to the "
                    + "IPv6 address " + local + " and can reach IPv6 addresses only; bind an IPv4 address, or :: for "
                    + "both families");
        }
    }

    static void checkSize(int size, int ownLimit, InetSocketAddress target) {
        int protocolMax = UdpLimits.maxPayload(target);
        if (ownLimit > 0 && ownLimit < protocolMax) {
            if (size > ownLimit) {
                throw new DatagramTooLargeException(size, ownLimit, "this sender's maxDatagramSize", target);
            }
        } else if (size > protocolMax) {
            String family = protocolMax == UdpLimits.IPV6_MAX_PAYLOAD ? "IPv6" : "IPv4";
            throw new DatagramTooLargeException(size, protocolMax, "the " + family + " UDP maximum", target);
        }
    }

    static void refuseIfInterrupted(String action, InetSocketAddress where) {
        if (Thread.currentThread().isInterrupted()) {
            throw new UdpException("cannot " + action + " " + where + ": the calling thread is interrupted, and a "
                    + "channel operation on an interrupted thread would close the socket for everyone "
                    + "(DatagramChannel is an InterruptibleChannel); handle or clear the interrupt first");
        }
    }

    /** Checks one datagram as it is added to a batch: what the equivalent {@code send} would refuse. */
    void checkForBatch(InetSocketAddress to, int size, String toName) {
        if (toName != null) {
            checkTarget(to, toName);
        }
        check(to, size);
    }

    /**
     * Makes a batch for this socket.
     *
     * @param maxDatagrams 1 to 1,024
     * @param defaultTarget the target of {@code add} without one, or {@code null}
     */
    DatagramBatch newBatch(int maxDatagrams, InetSocketAddress defaultTarget) {
        Args.inRange(maxDatagrams, 1, 1024, "maxDatagrams");
        if (closed.getAsBoolean()) {
            throw new IllegalStateException(owner + " is closed; cannot make a batch");
        }
        int limit = ownLimit > 0 ? ownLimit : UdpLimits.IPV6_MAX_PAYLOAD;
        int bytes = (int) Math.min(MAX_BATCH_BYTES, limit + (long) maxDatagrams * Math.min(limit, 1500));
        return new DatagramBatch(this, channel.outbound(maxDatagrams, bytes), defaultTarget, maxDatagrams);
    }

    /** A batch's memory: room for its count of Ethernet-sized datagrams plus one of the largest, at most 4 MiB. */
    private static final int MAX_BATCH_BYTES = 4 << 20;

    /**
     * Sends a batch in one call.
     *
     * @return the datagrams sent: the batch's size
     * @throws BatchSendException if a datagram failed, saying how many went out before it
     */
    int send(DatagramBatch batch) {
        Args.notNull(batch, "batch");
        if (batch.owner() != this) {
            throw new IllegalArgumentException("batch was made by another sender or receiver, not the " + owner
                    + "; make it with this one's newBatch(...)");
        }
        EngineSocket.Outbound out = batch.outbound();
        int size = out.size();
        if (size == 0) {
            return 0;
        }
        InetSocketAddress first = out.target(0);
        if (closed.getAsBoolean()) {
            RuntimeException refused = new IllegalStateException(owner + " is closed; cannot send to " + first);
            throw outcomes == null ? refused : outcomes.failed(refused, first);
        }
        refuseIfInterrupted("send to", first);
        try {
            out.send();
        } catch (EngineSocket.Failure f) {
            int sent = f.sent();
            InetSocketAddress failedTarget = out.target(sent);
            RuntimeException cause = translate(f.io(), failedTarget);
            if (outcomes != null) {
                outcomes.batch(sent, prefixBytes(out, sent));
                outcomes.failed(cause, failedTarget);
            }
            throw new BatchSendException(sent, size, failedTarget, cause);
        }
        if (outcomes != null) {
            outcomes.batch(size, out.bytes());
        }
        return size;
    }

    private static long prefixBytes(EngineSocket.Outbound out, int count) {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += out.length(i);
        }
        return bytes;
    }

    private void transmit(ByteBuffer payload, InetSocketAddress target, InetAddress source, int ecn) {
        refuseIfInterrupted("send to", target);
        int length = payload.remaining();
        try {
            int sent = source == null && ecn < 0 ? channel.send(payload, target)
                    : channel.send(payload, target, source, ecn);
            if (sent == 0 && payload.hasRemaining()) {
                throw new UdpException("send to " + target + " failed: the socket's send buffer is full");
            }
        } catch (EngineSocket.PathMtuExceeded e) { // refused for the path MTU the kernel learnt
            int headers = target.getAddress() instanceof Inet6Address ? 48 : 28;
            DatagramTooLargeException tooLarge = new DatagramTooLargeException(length, e.mtu() - headers,
                    "the path MTU (" + e.mtu() + " bytes, less " + headers + " of IP and UDP headers)", target);
            tooLarge.initCause(e);
            throw tooLarge;
        } catch (IOException e) {
            throw translate(e, target);
        } catch (UnsupportedAddressTypeException e) {
            throw new IllegalArgumentException("target " + target + " is of an address family the " + owner
                    + "'s socket (" + local + ") cannot reach", e);
        } catch (AlreadyConnectedException e) {
            throw new IllegalStateException(owner + " is connected to " + peer + " and can send only there, not to "
                    + target, e);
        }
    }

    /** The exception a failed send throws, the same on both engines. */
    private RuntimeException translate(IOException failure, InetSocketAddress target) {
        try {
            throw failure;
        } catch (PortUnreachableException e) {
            return new UdpPortUnreachableException(target, e);
        } catch (ClosedByInterruptException e) {
            return new UdpException("send to " + target + " was interrupted: the thread's interrupt closed the " + owner
                    + "'s socket (a DatagramChannel is an InterruptibleChannel)", e);
        } catch (ClosedChannelException e) {
            return new IllegalStateException(owner + " is closed; cannot send to " + target, e);
        } catch (IOException e) {
            return new UdpException("send to " + target + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * One direct buffer a sender copies {@code byte[]} payloads into, so the JDK does not copy each into a temporary
     * direct buffer of its own. Taken by one send at a time; a concurrent send finds it empty and wraps its array.
     */
    static final class Staging {
        private final AtomicReference<ByteBuffer> slot = new AtomicReference<>();
        private final int capacity;
        private final AtomicBoolean allocated = new AtomicBoolean();

        Staging(int capacity) {
            this.capacity = capacity;
        }

        ByteBuffer take(int length) {
            if (length > capacity) {
                return null;
            }
            ByteBuffer buffer = slot.getAndSet(null);
            if (buffer == null && !allocated.get() && allocated.compareAndSet(false, true)) {
                return ByteBuffer.allocateDirect(capacity); // once per socket, on its first byte[] send
            }
            return buffer;
        }

        void give(ByteBuffer buffer) {
            slot.lazySet(buffer);
        }
    }
}
