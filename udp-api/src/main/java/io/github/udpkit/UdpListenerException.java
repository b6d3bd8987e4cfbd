package io.github.udpkit;

/**
 * Reported to an {@link ErrorListener} when a listener of a {@link UdpReceiver} threw, or when the receiver's callback
 * {@link java.util.concurrent.Executor} refused a task. The {@linkplain #getCause() cause} is what was thrown. The
 * receiver has already counted the datagram and keeps receiving.
 *
 * @since 0.1
 */
public final class UdpListenerException extends UdpException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which listener failed, for which datagram (its sender and length, never its content)
     * @param cause what the listener threw
     */
    public UdpListenerException(String message, Throwable cause) {
        super(message, cause);
    }
}
