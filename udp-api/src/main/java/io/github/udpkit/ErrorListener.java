package io.github.udpkit;

/**
 * Told about failures that a {@link UdpReceiver} survives: a listener that threw or an executor that refused a task
 * ({@link UdpListenerException}), and receive errors from the operating system ({@link UdpException} with the
 * {@link java.io.IOException} as cause). The receiver keeps running after each.
 *
 * <p>Called on the thread where the failure happened. If the error listener itself throws, that is logged through
 * {@link System.Logger} and otherwise ignored.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ErrorListener {
    /**
     * Handles one failure.
     *
     * @param error what went wrong, with the original failure as its cause
     */
    void onError(UdpException error);
}
