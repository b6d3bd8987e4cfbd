package io.github.udpkit.samples.dns;

import io.github.udpkit.UdpException;

/** A DNS lookup that got an answer, but not the one hoped for: an error response, or an answer to another name. */
public final class DnsException extends UdpException {
    private static final long serialVersionUID = 1L;

    /** The response code of the answer. */
    private final int rcode;

    /**
     * Creates the exception.
     *
     * @param message what the answer said
     * @param rcode its response code
     */
    public DnsException(String message, int rcode) {
        super(message);
        this.rcode = rcode;
    }

    /**
     * Returns the answer's response code: 3 for NXDOMAIN, 2 for SERVFAIL, ...
     *
     * @return the RFC 1035 RCODE
     */
    public int rcode() {
        return rcode;
    }
}
