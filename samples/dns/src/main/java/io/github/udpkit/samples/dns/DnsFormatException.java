package io.github.udpkit.samples.dns;

/** Bytes that are not the DNS message they were read as; the message says what is wrong and where. */
public final class DnsFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, and where
     */
    public DnsFormatException(String message) {
        super(message);
    }
}
