package io.github.udpkit;

import java.util.OptionalLong;

/**
 * A snapshot of what a {@link UdpReceiver} has seen since it started. Every datagram read from the socket is counted
 * in {@link #received()} and, once its listener has returned, in exactly one of {@link #delivered()},
 * {@link #truncated()}, {@link #filtered()}, {@link #listenerFailures()}, {@link #rejected()} or
 * {@link #overflowed()}; so, when no callback is in flight,
 * {@code received == delivered + truncated + filtered + listenerFailures + rejected + overflowed}, and
 * {@link #inFlight()} is 0.
 *
 * <p>The counters are read one after another while the receiver runs, so a snapshot taken under traffic may be off by
 * the datagrams that arrived while it was taken.
 *
 * @param received datagrams read from the socket
 * @param bytes payload bytes read from the socket (for a truncated datagram, the bytes kept)
 * @param delivered complete datagrams whose {@code onDatagram} listener returned normally
 * @param truncated datagrams over {@code maxDatagramSize}, passed to {@code onTruncated} or logged
 * @param filtered datagrams dropped because their sender was not accepted
 * @param listenerFailures complete datagrams whose {@code onDatagram} or {@code onDatagramView} listener threw
 * @param rejected datagrams whose task the callback executor refused
 * @param overflowed datagrams dropped because {@code maxPending} datagrams were already waiting for the callback
 *     executor
 * @param receiveErrors failed reads from the socket (errors from the operating system, not datagrams)
 * @param kernelDrops datagrams the kernel discarded for this receiver's sockets because their receive buffers were
 *     full, so udpkit never saw them (Linux: {@code /proc/net/udp} or {@code udp6}, summed over the receiver's
 *     sockets); empty where the operating system does not publish it
 * @since 0.1
 */
public record ReceiverStats(long received, long bytes, long delivered, long truncated, long filtered,
                            long listenerFailures, long rejected, long overflowed, long receiveErrors,
                            OptionalLong kernelDrops) {

    /**
     * Creates a snapshot; see the class documentation for what each counter means.
     *
     * @param received datagrams read from the socket
     * @param bytes payload bytes read
     * @param delivered complete datagrams whose listener returned normally
     * @param truncated datagrams over the limit
     * @param filtered datagrams from senders not accepted
     * @param listenerFailures complete datagrams whose listener threw
     * @param rejected datagrams the executor refused
     * @param overflowed datagrams dropped because too many were waiting for the executor
     * @param receiveErrors failed reads
     * @param kernelDrops the kernel's drop count, or empty where not available
     * @throws NullPointerException if {@code kernelDrops} is null (use {@link OptionalLong#empty()})
     */
    public ReceiverStats {
        java.util.Objects.requireNonNull(kernelDrops, "kernelDrops must not be null");
    }

    /**
     * Returns the datagrams received whose outcome is not yet counted: those whose listener is still running or,
     * with an executor, still queued.
     *
     * @return {@code received - delivered - truncated - filtered - listenerFailures - rejected - overflowed}
     */
    public long inFlight() {
        return received - delivered - truncated - filtered - listenerFailures - rejected - overflowed;
    }
}
