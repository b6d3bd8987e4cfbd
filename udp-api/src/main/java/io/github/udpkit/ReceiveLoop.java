package io.github.udpkit;

import io.github.udpkit.internal.Jfr;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The receive loop of one socket: a blocking read of one datagram (NIO) or a batch (native) into reused buffers,
 * then dispatch of each datagram in order on the same thread (or to the executor), so a listener never sees a batch.
 * It stops when the socket is closed; it never relies on interrupts.
 *
 * <p><b>User code is guarded in one way.</b> Everything of the user's that runs on the receive thread (the listeners,
 * {@code onTruncated}, {@code onError}, the {@code acceptFrom} predicate, the executor's {@code execute} and, with a
 * direct or caller-runs executor, the listener inside it) is called inside a {@code catch (Throwable)} that counts
 * and reports; and before every read the loop clears an interrupt that any of it left behind, and reports it, because
 * a read on an interrupted thread would close the socket. Anything thrown outside user code is a failure of the
 * loop itself (an {@link OutOfMemoryError} while copying a payload, a bug): it is handed to the receiver, which
 * reports it, closes every socket and reports itself failed, never a live-looking receiver with a dead thread.
 *
 * <p>Hot path, per datagram: the {@code receive} call and nothing else that allocates or enters the kernel. The
 * {@link DatagramViewListener} path hands the listener a view of the receive buffer (no allocation, no clock). The
 * {@link DatagramListener} path allocates exactly what it hands over, the payload copy and one {@link Datagram}, and
 * stamps it with {@link ReceiveClock} (an intrinsic {@code System.nanoTime()} read through the vDSO, no system call,
 * no allocation). Counters the loop thread alone writes are published with release stores, which need no fence on x86.
 */
