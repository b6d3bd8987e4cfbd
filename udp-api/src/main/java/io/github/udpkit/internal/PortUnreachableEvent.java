package io.github.udpkit.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** The JFR event {@code io.github.udpkit.PortUnreachable}; emitted through {@link Jfr}. */
@Name("io.github.udpkit.PortUnreachable")
@Label("Port Unreachable")
@Category("udpkit")
@Description("The operating system reported ICMP port-unreachable for a connected target: nothing listens there.")
public final class PortUnreachableEvent extends Event {
    /** The target that refused. */
    @Label("Target")
    public String target;
}
