package io.github.udpkit;

import java.net.InetSocketAddress;

/**
 * Thrown when a socket cannot be bound to its local address, most often because another socket holds the port.
 * The message names the address; the {@linkplain #getCause() cause} is the {@link java.io.IOException} from the
 * operating system.
 *
 * @since 0.1
 */
public final class UdpBindException extends UdpException {
    private static final long serialVersionUID = 1L;

    /** The address that could not be bound. */
    private final InetSocketAddress address;

    /**
     * Creates the exception for an address that could not be bound.
     *
     * @param address the local address asked for
     * @param cause the failure from the operating system
     */
    public UdpBindException(InetSocketAddress address, Throwable cause) {
        super("cannot bind UDP socket to " + address + ": " + (cause == null ? "unknown reason" : cause.getMessage()),
                cause);
        this.address = address;
    }

    /**
     * Returns the local address that could not be bound.
     *
     * @return the address asked for
     */
    public InetSocketAddress address() {
        return address;
    }
}
