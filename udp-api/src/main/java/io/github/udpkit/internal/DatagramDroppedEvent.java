package io.github.udpkit.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The JFR event {@code io.github.udpkit.DatagramDropped}; emitted through {@link Jfr}. */
@Name("io.github.udpkit.DatagramDropped")
@Label("Datagram Dropped")
@Category("udpkit")
@Description("A datagram read from the socket was not delivered: filtered (sender not accepted), overflowed (too "
        + "many waiting for the executor) or rejected (by the executor).")
@StackTrace(false)
public final class DatagramDroppedEvent extends Event {
    /** The receiver's local address. */
    @Label("Local Address")
    public String localAddress;

    /** Who sent the datagram. */
    @Label("Sender")
    public String sender;

    /** The bytes read. */
    @Label("Size")
    @DataAmount
    public int size;

    /** Why: filtered, overflowed or rejected. */
    @Label("Reason")
    public String reason;
}
