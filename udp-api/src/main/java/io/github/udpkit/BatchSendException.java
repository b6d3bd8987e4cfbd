package io.github.udpkit;

import java.net.InetSocketAddress;

/**
 * A {@link DatagramBatch} send that stopped at one datagram: the datagrams before it went out, it and those after it
 * did not. The {@linkplain #getCause() cause} is what the failing datagram's own send would have thrown
 * ({@link UdpPortUnreachableException}, a {@link UdpException} with the operating system's message, or an
 * {@link IllegalStateException} when the socket closed meanwhile).
 *
 * @since 0.2
 */
public final class BatchSendException extends UdpException {
    private static final long serialVersionUID = 1L;
    /** The datagrams that went out before the failing one. */
    private final int sent;
    /** The batch's size. */
    private final int size;
    /** The failing datagram's target (not serialized). */
    private final transient InetSocketAddress target;

    BatchSendException(int sent, int size, InetSocketAddress target, RuntimeException cause) {
        super("batch send stopped at datagram " + sent + " of " + size + " (to " + target + "; " + sent
                + " sent before it, " + (size - sent) + " not sent): " + cause.getMessage(), cause);
        this.sent = sent;
        this.size = size;
        this.target = target;
    }

    /**
     * Returns how many datagrams went out, from the start of the batch.
     *
     * @return the datagrams sent, which is also the index of the one that failed
     */
    public int sent() {
        return sent;
    }

    /**
     * Returns the index in the batch of the datagram that failed.
     *
     * @return {@link #sent()}: datagrams are sent in order
     */
    public int failedIndex() {
        return sent;
    }

    /**
     * Returns how many datagrams the batch held.
     *
     * @return the batch's size when it was sent
     */
    public int batchSize() {
        return size;
    }

    /**
     * Returns where the failing datagram was going.
     *
     * @return its target
     */
    public InetSocketAddress target() {
        return target;
    }
}
