package io.github.udpkit.testkit;

import io.github.udpkit.internal.Args;
import java.time.Duration;

/**
 * What a {@link UdpFaultProxy} with a {@link Link} (or NAT rebinding) did, and when, measured from the proxy's start:
 * one event per datagram on a link (delivered or dropped), one per packet over an MTU, one per rebinding. Read them
 * with {@link UdpFaultProxy#events()}.
 *
 * @param at when the datagram arrived at the proxy (or the rebinding happened), from the proxy's start
 * @param direction which way
 * @param sequence the datagram's 1-based number in that direction
 * @param kind what happened
 * @param delivery for {@link Kind#DELIVERED}, when the datagram leaves the link, from the proxy's start (queue and
 *     delay included); else equal to {@code at}
 * @param detail a human-readable detail: the drop reason, {@code 1500 > mtu 1400}, or {@code port 40001 -> 40002}
 * @since 0.2
 */
public record LinkEvent(Duration at, Direction direction, long sequence, Kind kind, Duration delivery,
                        String detail) {

    /** The kinds of events. */
    public enum Kind {
        /** The link delivers the datagram at {@link LinkEvent#delivery()}. */
        DELIVERED,
        /** The link dropped the datagram; {@link LinkEvent#detail()} names the {@link LedgerEntry.Drop}. */
        DROPPED,
        /** The packet was over the MTU: what an ICMP "fragmentation needed" would say; {@code detail} has sizes. */
        FRAGMENTATION_NEEDED,
        /** The proxy changed the source port it sends this client's datagrams from, before this datagram. */
        REBOUND
    }

    /**
     * Checks the components.
     *
     * @param at when
     * @param direction which way
     * @param sequence the datagram's number
     * @param kind what happened
     * @param delivery when it leaves the link
     * @param detail the detail
     * @throws NullPointerException if a reference is {@code null}
     */
    public LinkEvent {
        Args.notNull(at, "at");
        Args.notNull(direction, "direction");
        Args.notNull(kind, "kind");
        Args.notNull(delivery, "delivery");
        Args.notNull(detail, "detail");
    }

    /**
     * Returns how long the link held the datagram: queue, serialisation and delay.
     *
     * @return {@code delivery - at}
     */
    public Duration latency() {
        return delivery.minus(at);
    }
}
