package io.github.udpkit.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** The JFR event {@code io.github.udpkit.ReceiverStats}: one per open receiver and period; see {@link Jfr}. */
@Name("io.github.udpkit.ReceiverStats")
@Label("Receiver Statistics")
@Category("udpkit")
@Description("What an open UdpReceiver has seen since it started, as its stats() report it.")
@StackTrace(false)
@Period("1 s")
public final class ReceiverStatsEvent extends Event {
    /** The receiver's local address. */
    @Label("Local Address")
    public String localAddress;

    /** Datagrams read from the socket. */
    @Label("Received")
    public long received;

    /** Payload bytes read. */
    @Label("Bytes")
    @DataAmount
    public long bytes;

    /** Datagrams whose listener returned normally. */
    @Label("Delivered")
    public long delivered;

    /** Datagrams over maxDatagramSize. */
    @Label("Truncated")
    public long truncated;

    /** Datagrams from senders not accepted. */
    @Label("Filtered")
    public long filtered;

    /** Datagrams whose listener threw. */
    @Label("Listener Failures")
    public long listenerFailures;

    /** Datagrams the callback executor rejected. */
    @Label("Rejected")
    public long rejected;

    /** Datagrams dropped because maxPending were waiting for the executor. */
    @Label("Overflowed")
    public long overflowed;

    /** Failed reads from the socket. */
    @Label("Receive Errors")
    public long receiveErrors;

    /** The kernel's drops for the receiver's sockets, or -1 where the operating system does not tell. */
    @Label("Kernel Drops")
    public long kernelDrops;

    /** Datagrams whose listener is still running or queued. */
    @Label("In Flight")
    public long inFlight;
}
