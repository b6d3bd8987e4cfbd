package io.github.udpkit.internal.linux;

import java.io.IOException;

/**
 * A failed socket call of the native engine. The message names the operation and the address involved, then the
 * C library's text and the symbolic error name: {@code "bind 127.0.0.1:5005: Address already in use (EADDRINUSE)"}.
 */
public class NativeSocketException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The {@code errno} of the failed call, or 0 when the socket was closed. */
    private final int errno;
    /** The C library's text and the symbolic name, or the message of an exception without an error number. */
    private final String reason;

    /**
     * Creates the exception for a call that failed with an error number.
     *
     * @param operation the operation and its address, such as {@code "send to 127.0.0.1:9"}
     * @param errno the error number
     */
    public NativeSocketException(String operation, int errno) {
        this(operation, errno, Libc.strerror(errno));
    }

    private NativeSocketException(String operation, int errno, String reason) {
        super(operation + ": " + reason);
        this.errno = errno;
        this.reason = reason;
    }

    /**
     * Creates the exception with a message of its own and no error number.
     *
     * @param message what failed, naming the address
     */
    protected NativeSocketException(String message) {
        super(message);
        this.errno = 0;
        this.reason = message;
    }

    /**
     * Creates the exception for an operation on a socket that is closed or being closed.
     *
     * @param operation the operation and its address
     * @return the exception; {@link #closed()} is {@code true}
     */
    static NativeSocketException closed(String operation) {
        return new NativeSocketException(operation + ": the socket is closed");
    }

    /**
     * Returns what went wrong without the operation: the C library's text and the symbolic name, such as
     * {@code "Message too long (EMSGSIZE)"}, for messages that name the operation themselves.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns the error number of the failed call.
     *
     * @return {@code errno}, or 0 if the operation failed because the socket is closed
     */
    public int errno() {
        return errno;
    }

    /**
     * Tells whether the operation failed because the socket is closed or was closed while it ran.
     *
     * @return {@code true} for a closed socket
     */
    public boolean closed() {
        return errno == 0;
    }

    /**
     * Tells whether the kernel reported an ICMP port-unreachable for an earlier datagram of a connected socket.
     *
     * @return {@code true} for {@code ECONNREFUSED}
     */
    public boolean portUnreachable() {
        return errno == Libc.ECONNREFUSED;
    }

    /**
     * Tells whether the kernel refused a datagram as too long ({@code EMSGSIZE}): over the path MTU with path MTU
     * discovery on, or over what the protocol allows.
     *
     * @return {@code true} for {@code EMSGSIZE}
     */
    public boolean messageTooLong() {
        return errno == Libc.EMSGSIZE;
    }
}
