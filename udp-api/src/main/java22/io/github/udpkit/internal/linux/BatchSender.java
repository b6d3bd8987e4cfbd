package io.github.udpkit.internal.linux;

import java.lang.foreign.MemorySegment;

/**
 * How a {@link SendBatch} reaches the kernel: GSO messages where the batch allows it and the socket has not found GSO
 * refused, one message per datagram otherwise; {@code sendmmsg} for several messages, {@code sendmsg} for the last
 * one; after a partial {@code sendmmsg} it resumes until every datagram went out or one failed. A first
 * {@code EMSGSIZE} may be an earlier datagram's path MTU error, reported late: it is tried again first
 * ({@link NativeUdpSocket#lateTooLong}), so that such an error neither fails the batch nor turns GSO off.
 */
final class BatchSender {
    private BatchSender() {
    }

    static int send(NativeUdpSocket socket, SendBatch batch, int first) throws NativeSocketException {
        int total = batch.size();
        batch.checkTargets(socket.af(), socket.name());
        int sent = first;
        boolean retriedTooLong = false;
        while (sent < total) {
            int segment = socket.gsoAllowed() ? batch.gsoSegment(sent) : 0;
            int messages = batch.plan(sent, segment, socket.af());
            int done = 0;
            while (done < messages) {
                MemorySegment headers = batch.headers();
                MemorySegment from = done == 0 ? headers : headers.asSlice(done * Msg.MMSGHDR.byteSize());
                int r = messages - done == 1 ? sendOne(batch, socket, from)
                        : Libc.sendmmsg(batch.capture, socket.fd(), from, messages - done, 0);
                if (r > 0) {
                    for (int m = done; m < done + r; m++) {
                        sent += batch.messageDatagrams(m);
                    }
                    done += r;
                    continue;
                }
                int errno = r == 0 ? Libc.EIO : Libc.errno(batch.capture); // sendmmsg returns 0 only for 0 messages
                if (r < 0 && errno == Libc.EINTR) {
                    continue;
                }
                if (!retriedTooLong && socket.lateTooLong(errno)) { // perhaps an earlier datagram's, reported late
                    retriedTooLong = true;
                    continue;
                }
                if (segment > 0 && batch.messageDatagrams(done) > 1 && refusesGso(errno)) {
                    socket.gsoRefused();
                    break; // plan again from 'sent' without GSO
                }
                int failed = batch.messageFirst(done);
                String op = "send " + batch.messageBytes(done) + " bytes to " + socket.targetName(batch.target(failed))
                        + " from " + socket.name();
                if (socket.closing()) {
                    throw NativeSocketException.closed(op);
                }
                throw new PartialSendException(op, errno, sent, total);
            }
        }
        return sent;
    }

    /** One message left (a single GSO message, or one datagram): {@code sendmsg}; 1 if it went, -1 if not. */
    private static int sendOne(SendBatch batch, NativeUdpSocket socket, MemorySegment header) {
        return Libc.sendmsg(batch.capture, socket.fd(), header, 0) < 0 ? -1 : 1;
    }

    /** The errors with which the kernel or the route turns GSO down (and sendmmsg without it may succeed). */
    static boolean refusesGso(int errno) {
        return errno == Libc.EIO || errno == Libc.EINVAL || errno == Libc.ENOPROTOOPT || errno == Libc.EOPNOTSUPP
                || errno == Libc.EMSGSIZE;
    }
}
