package io.github.udpkit;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The send path shared by {@link UdpSender} and {@link UdpReceiver}: the size check, the call, the error mapping, and
 * the lock-free staging buffer that lets {@code send(byte[])} go out without allocating.
 */
final class Sends {
    private Sends() {
    }

    /**
     * Refuses to start a blocking channel operation on an interrupted thread: the JDK would close the socket (a
     * {@code DatagramChannel} is an {@code InterruptibleChannel}), killing the sender or receiver for every thread.
     * Costs one flag read on the hot path: the message is built only when the thread is interrupted.
     *
     * @param action what was about to happen, "send to" or "receive on", for the message
     * @param where the address it was about to happen on
     */
    static void refuseIfInterrupted(String action, InetSocketAddress where) {
        if (Thread.currentThread().isInterrupted()) {
            throw new UdpException("cannot " + action + " " + where + ": the calling thread is interrupted, and a "
                    + "channel operation on an interrupted thread would close the socket for everyone "
                    + "(DatagramChannel is an InterruptibleChannel); handle or clear the interrupt first");
        }
    }

    /**
     * Refuses a payload over the protocol maximum for the target's family or over the caller's own limit.
     *
     * @param ownLimit the sender's own limit, or 0 for none
     */
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

    private static String family(DatagramChannel channel) {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getAddress() instanceof Inet6Address ? "IPv6"
                    : "IPv4";
        } catch (IOException | RuntimeException e) {
            return "socket's";
        }
    }

    /**
     * Sends the buffer's remaining bytes as one datagram. Always through {@code send}, also when connected:
     * {@code DatagramChannel.write} returns without a system call for an empty buffer, so a 0-byte datagram would
     * silently not be sent.
     *
     * @param target where to; for a connected channel, its peer
     * @param owner "sender" or "receiver", for the closed message
     * @throws IllegalArgumentException if the target is of the other address family than the socket
     */
    static void send(DatagramChannel channel, ByteBuffer payload, InetSocketAddress target, String owner) {
        refuseIfInterrupted("send to", target);
        try {
            int sent = channel.send(payload, target);
            if (sent == 0 && payload.hasRemaining()) {
                throw new UdpException("send to " + target + " failed: the socket's send buffer is full");
            }
        } catch (UnsupportedAddressTypeException e) {
            throw new IllegalArgumentException("target must be of the " + family(channel) + " address family of the "
                    + owner + "'s socket, was " + target, e);
        } catch (PortUnreachableException e) {
            throw new UdpPortUnreachableException(target, e);
        } catch (ClosedByInterruptException e) {
            throw new UdpException("send to " + target + " was interrupted: the thread's interrupt closed the " + owner
                    + "'s socket (a DatagramChannel is an InterruptibleChannel)", e);
        } catch (ClosedChannelException e) {
            throw new IllegalStateException(owner + " is closed; cannot send to " + target, e);
        } catch (IOException e) {
            throw new UdpException("send to " + target + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Sends a slice of an array as one datagram without allocating: the bytes are copied into the staging buffer (a
     * direct buffer, so the JDK writes it to the socket without its own temporary copy) and sent from there. The
     * staging buffer is taken and given back with single atomic operations, never a lock; a thread that finds it
     * taken by a concurrent send wraps the array instead (one small allocation, the JDK's usual path).
     *
     * @param target where to; for a connected channel, its peer
     * @param owner "sender" or "receiver", for the closed message
     */
    static void send(DatagramChannel channel, Staging staging, byte[] payload, int offset, int length,
                     InetSocketAddress target, String owner) {
        ByteBuffer direct = staging.take(length);
        if (direct == null) {
            send(channel, ByteBuffer.wrap(payload, offset, length), target, owner);
            return;
        }
        try {
            direct.clear();
            direct.put(payload, offset, length).flip();
            send(channel, direct, target, owner);
        } finally {
            staging.give(direct);
        }
    }

    /**
     * One direct buffer, as large as the largest datagram its owner may send, lent to one send at a time. Allocated
     * on first use, so senders that never send a {@code byte[]} do not pay for it.
     */
    static final class Staging {
        private final AtomicReference<ByteBuffer> slot = new AtomicReference<>();
        private final int capacity;
        private final AtomicBoolean allocated = new AtomicBoolean();

        /**
         * @param capacity the largest payload a send may pass
         */
        Staging(int capacity) {
            this.capacity = capacity;
        }

        /** Returns the buffer, or {@code null} if a concurrent send holds it or the payload does not fit. */
        ByteBuffer take(int length) {
            if (length > capacity) {
                return null; // refused later by the size check, with the proper exception
            }
            ByteBuffer buffer = slot.getAndSet(null);
            if (buffer == null && !allocated.get() && allocated.compareAndSet(false, true)) {
                return ByteBuffer.allocateDirect(capacity); // once per sender, on its first byte[] send
            }
            return buffer;
        }

        void give(ByteBuffer buffer) {
            slot.lazySet(buffer);
        }
    }
}
