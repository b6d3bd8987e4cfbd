package io.github.udpkit.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * udpkit's JDK Flight Recorder events, in one place. Each emitter first asks a static {@link EventType} whether a
 * recording wants the event ({@link EventType#isEnabled()}, a field read): with JFR off, or the event disabled, an
 * emitter allocates nothing, formats nothing and returns. The per-datagram events are emitted only on the paths that
 * do not deliver (truncated, dropped, a throwing listener), never for a delivered datagram.
 *
 * <p>The periodic statistics events ({@code io.github.udpkit.ReceiverStats}, {@code io.github.udpkit.SenderStats})
 * are hooks registered with {@link FlightRecorder#addPeriodicEvent(Class, Runnable)} per receiver and sender, and
 * removed when it closes, so a closed one is neither reported nor kept alive by JFR.
 */
public final class Jfr {
    /** {@link DatagramDroppedEvent#reason}: the source filter did not accept the sender. */
    public static final String FILTERED = "filtered";
    /** {@link DatagramDroppedEvent#reason}: {@code maxPending} datagrams were already waiting for the executor. */
    public static final String OVERFLOWED = "overflowed";
    /** {@link DatagramDroppedEvent#reason}: the callback executor rejected the task. */
    public static final String REJECTED = "rejected";

    private static final EventType TRUNCATED = EventType.getEventType(DatagramTruncatedEvent.class);
    private static final EventType DROPPED = EventType.getEventType(DatagramDroppedEvent.class);
    private static final EventType LISTENER_FAILURE = EventType.getEventType(ListenerFailureEvent.class);
    private static final EventType SEND_FAILURE = EventType.getEventType(SendFailureEvent.class);
    private static final EventType PORT_UNREACHABLE = EventType.getEventType(PortUnreachableEvent.class);

    private Jfr() {
    }

    /**
     * Emits {@code io.github.udpkit.DatagramTruncated} if a recording wants it.
     *
     * @param channel the receiver's socket, for its local address
     * @param sender who sent the datagram
     * @param kept the bytes kept
     * @param maxDatagramSize the receiver's limit
     */
    public static void truncated(DatagramChannel channel, SocketAddress sender, int kept, int maxDatagramSize) {
        if (TRUNCATED.isEnabled()) {
            DatagramTruncatedEvent e = new DatagramTruncatedEvent();
            e.localAddress = local(channel);
            e.sender = String.valueOf(sender);
            e.kept = kept;
            e.maxDatagramSize = maxDatagramSize;
            e.commit();
        }
    }

    /**
     * Emits {@code io.github.udpkit.DatagramDropped} if a recording wants it.
     *
     * @param channel the receiver's socket, for its local address
     * @param sender who sent the datagram
     * @param size the bytes read
     * @param reason {@link #FILTERED}, {@link #OVERFLOWED} or {@link #REJECTED}
     */
    public static void dropped(DatagramChannel channel, SocketAddress sender, int size, String reason) {
        if (DROPPED.isEnabled()) {
            DatagramDroppedEvent e = new DatagramDroppedEvent();
            e.localAddress = local(channel);
            e.sender = String.valueOf(sender);
            e.size = size;
            e.reason = reason;
            e.commit();
        }
    }

    /**
     * Emits {@code io.github.udpkit.ListenerFailure} if a recording wants it.
     *
     * @param channel the receiver's socket, for its local address
     * @param sender who sent the datagram the listener was handling
     * @param listener which listener: {@code onDatagram}, {@code onDatagramView}, {@code onTruncated} or
     *     {@code acceptFrom}
     * @param thrown what it threw
     */
    public static void listenerFailure(DatagramChannel channel, SocketAddress sender, String listener,
                                       Throwable thrown) {
        if (LISTENER_FAILURE.isEnabled()) {
            ListenerFailureEvent e = new ListenerFailureEvent();
            e.localAddress = local(channel);
            e.sender = String.valueOf(sender);
            e.listener = listener;
            e.exception = thrown.getClass().getName();
            e.message = thrown.getMessage();
            e.commit();
        }
    }

    /**
     * Emits {@code io.github.udpkit.SendFailure} if a recording wants it.
     *
     * @param target where the datagram was going
     * @param error what the send threw
     */
    public static void sendFailure(SocketAddress target, Throwable error) {
        if (SEND_FAILURE.isEnabled()) {
            SendFailureEvent e = new SendFailureEvent();
            e.target = String.valueOf(target);
            e.exception = error.getClass().getName();
            e.message = error.getMessage();
            e.commit();
        }
    }

    /**
     * Emits {@code io.github.udpkit.PortUnreachable} if a recording wants it.
     *
     * @param target the connected target that refused a datagram
     */
    public static void portUnreachable(SocketAddress target) {
        if (PORT_UNREACHABLE.isEnabled()) {
            PortUnreachableEvent e = new PortUnreachableEvent();
            e.target = String.valueOf(target);
            e.commit();
        }
    }

    /**
     * Registers a periodic event's hook; JFR calls it once per period while a recording wants the event.
     *
     * @param event the periodic event's class
     * @param hook creates, fills and commits one event
     * @return the hook, for {@link #stopPeriodic(Runnable)}; {@code null} if JFR refused it (it is then never called)
     */
    public static Runnable periodic(Class<? extends jdk.jfr.Event> event, Runnable hook) {
        try {
            FlightRecorder.addPeriodicEvent(event, hook);
            return hook;
        } catch (RuntimeException | Error e) { // no JFR in this runtime (a native image built without it, ...)
            return null;
        }
    }

    /**
     * Removes a periodic hook registered with {@link #periodic(Class, Runnable)}. Idempotent.
     *
     * @param hook the hook, or {@code null}
     */
    public static void stopPeriodic(Runnable hook) {
        if (hook != null) {
            try {
                FlightRecorder.removePeriodicEvent(hook);
            } catch (RuntimeException | Error e) {
                // nothing was registered
            }
        }
    }

    private static String local(DatagramChannel channel) {
        try {
            return String.valueOf(channel.getLocalAddress());
        } catch (IOException e) {
            return "(closed)";
        }
    }
}
