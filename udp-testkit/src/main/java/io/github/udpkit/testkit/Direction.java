package io.github.udpkit.testkit;

/**
 * A direction through a {@link UdpFaultProxy}.
 *
 * @since 0.1
 */
public enum Direction {
    /** From a client (whoever sent to the proxy) to the proxy's target. */
    TO_TARGET,
    /** From the target back to the client it answers. */
    TO_CLIENT
}
