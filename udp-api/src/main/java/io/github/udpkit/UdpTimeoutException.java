package io.github.udpkit;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The failure of a {@link UdpClient} request that got no reply before its timeout. The message names the target, the
 * timeout and the attempts, for example {@code no reply from 127.0.0.1:5353 within 700 ms (3 attempts)}, and says when
 * the target's port was reported unreachable meanwhile.
 *
 * @since 0.2
 */
public final class UdpTimeoutException extends UdpException {
    private static final long serialVersionUID = 1L;

    /** The request's target. */
    private final InetSocketAddress target;
    /** The request's timeout. */
    private final Duration timeout;
    /** How many request datagrams were sent. */
    private final int attempts;
    /** Whether an ICMP port-unreachable report arrived for the target while the request was pending. */
    private final boolean portUnreachable;

    /**
     * Creates the exception.
     *
     * @param target the request's target
     * @param timeout how long the request waited
     * @param attempts how many request datagrams were sent
     * @param portUnreachable whether the target's port was reported unreachable while the request was pending
     */
    public UdpTimeoutException(InetSocketAddress target, Duration timeout, int attempts, boolean portUnreachable) {
        super("no reply from " + target + " within " + timeout.toMillis() + " ms (" + attempts
                + (attempts == 1 ? " attempt)" : " attempts)")
                + (portUnreachable ? "; the target's port is unreachable: nothing listens there" : ""));
        this.target = target;
        this.timeout = timeout;
        this.attempts = attempts;
        this.portUnreachable = portUnreachable;
    }

    /**
     * Returns the request's target.
     *
     * @return the address the request was sent to
     */
    public InetSocketAddress target() {
        return target;
    }

    /**
     * Returns the request's timeout.
     *
     * @return how long the request waited for a reply
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns how many request datagrams were sent: 1 plus the retries.
     *
     * @return the number of attempts
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Tells whether the operating system reported the target's port unreachable (ICMP) while the request was pending.
     * Only a connected client hears of it.
     *
     * @return {@code true} if nothing seemed to listen at the target
     */
    public boolean portUnreachable() {
        return portUnreachable;
    }
}
