package io.github.udpkit;

import io.github.udpkit.internal.Jfr;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The receive loop of one socket: a blocking read into a reused direct buffer of {@code maxDatagramSize + 1} bytes,
 * then dispatch on the same thread (or to the executor). It stops when the channel is closed; it never relies on
 * interrupts.
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

    private final DatagramChannel channel;
    private final ByteBuffer buffer;
    private final int maxDatagramSize;
    private final DatagramListener onDatagram;
    private final DatagramViewListener onDatagramView;
    private final DatagramListener onTruncated;
    private final ErrorListener onError;
    private final Executor executor;
    private final Predicate<InetSocketAddress> acceptFrom;
    /** Datagrams handed to the executor and not yet handled, shared by the receiver's loops. */
    private final AtomicInteger pending;
    private final int maxPending;
    private final DatagramView view;
    private final ReceiveClock clock = new ReceiveClock();

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

    /**
     * Creates the loop for one socket.
     *
     * @param onDatagramView the zero-copy listener, or {@code null} when {@code onDatagram} is set
     * @param acceptFrom the senders accepted, or {@code null} for all
     * @param pending the count of datagrams queued on the executor, shared by the receiver's loops
     * @param maxPending how many may be queued before datagrams are dropped as overflow
     */
    ReceiveLoop(DatagramChannel channel, int maxDatagramSize, DatagramListener onDatagram,
                DatagramViewListener onDatagramView, DatagramListener onTruncated, ErrorListener onError,
                Executor executor, Predicate<InetSocketAddress> acceptFrom, AtomicInteger pending, int maxPending) {
        this.channel = channel;
        this.maxDatagramSize = maxDatagramSize;
        this.buffer = ByteBuffer.allocateDirect(maxDatagramSize + 1);
        this.onDatagram = onDatagram;
        this.onDatagramView = onDatagramView;
        this.onTruncated = onTruncated;
        this.onError = onError;
        this.executor = executor;
        this.view = onDatagramView == null ? null : new DatagramView(buffer.asReadOnlyBuffer());
        this.acceptFrom = acceptFrom;
        this.pending = pending;
        this.maxPending = maxPending;
    }

    @Override
    public void run() {
        int consecutiveErrors = 0;
        while (channel.isOpen()) {
            InetSocketAddress sender;
            try {
                buffer.clear();
                sender = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedByInterruptException interrupted) {
                report(new UdpException("the receive thread of " + localAddressOrUnknown() + " was interrupted, which "
                        + "closed its socket (a DatagramChannel is an InterruptibleChannel); the receiver has stopped"
                        + " receiving: close it and start a new one, and never interrupt its thread", interrupted));
                return;
            } catch (ClosedChannelException closed) {
                return; // closed by close(), possibly while blocked: the normal way out
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return;
                }
                receiveErrors++;
                report(new UdpException("receive on " + localAddressOrUnknown() + " failed: " + e.getMessage(), e));
                consecutiveErrors++;
                LockSupport.parkNanos(Math.min(MAX_ERROR_BACKOFF_NANOS, 1_000_000L << Math.min(consecutiveErrors, 7)));
                continue;
            }
            consecutiveErrors = 0;
            if (sender == null) {
                continue; // only a non-blocking channel returns null; ours blocks
            }
            int length = buffer.position();
            if (acceptFrom != null && !accepts(sender)) {
                count(Math.min(length, maxDatagramSize));
                filtered++;
                Jfr.dropped(channel, sender, length, Jfr.FILTERED); // JFR (#15)
                continue;
            }
            if (onDatagramView != null && length <= maxDatagramSize) {
                count(length);
                handleView(sender, length);
                clearInterruptLeftBy(sender);
            } else {
                dispatch(take(sender, length));
            }
        }
    }

    private boolean accepts(InetSocketAddress sender) {
        try {
            return acceptFrom.test(sender);
        } catch (Throwable t) {
            Jfr.listenerFailure(channel, sender, "acceptFrom", t); // JFR (#15)
            report(new UdpListenerException("acceptFrom threw for the datagram from " + sender
                    + "; it was dropped and counted as filtered: " + t, t));
            return false;
        }
    }

    /** A receive on an interrupted thread would close the socket: the loop owns this thread, so it clears it. */
    private void clearInterruptLeftBy(InetSocketAddress sender) {
        if (Thread.interrupted()) {
            report(new UdpListenerException("a listener left the receive thread interrupted after the datagram "
                    + "from " + sender + "; udpkit cleared the interrupt to keep the socket open", null));
        }
    }

    private void count(int kept) {
        RECEIVED.setRelease(this, (long) RECEIVED.get(this) + 1);
        BYTES.setRelease(this, (long) BYTES.get(this) + kept);
    }

    private void handleView(InetSocketAddress sender, int length) {
        view.open(sender, length);
        try {
            onDatagramView.onDatagram(view);
        } catch (Throwable t) {
            listenerFailures.increment();
            Jfr.listenerFailure(channel, sender, "onDatagramView", t); // JFR (#15)
            report(new UdpListenerException("onDatagramView threw for the datagram from " + sender + " (" + length
                    + " bytes): " + t, t));
            return;
        } finally {
            view.close();
        }
        DELIVERED_INLINE.setRelease(this, (long) DELIVERED_INLINE.get(this) + 1);
    }

    private Datagram take(InetSocketAddress sender, int length) {
        boolean cut = length > maxDatagramSize;
        int kept = cut ? maxDatagramSize : length;
        byte[] payload = new byte[kept];
        buffer.get(0, payload, 0, kept);
        count(kept);
        long at = clock.epochNanos();
        return Datagram.adopt(sender, payload, Math.floorDiv(at, ReceiveClock.NANOS_PER_SECOND),
                (int) Math.floorMod(at, ReceiveClock.NANOS_PER_SECOND), cut);
    }

    private void dispatch(Datagram datagram) {
        if (executor == null) {
            handle(datagram, true);
            clearInterruptLeftBy(datagram.sender());
            return;
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            long dropped = ++overflowed;
            Jfr.dropped(channel, datagram.sender(), datagram.length(), Jfr.OVERFLOWED); // JFR (#15)
            if (dropped == 1 || dropped % 1000 == 0) { // every drop is counted; the first and each 1000th reported
                report(new UdpListenerException("the callback executor is " + maxPending + " datagrams behind; "
                        + "dropped the datagram from " + datagram.sender() + " (" + dropped + " dropped by this "
                        + "socket so far, see stats().overflowed()); raise maxPending or speed up the listener", null));
            }
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    handle(datagram, false);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            rejected.increment();
            Jfr.dropped(channel, datagram.sender(), datagram.length(), Jfr.REJECTED); // JFR (#15)
            report(new UdpListenerException("executor rejected the datagram from " + datagram.sender() + " ("
                    + datagram.length() + " bytes); it was not delivered", e));
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
            Jfr.listenerFailure(channel, datagram.sender(), "onDatagram", t); // JFR (#15)
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
        Jfr.truncated(channel, datagram.sender(), datagram.length(), maxDatagramSize); // JFR (#15)
        try {
            if (onTruncated == null) {
                LOG.log(Level.WARNING, () -> "truncated datagram from " + datagram.sender() + ": more than "
                        + maxDatagramSize + " bytes (maxDatagramSize " + maxDatagramSize
                        + "); only the first " + maxDatagramSize + " bytes were kept. Set onTruncated to handle it.");
            } else {
                onTruncated.onDatagram(datagram);
            }
        } catch (Throwable t) {
            Jfr.listenerFailure(channel, datagram.sender(), "onTruncated", t); // JFR (#15)
            report(new UdpListenerException("onTruncated threw for the datagram from " + datagram.sender() + " ("
                    + datagram.length() + "+ bytes): " + t, t));
        } finally {
            truncated.increment();
        }
    }

    void report(UdpException error) {
        if (onError != null) {
            try {
                onError.onError(error);
                return;
            } catch (Throwable t) {
                error.addSuppressed(t);
                LOG.log(Level.WARNING, "onError threw while handling an error; both follow", t);
            }
        }
        LOG.log(Level.WARNING, error.getMessage(), error);
    }

    private Object localAddressOrUnknown() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return "(unknown address)";
        }
    }

    /**
     * Adds this loop's counters into {@code totals}: received, bytes, delivered, truncated, filtered,
     * listenerFailures, rejected, overflowed, receiveErrors. Outcomes are read before {@code received}, so a
     * snapshot under traffic never shows more outcomes than receptions.
     */
    void addTo(long[] totals) {
        totals[2] += delivered.sum() + (long) DELIVERED_INLINE.getAcquire(this);
        totals[3] += truncated.sum();
        totals[4] += filtered;
        totals[5] += listenerFailures.sum();
        totals[6] += rejected.sum();
        totals[7] += overflowed;
        totals[8] += receiveErrors;
        totals[1] += (long) BYTES.getAcquire(this);
        totals[0] += (long) RECEIVED.getAcquire(this);
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
