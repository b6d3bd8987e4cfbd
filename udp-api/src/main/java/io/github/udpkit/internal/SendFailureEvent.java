package io.github.udpkit.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** The JFR event {@code io.github.udpkit.SendFailure}; emitted through {@link Jfr}. */
@Name("io.github.udpkit.SendFailure")
@Label("Send Failure")
@Category("udpkit")
@Description("A send was refused or failed: too large, on a closed sender, or refused by the operating system.")
public final class SendFailureEvent extends Event {
    /** Where the datagram was going. */
    @Label("Target")
    public String target;

    /** The class of the exception the send threw. */
    @Label("Exception")
    public String exception;

    /** Its message. */
    @Label("Message")
    public String message;
}
