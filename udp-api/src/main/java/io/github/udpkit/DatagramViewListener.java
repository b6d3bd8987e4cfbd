package io.github.udpkit;

/**
 * Receives complete datagrams from a {@link UdpReceiver} as {@link DatagramView}s: read-only views of the receiver's
 * own buffer, without copying the payload and without allocating, for listeners that parse in place. Set it with
 * {@link UdpReceiver.Builder#onDatagramView(DatagramViewListener) onDatagramView} instead of {@code onDatagram}.
 *
 * <p><b>The view is valid only during the call.</b> The receiver reuses it, and its buffer, for the next datagram as
 * soon as the listener returns. A listener that needs the datagram later keeps a copy:
 * {@link DatagramView#toDatagram()} or {@link DatagramView#payload()}.
 *
 * <p>Always called on the receiver's own thread, one datagram at a time in arrival order (a receiver with an
 * {@link java.util.concurrent.Executor} cannot use views). Datagrams over the receiver's limit still go to
 * {@code onTruncated} as {@link Datagram}s. A listener that throws does not stop the receiver: the exception is
 * reported to the {@link ErrorListener} (or logged) and counted in {@link ReceiverStats#listenerFailures()}.
 *
 * <pre>{@code
 * UdpReceiver receiver = UdpReceiver.builder()
 *         .onDatagramView(view -> counters.add(view.buffer().getInt(0)))
 *         .start();
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DatagramViewListener {
    /**
     * Handles one complete datagram.
     *
     * @param view the datagram, valid only until this method returns
     */
    void onDatagram(DatagramView view);
}