final class ReceiveLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(UdpReceiver.class.getName());
    /** Longest pause after consecutive receive errors, so a broken socket cannot spin a core. */
    private static final long MAX_ERROR_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final VarHandle RECEIVED;
    private static final VarHandle BYTES;
    private static final VarHandle DELIVERED_INLINE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECEIVED = lookup.findVarHandle(ReceiveLoop.class, "received", long.class);
            BYTES = lookup.findVarHandle(ReceiveLoop.class, "bytes", long.class);
            DELIVERED_INLINE = lookup.findVarHandle(ReceiveLoop.class, "deliveredInline", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the loop needs of its receiver. */
    interface Owner {
        /** The loop ended abnormally: report, close every socket, mark the receiver failed. */
        void loopFailed(ReceiveLoop loop, UdpException failure);

        /** A thread has started running the loop. */
        void loopStarted();

        /** Tells whether {@code close()} (or a failure) has started: a closed channel is then the normal way out. */
        boolean stopping();
    }

    private final EngineSocket socket;
    private final EngineSocket.Inbound inbound;
    /** Read once at start: a closed socket no longer knows its address. */
    private final InetSocketAddress localAddress;
    private final int maxDatagramSize;
    private final DatagramListener onDatagram;
    private final DatagramViewListener onDatagramView;
    private final DatagramListener onTruncated;
    private final ErrorListener onError;
    private final Executor executor;
    private final Predicate<InetSocketAddress> acceptFrom;
    private final Backlog backlog;
    private final Owner owner;
    private final DatagramView view;
    private final ReceiveClock clock = new ReceiveClock();
    private volatile boolean started;

    // Written only by the loop thread, with release stores; read by stats() from any thread.
    @SuppressWarnings("unused") // accessed through RECEIVED
    private long received;
    @SuppressWarnings("unused") // accessed through BYTES
    private long bytes;
    @SuppressWarnings("unused") // accessed through DELIVERED_INLINE
    private long deliveredInline;
    private volatile long receiveErrors;
    private volatile long filtered;
    private volatile long overflowed;
    // Written by the loop thread or, with an executor, by its threads.
    private final LongAdder delivered = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    /** What every datagram carries whatever the engine reads (the bound address as destination), or {@code null}. */
    private final PacketInfo fixedInfo;
    private final boolean readsMetadata;

    /**
     * Creates the loop for one socket.
     *
     * @param settings the receiver's listeners and options
     * @param acceptFrom the senders accepted, or {@code null} for all
     * @param backlog the datagrams queued on the executor, shared by the receiver's loops
     */
    ReceiveLoop(EngineSocket socket, EngineSocket.Inbound inbound, InetSocketAddress localAddress, Settings settings,
                Predicate<InetSocketAddress> acceptFrom, Backlog backlog, Owner owner) {
        this.socket = socket;
        this.inbound = inbound;
        this.localAddress = localAddress;
        this.maxDatagramSize = settings.maxDatagramSize();
        this.onDatagram = settings.onDatagram();
        this.onDatagramView = settings.onDatagramView();
        this.onTruncated = settings.onTruncated();
        this.onError = settings.onError();
        this.executor = settings.executor();
        this.fixedInfo = settings.fixedInfo();
        this.readsMetadata = inbound.hasMetadata();
        this.view = onDatagramView == null ? null : new DatagramView();
        this.acceptFrom = acceptFrom;
        this.backlog = backlog;
        this.owner = owner;
    }

    /** The listeners and limits every loop of a receiver shares. */
    record Settings(int maxDatagramSize, DatagramListener onDatagram, DatagramViewListener onDatagramView,
                    DatagramListener onTruncated, ErrorListener onError, Executor executor, PacketInfo fixedInfo) {
    }

    /**
     * Tells whether a thread has started running this loop.
     *
     * @return {@code true} once {@link #run()} was entered
     */
    boolean started() {
        return started;
    }

    @Override
    public void run() {
        started = true;
        owner.loopStarted();
        try {
            receiveUntilClosed();
        } catch (Throwable fatal) {
            owner.loopFailed(this, new UdpException("the receive loop of " + localAddress + " failed outside any "
                    + "listener and the receiver closed its sockets; start a new receiver: " + fatal, fatal));
        } finally {
            inbound.free(); // this thread was its only user
        }
    }

    /** Frees the receive buffers of a loop that no thread ever ran (a receiver that failed to start). */
    void freeIfNeverStarted() {
        if (!started) {
            inbound.free();
        }
    }

    private void receiveUntilClosed() {
        int consecutiveErrors = 0;
        InetSocketAddress last = null;
        while (socket.isOpen()) {
            if (Thread.interrupted()) {
                reportInterruptLeftAfter(last);
            }
            int read;
            try {
                read = inbound.receive();
            } catch (ClosedByInterruptException interrupted) {
                if (!owner.stopping()) {
                    owner.loopFailed(this, new UdpException("the receive thread of " + localAddress + " was "
                            + "interrupted while it waited for a datagram, which closed its socket (a DatagramChannel "
                            + "is an InterruptibleChannel); the receiver has closed its sockets: never interrupt its "
                            + "thread, and start a new receiver", interrupted));
                }
                return;
            } catch (ClosedChannelException closed) {
                return; // closed by close(), possibly while blocked: the normal way out
            } catch (IOException e) {
                if (!socket.isOpen()) {
                    return;
                }
                receiveErrors++;
                report(new UdpException("receive on " + localAddress + " failed: " + e.getMessage(), e));
                consecutiveErrors++;
                LockSupport.parkNanos(Math.min(MAX_ERROR_BACKOFF_NANOS, 1_000_000L << Math.min(consecutiveErrors, 7)));
                continue;
            }
            consecutiveErrors = 0;
            for (int i = 0; i < read; i++) { // datagram by datagram, in arrival order, even from one batch
                last = inbound.sender(i);
                handleRead(i, last);
                if (Thread.interrupted()) { // after each datagram's user code: one report per interrupt left
                    reportInterruptLeftAfter(last);
                }
            }
        }
    }

    private void handleRead(int index, InetSocketAddress sender) {
        boolean cut = inbound.truncated(index);
        int kept = inbound.keptLength(index);
        int length = kept;
        int refused;
        if (acceptFrom != null && !accepts(sender)) {
            count(kept);
            filtered++;
            Jfr.dropped(localAddress, sender, length, Jfr.FILTERED);
            return;
        }
        if (onDatagramView != null && !cut) {
            count(length);
            handleView(index, sender, length);
        } else if (executor == null) {
            handle(copy(index, sender, kept, cut), true);
        } else if ((refused = backlog.tryAdmit(kept)) != Backlog.ADMITTED) {
            count(kept);
            overflow(sender, kept, refused);
        } else {
            Datagram datagram;
            try {
                datagram = copy(index, sender, kept, cut);
            } catch (Throwable t) {
                backlog.release(kept);
                throw t;
            }
            submit(new ExecutorTask(this, datagram));
        }
    }

    private boolean accepts(InetSocketAddress sender) {
        try {
            return acceptFrom.test(sender);
        } catch (Throwable t) {
            Jfr.listenerFailure(localAddress, sender, "acceptFrom", t);
            report(new UdpListenerException("acceptFrom threw for the datagram from " + sender
                    + "; it was dropped and counted as filtered: " + t, t));
            return false;
        }
    }

    private void reportInterruptLeftAfter(InetSocketAddress sender) {
        report(new UdpListenerException("code run by the receive thread of " + localAddress + " (a listener, "
                + "acceptFrom, the executor or onError) left it interrupted" + (sender == null ? ""
                : " after the datagram from " + sender) + "; udpkit cleared the interrupt to keep the socket open",
                null));
    }

    private void count(int kept) {
        RECEIVED.setRelease(this, (long) RECEIVED.get(this) + 1);
        BYTES.setRelease(this, (long) BYTES.get(this) + kept);
    }

    private void handleView(int index, InetSocketAddress sender, int length) {
        view.open(inbound.buffer(index), sender, length, readsMetadata ? inbound : null, index, fixedInfo);
        try {
            onDatagramView.onDatagram(view);
        } catch (Throwable t) {
            listenerFailures.increment();
            Jfr.listenerFailure(localAddress, sender, "onDatagramView", t);
            report(new UdpListenerException("onDatagramView threw for the datagram from " + sender + " (" + length
                    + " bytes): " + t, t));
            return;
        } finally {
            view.close();
        }
        DELIVERED_INLINE.setRelease(this, (long) DELIVERED_INLINE.get(this) + 1);
    }

    /** Copies the datagram out of the receive buffer and counts it; outside user code, so an error here is fatal. */
    private Datagram copy(int index, InetSocketAddress sender, int kept, boolean cut) {
        byte[] payload = new byte[kept];
        inbound.buffer(index).get(0, payload, 0, kept);
        count(kept);
        long kernelTime = readsMetadata ? inbound.kernelTimeNanos(index) : -1;
        long at = kernelTime >= 0 ? kernelTime : clock.epochNanos();
        PacketInfo info = readsMetadata ? PacketInfo.read(inbound, index, fixedInfo) : fixedInfo;
        return Datagram.adopt(sender, payload, Math.floorDiv(at, ReceiveClock.NANOS_PER_SECOND),
                (int) Math.floorMod(at, ReceiveClock.NANOS_PER_SECOND), cut, inbound.realLength(index), info);
    }

    private void overflow(InetSocketAddress sender, int kept, int refused) {
        long dropped = ++overflowed;
        Jfr.dropped(localAddress, sender, kept, Jfr.OVERFLOWED);
        if (dropped == 1 || dropped % 1000 == 0) { // every drop is counted; the first and each 1000th reported
            boolean count = refused == Backlog.FULL_DATAGRAMS;
            report(new UdpListenerException("the callback executor is " + (count ? backlog.maxDatagrams()
                    + " datagrams behind; dropped the datagram from " : backlog.maxBytes() + " bytes behind "
                    + "(maxPendingBytes); dropped the " + kept + "-byte datagram from ") + sender + " (" + dropped
                    + " dropped by this socket so far, see stats().overflowed()); raise "
                    + (count ? "maxPending" : "maxPendingBytes") + " or speed up the listener", null));
        }
    }

    /**
     * Hands a task to the executor. Whatever {@code execute} throws, the datagram gets exactly one outcome: if the
     * task never ran, the loop claims it and counts it as rejected; if it ran (a caller-runs or direct executor that
     * then threw), it counted itself and the loop only reports what was thrown.
     */
    private void submit(ExecutorTask task) {
        try {
            executor.execute(task);
        } catch (Throwable t) {
            Datagram datagram = task.datagram();
            if (task.claim()) {
                backlog.release(datagram.length());
                rejected.increment();
                Jfr.dropped(localAddress, datagram.sender(), datagram.length(), Jfr.REJECTED);
                boolean rejection = t instanceof RejectedExecutionException;
                report(new UdpListenerException("executor " + (rejection ? "rejected" : "threw for")
                        + " the datagram from " + datagram.sender() + " (" + datagram.length() + " bytes); it was "
                        + "not delivered" + (rejection ? "" : ": " + t), t));
            } else {
                report(new UdpListenerException("executor threw after it ran the task for the datagram from "
                        + datagram.sender() + " (" + datagram.length() + " bytes), which was handled: " + t, t));
            }
        }
    }

    /** Runs an executor task's datagram: its listener, then its release from the backlog. */
    void runTask(Datagram datagram) {
        try {
            handle(datagram, false);
        } finally {
            backlog.release(datagram.length());
        }
    }

    private void handle(Datagram datagram, boolean onLoopThread) {
        if (datagram.truncated()) {
            handleTruncated(datagram);
            return;
        }
        try {
            onDatagram.onDatagram(datagram);
        } catch (Throwable t) {
            listenerFailures.increment();
            Jfr.listenerFailure(localAddress, datagram.sender(), "onDatagram", t);
            report(new UdpListenerException("onDatagram threw for the datagram from " + datagram.sender() + " ("
                    + datagram.length() + " bytes): " + t, t));
            return;
        }
        if (onLoopThread) {
            DELIVERED_INLINE.setRelease(this, (long) DELIVERED_INLINE.get(this) + 1);
        } else {
            delivered.increment();
        }
    }

    private void handleTruncated(Datagram datagram) {
        Jfr.truncated(localAddress, datagram.sender(), datagram.length(), maxDatagramSize);
        try {
            if (onTruncated == null) {
                LOG.log(Level.WARNING, () -> "truncated datagram from " + datagram.sender() + ": more than "
                        + maxDatagramSize + " bytes (maxDatagramSize " + maxDatagramSize
                        + "); only the first " + maxDatagramSize + " bytes were kept. Set onTruncated to handle it.");
            } else {
                onTruncated.onDatagram(datagram);
            }
        } catch (Throwable t) {
            Jfr.listenerFailure(localAddress, datagram.sender(), "onTruncated", t);
            report(new UdpListenerException("onTruncated threw for the datagram from " + datagram.sender() + " ("
                    + datagram.length() + "+ bytes): " + t, t));
        } finally {
            truncated.increment();
        }
    }

    /** Reports to {@code onError}, or logs; what {@code onError} throws is logged with the error, never rethrown. */
    void report(UdpException error) {
        report(onError, error);
    }

    static void report(ErrorListener onError, UdpException error) {
        report(onError, error, LOG);
    }

    /** Reports to {@code onError}, or logs to {@code log}: the one way receivers and clients report. */
    static void report(ErrorListener onError, UdpException error, System.Logger log) {
        if (onError != null) {
            try {
                onError.onError(error);
                return;
            } catch (Throwable t) {
                error.addSuppressed(t);
                log.log(Level.WARNING, "onError threw while handling an error; both follow", t);
            }
        }
        log.log(Level.WARNING, error.getMessage(), error);
    }

    /**
     * Adds this loop's counters into {@code totals}. Outcomes are read before {@code received}, so a snapshot under
     * traffic never shows more outcomes than receptions.
     */
    void addTo(ReceiverStats.Counts totals) {
        totals.delivered += delivered.sum() + (long) DELIVERED_INLINE.getAcquire(this);
        totals.truncated += truncated.sum();
        totals.filtered += filtered;
        totals.listenerFailures += listenerFailures.sum();
        totals.rejected += rejected.sum();
        totals.overflowed += overflowed;
        totals.receiveErrors += receiveErrors;
        totals.bytes += (long) BYTES.getAcquire(this);
        totals.received += (long) RECEIVED.getAcquire(this);
    }

    /**
     * The receive loop's clock: {@code System.nanoTime()} (a JIT intrinsic, read through the vDSO: no system call, no
     * allocation) anchored to the system clock ({@link Instant#now()}) at start and again at least once a second, so
     * it follows the wall clock within the drift of one second. Used by the loop thread only.
     */
    static final class ReceiveClock {
        static final long NANOS_PER_SECOND = 1_000_000_000L;
        private long anchorNanoTime;
        private long anchorEpochNanos;
        private boolean anchored;

        /**
         * Returns the time since the epoch in nanoseconds.
         *
         * @return nanoseconds since 1970-01-01T00:00:00Z
         */
        long epochNanos() {
            long now = System.nanoTime();
            long since = now - anchorNanoTime;
            if (!anchored || since >= NANOS_PER_SECOND || since < 0) {
                Instant wall = Instant.now();
                anchorEpochNanos = wall.getEpochSecond() * NANOS_PER_SECOND + wall.getNano();
                anchorNanoTime = now;
                anchored = true;
                return anchorEpochNanos;
            }
            return anchorEpochNanos + since;
        }
    }
}
