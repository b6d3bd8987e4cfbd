package io.github.udpkit;

/**
 * How a sender's datagrams take part in path MTU discovery ({@code IP_MTU_DISCOVER}, {@code IPV6_MTU_DISCOVER}); see
 * {@link UdpSender.Builder#pathMtuDiscovery(PathMtuDiscovery)}. Native engine only.
 *
 * @since 0.2
 */
public enum PathMtuDiscovery {
    /** {@code IP_PMTUDISC_DONT}: never set Don't Fragment; routers fragment what is too large. */
    DONT(0),
    /** {@code IP_PMTUDISC_WANT}: the kernel's default; Don't Fragment unless the route's MTU is known to be lower. */
    WANT(1),
    /**
     * {@code IP_PMTUDISC_DO}: always set Don't Fragment; a datagram larger than the known path MTU is refused by the
     * send, and a router's "fragmentation needed" lowers the path MTU the sender sees.
     */
    DO(2),
    /** {@code IP_PMTUDISC_PROBE}: set Don't Fragment but ignore the path MTU the kernel learnt; to probe for it. */
    PROBE(3);

    private final int value;

    PathMtuDiscovery(int value) {
        this.value = value;
    }

    /** The option's value in {@code <linux/in.h>}; the same for IPv6. */
    int value() {
        return value;
    }
}
