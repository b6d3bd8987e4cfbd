package io.github.udpkit.internal;

import io.github.udpkit.IcmpError;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * udpkit's JDK Flight Recorder events, in one place. Each emitter first reads a static flag (is JFR initialised in
 * this JVM at all?) and then asks a static {@link EventType} whether a recording wants the event
 * ({@link EventType#isEnabled()}, a field read): with JFR off, or the event disabled, an emitter allocates nothing,
 * formats nothing and returns. The per-datagram events are emitted only on the paths that do not deliver (truncated,
 * dropped, a throwing listener), never for a delivered datagram.
 *
 * <p><b>Nothing of JFR is loaded until JFR starts.</b> Loading the first {@link Event} subclass initialises JFR's
 * Java side, which took 150 to 300 ms on the machine udpkit is built on: far too much for a receiver's start-up. So
 * the event classes are touched only after Flight Recorder is initialised (a {@link FlightRecorderListener} says
 * when: {@code -XX:StartFlightRecording}, {@code jcmd JFR.start}, a {@code Recording} or {@code RecordingStream}; the
 * listener itself is registered on the common pool when JFR is not loaded yet, as that loads part of it),
 * and the periodic statistics events ({@code io.github.udpkit.ReceiverStats}, {@code io.github.udpkit.SenderStats})
 * are registered with {@link FlightRecorder#addPeriodicEvent(Class, Runnable)} then, for every receiver and sender
 * still open, and removed when it closes, so a closed one is neither reported nor kept alive by JFR.
 */
public final class Jfr {
    /** {@link DatagramDroppedEvent#reason}: the source filter did not accept the sender. */
    public static final String FILTERED = "filtered";
    /** {@link DatagramDroppedEvent#reason}: {@code maxPending} datagrams were already waiting for the executor. */
    public static final String OVERFLOWED = "overflowed";
    /** {@link DatagramDroppedEvent#reason}: the callback executor rejected the task. */
    public static final String REJECTED = "rejected";

    /** Whether Flight Recorder is initialised in this JVM; never goes back to false. */
    private static volatile boolean active;
    /** The periodic hooks of the open receivers and senders; guarded by {@code Jfr.class} for registration. */
    private static final Set<Periodic> PERIODIC = ConcurrentHashMap.newKeySet();

    /** Which periodic statistics event a hook emits. */
    public enum Stats {
        /** {@code io.github.udpkit.ReceiverStats}. */
        RECEIVER,
        /** {@code io.github.udpkit.SenderStats}. */
        SENDER
    }

    /** A registered periodic hook; the handle {@link #periodic(Stats, Runnable)} returns. */
    private record Periodic(Stats stats, Runnable hook) {
    }

    /** The event types, loaded on first use, which is never before JFR is initialised. */
    private static final class Types {
        static final EventType TRUNCATED = EventType.getEventType(DatagramTruncatedEvent.class);
        static final EventType DROPPED = EventType.getEventType(DatagramDroppedEvent.class);
        static final EventType LISTENER_FAILURE = EventType.getEventType(ListenerFailureEvent.class);
        static final EventType SEND_FAILURE = EventType.getEventType(SendFailureEvent.class);
        static final EventType PORT_UNREACHABLE = EventType.getEventType(PortUnreachableEvent.class);
        static final EventType ICMP_ERROR = EventType.getEventType(IcmpErrorEvent.class);
    }

    static {
        if (FlightRecorder.isInitialized()) {
            listen(); // JFR is loaded already: cheap, and events flow from the first datagram
        } else {
            CompletableFuture.runAsync(Jfr::listen); // loads part of JFR (tens of ms): not on the caller's thread
        }
    }

    private static void listen() {
        try {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recorderInitialized(FlightRecorder recorder) {
                    activate(); // at once if JFR is initialised already, else when it is
                }
            });
        } catch (RuntimeException | Error e) { // no JFR in this runtime: the emitters stay off
            active = false;
        }
    }

    /**
     * Tells whether udpkit's events are live: Flight Recorder is initialised and udpkit has heard of it.
     *
     * @return {@code true} once the emitters and periodic hooks are on
     */
    public static boolean isActive() {
        return active;
    }

    private Jfr() {
    }

    /**
     * Emits {@code io.github.udpkit.DatagramTruncated} if a recording wants it.
     *
     * @param local the receiver's local address
     * @param sender who sent the datagram
     * @param kept the bytes kept
     * @param maxDatagramSize the receiver's limit
     */
    public static void truncated(SocketAddress local, SocketAddress sender, int kept, int maxDatagramSize) {
        if (active && Types.TRUNCATED.isEnabled()) {
            DatagramTruncatedEvent e = new DatagramTruncatedEvent();
            e.localAddress = String.valueOf(local);
            e.sender = String.valueOf(sender);
            e.kept = kept;
            e.maxDatagramSize = maxDatagramSize;
            e.commit();
        }
    }

    /**
     * Emits {@code io.github.udpkit.DatagramDropped} if a recording wants it.
     *
     * @param local the receiver's local address
     * @param sender who sent the datagram
     * @param size the bytes read
     * @param reason {@link #FILTERED}, {@link #OVERFLOWED} or {@link #REJECTED}
     */
    public static void dropped(SocketAddress local, SocketAddress sender, int size, String reason) {
        if (active && Types.DROPPED.isEnabled()) {
            DatagramDroppedEvent e = new DatagramDroppedEvent();
            e.localAddress = String.valueOf(local);
            e.sender = String.valueOf(sender);
            e.size = size;
            e.reason = reason;
            e.commit();
        }
    }

    /**
     * Emits {@code io.github.udpkit.ListenerFailure} if a recording wants it.
     *
     * @param local the receiver's local address
     * @param sender who sent the datagram the listener was handling
     * @param listener which listener: {@code onDatagram}, {@code onDatagramView}, {@code onTruncated} or
     *     {@code acceptFrom}
     * @param thrown what it threw
     */
    public static void listenerFailure(SocketAddress local, SocketAddress sender, String listener,
                                       Throwable thrown) {
        if (active && Types.LISTENER_FAILURE.isEnabled()) {
            ListenerFailureEvent e = new ListenerFailureEvent();
            e.localAddress = String.valueOf(local);
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
        if (active && Types.SEND_FAILURE.isEnabled()) {
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
        if (active && Types.PORT_UNREACHABLE.isEnabled()) {
            PortUnreachableEvent e = new PortUnreachableEvent();
            e.target = String.valueOf(target);
            e.commit();
        }
    }

    /**
     * Emits {@code io.github.udpkit.IcmpError} if a recording wants it.
     *
     * @param local the local address of the socket that read the error; asked only if the event is wanted
     * @param error what the kernel reported
     */
    public static void icmpError(Supplier<? extends SocketAddress> local, IcmpError error) {
        if (active && Types.ICMP_ERROR.isEnabled()) {
            IcmpErrorEvent e = new IcmpErrorEvent();
            e.localAddress = String.valueOf(local.get());
            e.kind = error.kind().name();
            e.origin = error.origin().name();
            e.type = error.type();
            e.code = error.code();
            e.reason = error.reason();
            e.reporter = error.reporter().map(String::valueOf).orElse("");
            e.destination = error.destination().map(String::valueOf).orElse("");
            e.mtu = error.mtu().orElse(0);
            e.commit();
        }
    }

    /**
     * Registers a periodic statistics hook: JFR calls it once per period while a recording wants the event. Until JFR
     * is initialised the hook is only remembered.
     *
     * @param stats which event the hook emits
     * @param hook creates, fills and commits one event
     * @return the handle for {@link #stopPeriodic(Object)}
     */
    public static Object periodic(Stats stats, Runnable hook) {
        Periodic p = new Periodic(stats, hook);
        synchronized (Jfr.class) {
            PERIODIC.add(p);
            if (active) {
                add(p);
            }
        }
        return p;
    }

    /**
     * Removes a hook registered with {@link #periodic(Stats, Runnable)}. Idempotent.
     *
     * @param handle the handle, or {@code null}
     */
    public static void stopPeriodic(Object handle) {
        if (handle instanceof Periodic p) {
            synchronized (Jfr.class) {
                if (PERIODIC.remove(p) && active) {
                    try {
                        FlightRecorder.removePeriodicEvent(p.hook());
                    } catch (RuntimeException | Error e) {
                        // it was never registered
                    }
                }
            }
        }
    }

    private static synchronized void activate() {
        if (!active) {
            active = true;
            PERIODIC.forEach(Jfr::add);
        }
    }

    private static void add(Periodic p) {
        try {
            FlightRecorder.addPeriodicEvent(p.stats() == Stats.RECEIVER ? ReceiverStatsEvent.class
                    : SenderStatsEvent.class, p.hook());
        } catch (RuntimeException | Error e) {
            // JFR refused the hook (it cannot, for these classes): the event is just not emitted
        }
    }
}
