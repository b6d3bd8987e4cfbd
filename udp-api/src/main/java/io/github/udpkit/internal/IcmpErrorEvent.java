package io.github.udpkit.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** The JFR event {@code io.github.udpkit.IcmpError}; emitted through {@link Jfr}. */
@Name("io.github.udpkit.IcmpError")
@Label("ICMP Error")
@Category("udpkit")
@Description("The kernel reported an ICMP or ICMPv6 error, or a local error queued the same way, for a datagram a "
        + "socket with onIcmpError sent.")
public final class IcmpErrorEvent extends Event {
    /** The local address of the socket that sent the datagram. */
    @Label("Local Address")
    public String localAddress;

    /** What went wrong: the name of an {@code IcmpError.Kind}, such as {@code PORT_UNREACHABLE}. */
    @Label("Kind")
    public String kind;

    /** {@code ICMP}, {@code ICMP6} or {@code LOCAL}. */
    @Label("Origin")
    public String origin;

    /** The ICMP type (0 for a local error). */
    @Label("Type")
    public int type;

    /** The ICMP code. */
    @Label("Code")
    public int code;

    /** The operating system's text for the error. */
    @Label("Reason")
    public String reason;

    /** The router or host that sent the message, or empty if none was given. */
    @Label("Reporter")
    public String reporter;

    /** Where the datagram that caused it was going, or empty if the kernel did not say. */
    @Label("Destination")
    public String destination;

    /** The path MTU reported with {@code TOO_BIG}, or 0. */
    @Label("MTU")
    public int mtu;

    /** Creates an event to fill in and commit. */
    public IcmpErrorEvent() {
    }
}
