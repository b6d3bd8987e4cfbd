package io.github.udpkit;

import io.github.udpkit.internal.Args;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An error the kernel reported for a datagram this socket sent: an ICMP or ICMPv6 message from a router or the target
 * host (port unreachable, host unreachable, fragmentation needed, time exceeded...), or a local error the kernel
 * queued the same way (a datagram larger than the path MTU). Read from the socket's error queue
 * ({@code IP_RECVERR}, {@code IPV6_RECVERR}), so unconnected sockets get them too, with the original destination.
 * An immutable value.
 *
 * @since 0.2
 */
public final class IcmpError {
    /** What went wrong, from the ICMP type and code. */
    public enum Kind {
        /** Destination unreachable, port unreachable: nothing listens on the target port. */
        PORT_UNREACHABLE,
        /** Destination unreachable: host, network or protocol unreachable, or no route. */
        UNREACHABLE,
        /** Destination unreachable, administratively prohibited: a firewall refused it. */
        PROHIBITED,
        /**
         * IPv4 "fragmentation needed" or ICMPv6 "packet too big", or a local refusal for the same reason: the
         * datagram was larger than the path MTU, which {@link #mtu()} tells.
         */
        TOO_BIG,
        /** Time exceeded: the TTL or hop limit ran out on the way (a routing loop, or a traceroute probe). */
        TTL_EXCEEDED,
        /** Anything else, such as a parameter problem. */
        OTHER
    }

    /** Where the report came from. */
    public enum Origin {
        /** An ICMP (IPv4) message. */
        ICMP,
        /** An ICMPv6 message. */
        ICMP6,
        /** The local kernel, before the datagram left (for example a datagram over the known path MTU). */
        LOCAL
    }

    private final Kind kind;
    private final Origin origin;
    private final int type;
    private final int code;
    private final String reason;
    private final InetAddress reporter;
    private final InetSocketAddress destination;
    private final int mtu;

    /**
     * Creates an error; for tests of code that handles them.
     *
     * @param kind what went wrong
     * @param origin where the report came from
     * @param type the ICMP type, 0 to 255 (0 for a local error)
     * @param code the ICMP code, 0 to 255
     * @param reason the operating system's text for the error, such as "Connection refused"
     * @param reporter the router or host that sent the message, or {@code null} if none was given
     * @param destination where the datagram that caused it was going, or {@code null} if the kernel did not say
     * @param mtu the path MTU reported with {@link Kind#TOO_BIG}, or 0
     * @throws NullPointerException if {@code kind}, {@code origin} or {@code reason} is {@code null}
     * @throws IllegalArgumentException if {@code type}, {@code code} or {@code mtu} is out of range
     */
    public IcmpError(Kind kind, Origin origin, int type, int code, String reason, InetAddress reporter,
                     InetSocketAddress destination, int mtu) {
        this.kind = Args.notNull(kind, "kind");
        this.origin = Args.notNull(origin, "origin");
        this.type = Args.inRange(type, 0, 255, "type");
        this.code = Args.inRange(code, 0, 255, "code");
        this.reason = Args.notNull(reason, "reason");
        this.reporter = reporter;
        this.destination = destination;
        this.mtu = Args.inRange(mtu, 0, 65535, "mtu");
    }

    /**
     * Returns what went wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns where the report came from.
     *
     * @return ICMP, ICMPv6, or the local kernel
     */
    public Origin origin() {
        return origin;
    }

    /**
     * Returns the ICMP type (3 destination unreachable, 11 time exceeded; ICMPv6 1, 2 packet too big, 3).
     *
     * @return 0 to 255; 0 for a local error
     */
    public int type() {
        return type;
    }

    /**
     * Returns the ICMP code (for IPv4 destination unreachable: 3 port, 1 host, 4 fragmentation needed).
     *
     * @return 0 to 255
     */
    public int code() {
        return code;
    }

    /**
     * Returns the operating system's text for the error, as a failed call would report it ("Connection refused").
     *
     * @return the text
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns the router or host that sent the ICMP message.
     *
     * @return its address; empty for a local error
     */
    public Optional<InetAddress> reporter() {
        return Optional.ofNullable(reporter);
    }

    /**
     * Returns where the datagram that caused the error was going: on an unconnected socket, the way to tell which
     * peer is gone.
     *
     * @return the original destination; empty if the kernel did not say
     */
    public Optional<InetSocketAddress> destination() {
        return Optional.ofNullable(destination);
    }

    /**
     * Returns the path MTU the error reports: the next hop's MTU of "fragmentation needed" or "packet too big".
     *
     * @return the MTU in bytes of IP packet; empty for other kinds
     */
    public OptionalInt mtu() {
        return mtu > 0 ? OptionalInt.of(mtu) : OptionalInt.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IcmpError e && kind == e.kind && origin == e.origin && type == e.type
                && code == e.code && mtu == e.mtu && reason.equals(e.reason) && Objects.equals(reporter, e.reporter)
                && Objects.equals(destination, e.destination);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, origin, type, code, reason, reporter, destination, mtu);
    }

    /**
     * Describes the error, for example
     * {@code IcmpError[PORT_UNREACHABLE, ICMP type 3 code 3 from /127.0.0.1 for /127.0.0.1:9: Connection refused]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "IcmpError[" + kind + ", " + (origin == Origin.LOCAL ? "local" : origin + " type " + type + " code "
                + code) + (reporter == null ? "" : " from " + reporter) + (destination == null ? ""
                : " for " + destination) + (mtu > 0 ? ", mtu " + mtu : "") + ": " + reason + "]";
    }
}
