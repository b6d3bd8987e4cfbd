package io.github.udpkit.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The JFR event {@code io.github.udpkit.ListenerFailure}; emitted through {@link Jfr}. */
@Name("io.github.udpkit.ListenerFailure")
@Label("Listener Failure")
@Category("udpkit")
@Description("A receiver's listener or source filter threw.")
@StackTrace(false)
public final class ListenerFailureEvent extends Event {
    /** The receiver's local address. */
    @Label("Local Address")
    public String localAddress;

    /** Who sent the datagram. */
    @Label("Sender")
    public String sender;

    /** Which listener: onDatagram, onDatagramView, onTruncated or acceptFrom. */
    @Label("Listener")
    public String listener;

    /** The class of what it threw. */
    @Label("Exception")
    public String exception;

    /** The message of what it threw. */
    @Label("Message")
    public String message;
}
