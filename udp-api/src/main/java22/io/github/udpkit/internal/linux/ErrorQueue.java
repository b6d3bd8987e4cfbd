package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Reads a socket's error queue ({@code recvmsg} with {@code MSG_ERRQUEUE}): each entry is the datagram that caused an
 * error (its destination in {@code msg_name}, its first bytes in the buffer) and a {@code struct sock_extended_err}
 * control message ({@code IP_RECVERR} or {@code IPV6_RECVERR}) followed by the address of whoever reported it.
 *
 * <pre>
 * struct sock_extended_err { u32 ee_errno; u8 ee_origin; u8 ee_type; u8 ee_code; u8 ee_pad; u32 ee_info;
 *                            u32 ee_data; }   16 bytes, then the offender's sockaddr (SO_EE_OFFENDER)
 * </pre>
 *
 * One per socket, made on first use; {@link #drain} is synchronized, as a receive thread and senders may drain at once.
 */
final class ErrorQueue {
    /** Entries read per drain at most, so that a flood of errors cannot hold a thread for ever. */
    static final int MAX_PER_DRAIN = 256;
    private static final int PAYLOAD = 512;
    private static final int CONTROL = 512;

    private final Arena arena = Arena.ofAuto(); // freed with the socket object: no call can outlive it
    private final MemorySegment header = arena.allocate(Msg.MSGHDR);
    private final MemorySegment iovec = arena.allocate(Msg.IOVEC);
    private final MemorySegment name = arena.allocate(SockAddr.MAX_SIZE, 8);
    private final MemorySegment control = arena.allocate(CONTROL, 8);
    private final MemorySegment payload = arena.allocate(PAYLOAD, 8);
    private final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);

    ErrorQueue() {
        iovec.set(ADDRESS, Msg.IOV_BASE, payload);
        iovec.set(JAVA_LONG, Msg.IOV_LEN, PAYLOAD);
        header.set(ADDRESS, Msg.NAME, name);
        header.set(ADDRESS, Msg.IOV, iovec);
        header.set(JAVA_LONG, Msg.IOVLEN, 1);
        header.set(ADDRESS, Msg.CONTROL, control);
    }

    /**
     * Reads every queued error, at most {@link #MAX_PER_DRAIN}, without blocking.
     *
     * @param fd the socket
     * @param sink gets each entry
     * @return the number read
     */
    synchronized int drain(int fd, Consumer<QueuedError> sink) {
        int read = 0;
        while (read < MAX_PER_DRAIN) {
            header.set(JAVA_INT, Msg.NAMELEN, SockAddr.MAX_SIZE);
            header.set(JAVA_LONG, Msg.CONTROLLEN, CONTROL);
            header.set(JAVA_INT, Msg.FLAGS, 0);
            long r = Libc.recvmsg(capture, fd, header, Libc.MSG_ERRQUEUE | Libc.MSG_DONTWAIT);
            if (r < 0) {
                if (Libc.errno(capture) == Libc.EINTR) {
                    continue;
                }
                return read; // EAGAIN: the queue is empty
            }
            read++;
            QueuedError entry = parse();
            if (entry != null) {
                sink.accept(entry);
            }
        }
        return read;
    }

    private QueuedError parse() {
        InetSocketAddress destination = SockAddr.decode(name, 0, header.get(JAVA_INT, Msg.NAMELEN));
        long length = header.get(JAVA_LONG, Msg.CONTROLLEN);
        long cmsgHeader = Msg.cmsgAlign(Msg.CMSGHDR.byteSize());
        long at = 0;
        while (at + cmsgHeader <= length) {
            long len = control.get(JAVA_LONG, at + Msg.CMSG_LEN_FIELD);
            if (len < cmsgHeader || at + len > length) {
                return null;
            }
            int level = control.get(JAVA_INT, at + Msg.CMSG_LEVEL);
            int type = control.get(JAVA_INT, at + Msg.CMSG_TYPE);
            long data = at + cmsgHeader;
            if (len - cmsgHeader >= 16 && (level == Libc.IPPROTO_IP && type == Libc.IP_RECVERR
                    || level == Libc.IPPROTO_IPV6 && type == Libc.IPV6_RECVERR)) {
                int errno = control.get(JAVA_INT, data);
                int origin = Byte.toUnsignedInt(control.get(JAVA_BYTE, data + 4));
                int icmpType = Byte.toUnsignedInt(control.get(JAVA_BYTE, data + 5));
                int icmpCode = Byte.toUnsignedInt(control.get(JAVA_BYTE, data + 6));
                int info = control.get(JAVA_INT, data + 8);
                InetSocketAddress offender = null;
                long offenderLength = len - cmsgHeader - 16;
                if (offenderLength >= 2 && control.get(JAVA_SHORT_UNALIGNED, data + 16) != 0) {
                    offender = SockAddr.decode(control, data + 16, (int) Math.min(offenderLength, SockAddr.IN6_SIZE));
                }
                return new QueuedError(errno, origin, icmpType, icmpCode, info, offender, destination);
            }
            at += Msg.cmsgAlign(len);
        }
        return null;
    }
}
