package io.github.udpkit.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The JFR event {@code io.github.udpkit.DatagramTruncated}; emitted through {@link Jfr}. */
@Name("io.github.udpkit.DatagramTruncated")
@Label("Datagram Truncated")
@Category("udpkit")
@Description("A datagram larger than the receiver's maxDatagramSize was read; only its first bytes were kept.")
@StackTrace(false)
public final class DatagramTruncatedEvent extends Event {
    /** The receiver's local address. */
    @Label("Local Address")
    public String localAddress;

    /** Who sent the datagram. */
    @Label("Sender")
    public String sender;

    /** The bytes kept: the receiver's limit. */
    @Label("Kept")
    @DataAmount
    public int kept;

    /** The receiver's maxDatagramSize. */
    @Label("Max Datagram Size")
    @DataAmount
    public int maxDatagramSize;
}
