package io.github.udpkit;

/**
 * An unchecked failure of a UDP operation: an I/O error (kept as the {@linkplain #getCause() cause}) or a rule of UDP
 * that a call would break. Subclasses mark the cases a caller may want to branch on: {@link UdpBindException},
 * {@link DatagramTooLargeException}, {@link UdpPortUnreachableException} and {@link UdpListenerException}.
 *
 * <p>Misuse of the API (a {@code null}, a value out of range, a call on a closed object) is reported with the
 * standard {@link NullPointerException}, {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 *
 * @since 0.1
 */
public class UdpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and the failure that caused it.
     *
     * @param message what failed, naming the address involved
     * @param cause the underlying failure, usually an {@link java.io.IOException}; may be {@code null}
     */
    public UdpException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception with a message and no cause.
     *
     * @param message what failed, naming the address involved
     */
    public UdpException(String message) {
        super(message);
    }
}
