package io.github.udpkit.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** The JFR event {@code io.github.udpkit.SenderStats}: one per open sender and period; see {@link Jfr}. */
@Name("io.github.udpkit.SenderStats")
@Label("Sender Statistics")
@Category("udpkit")
@Description("What an open UdpSender has sent since it was built, as its stats() report it.")
@StackTrace(false)
@Period("1 s")
public final class SenderStatsEvent extends Event {
    /** The sender's local address. */
    @Label("Local Address")
    public String localAddress;

    /** The sender's target, or empty when it has none. */
    @Label("Target")
    public String target;

    /** Datagrams sent. */
    @Label("Sent")
    public long sent;

    /** Payload bytes sent. */
    @Label("Bytes")
    @DataAmount
    public long bytes;

    /** Sends refused as too large. */
    @Label("Refused Too Large")
    public long refusedTooLarge;

    /** Sends refused because the sender was closed. */
    @Label("Refused Closed")
    public long refusedClosed;

    /** Sends that failed with port unreachable. */
    @Label("Port Unreachable")
    public long portUnreachable;

    /** Sends that failed otherwise. */
    @Label("Failed")
    public long failed;

    /** Batch sends. */
    @Label("Batches")
    public long batches;

    /** Datagrams sent within batches. */
    @Label("Segments")
    public long segments;
}
