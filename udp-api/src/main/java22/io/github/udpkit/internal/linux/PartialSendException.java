package io.github.udpkit.internal.linux;

/**
 * A batch send that stopped at one datagram: the ones before it went out, it and the ones after it did not.
 */
public final class PartialSendException extends NativeSocketException {
    private static final long serialVersionUID = 1L;

    /** How many datagrams of the batch went out. */
    private final int sent;

    /**
     * Creates the exception.
     *
     * @param operation the operation and the failed datagram's target
     * @param errno the error number of the failed datagram
     * @param sent how many datagrams went out, which is also the index of the one that failed
     * @param total the batch's size
     */
    PartialSendException(String operation, int errno, int sent, int total) {
        super(operation + " (datagram " + sent + " of a batch of " + total + "; " + sent + " sent before it)", errno);
        this.sent = sent;
    }

    /**
     * Returns how many datagrams of the batch went out, in order.
     *
     * @return the count; 0 if none did
     */
    public int sent() {
        return sent;
    }

    /**
     * Returns the index in the batch of the datagram that failed.
     *
     * @return the index, equal to {@link #sent()}
     */
    public int failedIndex() {
        return sent;
    }
}
