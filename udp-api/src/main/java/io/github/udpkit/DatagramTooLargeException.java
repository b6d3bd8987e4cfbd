package io.github.udpkit;

import java.net.InetSocketAddress;

/**
 * Thrown before any system call when a payload cannot be sent as one datagram: it is larger than UDP allows for the
 * target's address family (65,507 bytes over IPv4, 65,527 over IPv6) or than the sender's own
 * {@linkplain UdpSender.Builder#maxDatagramSize(int) maxDatagramSize}. Nothing was sent.
 *
 * @since 0.1
 */
public final class DatagramTooLargeException extends UdpException {
    private static final long serialVersionUID = 1L;

    /** The payload size that was refused. */
    private final int size;
    /** The limit it broke. */
    private final int limit;
    /** Where it was going. */
    private final InetSocketAddress target;

    /**
     * Creates the exception.
     *
     * @param size the payload size in bytes
     * @param limit the limit in bytes that the payload exceeds
     * @param limitName what the limit is, for example {@code "the IPv4 maximum"}
     * @param target the address the payload was meant for
     */
    public DatagramTooLargeException(int size, int limit, String limitName, InetSocketAddress target) {
        super("payload of " + size + " bytes exceeds " + limitName + " of " + limit + " bytes for "
                + family(target) + " target " + target + "; nothing was sent");
        this.size = size;
        this.limit = limit;
        this.target = target;
    }

    private static String family(InetSocketAddress target) {
        return target != null && target.getAddress() instanceof java.net.Inet6Address ? "IPv6" : "IPv4";
    }

    /**
     * Returns the size of the refused payload.
     *
     * @return the size in bytes
     */
    public int size() {
        return size;
    }

    /**
     * Returns the limit the payload exceeds.
     *
     * @return the limit in bytes
     */
    public int limit() {
        return limit;
    }

    /**
     * Returns the address the payload was meant for.
     *
     * @return the target address
     */
    public InetSocketAddress target() {
        return target;
    }
}
