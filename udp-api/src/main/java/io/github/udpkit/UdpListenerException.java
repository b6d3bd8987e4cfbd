package io.github.udpkit;

/**
 * Reported to an {@link ErrorListener} when user code run by a {@link UdpReceiver} failed: a listener, the
 * {@code acceptFrom} predicate or {@code onTruncated} threw, the callback {@link java.util.concurrent.Executor} refused
 * or threw, or such code left the receive thread interrupted; also when a datagram was dropped because too many
 * were waiting for the executor. The {@linkplain #getCause() cause} is what was thrown, or {@code null} for an
 * interrupt or an overflow, where nothing was. The receiver has already counted the datagram and keeps receiving.
 *
 * @since 0.1
 */
public final class UdpListenerException extends UdpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which listener failed, for which datagram (its sender and length, never its content)
     * @param cause what the listener threw, or {@code null} when nothing was thrown (an interrupt, an overflow)
     */
    public UdpListenerException(String message, Throwable cause) {
        super(message, cause);
    }
}
