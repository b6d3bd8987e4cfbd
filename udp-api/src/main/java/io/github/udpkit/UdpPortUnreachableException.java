package io.github.udpkit;

import java.net.InetSocketAddress;

/**
 * Thrown by a connected {@link UdpSender} when the operating system reported that an earlier datagram to the target
 * was refused (an ICMP port-unreachable message: nothing listens on that port). The error belongs to an earlier
 * datagram, so it surfaces on a <em>later</em> {@code send} or {@code receive}. The sender stays open and usable: the
 * next call goes out as usual. A {@code send} that throws this exception did not send its own payload: send it again
 * if it matters.
 *
 * <p>Only connected senders see this error; the operating system does not report it to unconnected sockets.
 *
 * @since 0.1
 */
public final class UdpPortUnreachableException extends UdpException {
    private static final long serialVersionUID = 1L;

    /** The target that refused. */
    private final InetSocketAddress target;

    /**
     * Creates the exception.
     *
     * @param target the connected target that refused a datagram
     * @param cause the {@link java.net.PortUnreachableException} from the JDK
     */
    public UdpPortUnreachableException(InetSocketAddress target, Throwable cause) {
        super("port unreachable: " + target + " refused an earlier datagram (nothing listens there); "
                + "the sender is still open", cause);
        this.target = target;
    }

    /**
     * Returns the target that refused a datagram.
     *
     * @return the connected target address
     */
    public InetSocketAddress target() {
        return target;
    }
}
