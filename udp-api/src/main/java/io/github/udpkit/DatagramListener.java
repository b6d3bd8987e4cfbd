package io.github.udpkit;

/**
 * Receives datagrams from a {@link UdpReceiver}: the complete ones through
 * {@link UdpReceiver.Builder#onDatagram(DatagramListener) onDatagram}, those over the receiver's limit through
 * {@link UdpReceiver.Builder#onTruncated(DatagramListener) onTruncated}.
 *
 * <p>Called on the receiver's thread, one datagram at a time in arrival order, unless the receiver was given an
 * {@link java.util.concurrent.Executor}. A listener that throws does not stop the receiver: the exception is reported
 * to the {@link ErrorListener} (or logged) and the next datagram is delivered as usual.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DatagramListener {
    /**
     * Handles one datagram.
     *
     * @param datagram the datagram; an immutable value the listener may keep
     */
    void onDatagram(Datagram datagram);
}
