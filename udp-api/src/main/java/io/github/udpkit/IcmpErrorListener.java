package io.github.udpkit;

/**
 * Receives the ICMP errors the kernel reports for a socket's datagrams: see
 * {@link UdpReceiver.Builder#onIcmpError(IcmpErrorListener)} and
 * {@link UdpSender.Builder#onIcmpError(IcmpErrorListener)}.
 * Called on the thread that found the error: a receiver's receive thread, or the thread of a send that found it
 * pending. Whatever it throws is reported to {@code onError} (or logged) and never stops the socket.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface IcmpErrorListener {
    /**
     * Handles one error.
     *
     * @param error what the kernel reported
     */
    void onIcmpError(IcmpError error);
}
