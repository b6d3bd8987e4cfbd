package io.github.udpkit;

import java.io.IOException;
import java.lang.System.Logger.Level;
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
 */
final class ReceiveLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(UdpReceiver.class.getName());
    /** Longest pause after consecutive receive errors, so a broken socket cannot spin a core. */
    private static final long MAX_ERROR_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final DatagramChannel channel;
    private final ByteBuffer buffer;
    private final int maxDatagramSize;
    private final DatagramListener onDatagram;
    private final DatagramListener onTruncated;
    private final ErrorListener onError;
    private final Executor executor;
    private final Predicate<InetSocketAddress> acceptFrom;
    /** Datagrams handed to the executor and not yet handled, shared by the receiver's loops. */
    private final AtomicInteger pending;
    private final int maxPending;

    // Written only by the loop thread.
    private volatile long received;
    private volatile long bytes;
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
     * @param acceptFrom the senders accepted, or {@code null} for all
     * @param pending the count of datagrams queued on the executor, shared by the receiver's loops
     * @param maxPending how many may be queued before datagrams are dropped as overflow
     */
    ReceiveLoop(DatagramChannel channel, int maxDatagramSize, DatagramListener onDatagram,
                DatagramListener onTruncated, ErrorListener onError, Executor executor,
                Predicate<InetSocketAddress> acceptFrom, AtomicInteger pending, int maxPending) {
        this.channel = channel;
        this.maxDatagramSize = maxDatagramSize;
        this.buffer = ByteBuffer.allocateDirect(maxDatagramSize + 1);
        this.onDatagram = onDatagram;
        this.onTruncated = onTruncated;
        this.onError = onError;
        this.executor = executor;
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
            if (acceptFrom != null && !accepts(sender)) {
                received++;
                bytes += Math.min(buffer.position(), maxDatagramSize);
                filtered++;
                continue;
            }
            dispatch(take(sender));
        }
    }

    private boolean accepts(InetSocketAddress sender) {
        try {
            return acceptFrom.test(sender);
        } catch (Throwable t) {
            report(new UdpListenerException("acceptFrom threw for the datagram from " + sender
                    + "; it was dropped and counted as filtered: " + t, t));
            return false;
        }
    }

    private Datagram take(InetSocketAddress sender) {
        int length = buffer.position();
        boolean cut = length > maxDatagramSize;
        int kept = cut ? maxDatagramSize : length;
        byte[] payload = new byte[kept];
        buffer.flip();
        buffer.get(payload, 0, kept);
        received++;
        bytes += kept;
        return Datagram.adopt(sender, payload, Instant.now(), cut);
    }

    private void dispatch(Datagram datagram) {
        if (executor == null) {
            handle(datagram);
            if (Thread.interrupted()) { // the next receive would close the socket: the loop owns this thread
                report(new UdpListenerException("a listener left the receive thread interrupted after the datagram "
                        + "from " + datagram.sender() + "; udpkit cleared the interrupt to keep the socket open", null));
            }
            return;
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            long dropped = ++overflowed;
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
                    handle(datagram);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            rejected.increment();
            report(new UdpListenerException("executor rejected the datagram from " + datagram.sender() + " ("
                    + datagram.length() + " bytes); it was not delivered", e));
        }
    }

    private void handle(Datagram datagram) {
        if (datagram.truncated()) {
            handleTruncated(datagram);
            return;
        }
        try {
            onDatagram.onDatagram(datagram);
        } catch (Throwable t) {
            listenerFailures.increment();
            report(new UdpListenerException("onDatagram threw for the datagram from " + datagram.sender() + " ("
                    + datagram.length() + " bytes): " + t, t));
            return;
        }
        delivered.increment();
    }

    private void handleTruncated(Datagram datagram) {
        try {
            if (onTruncated == null) {
                LOG.log(Level.WARNING, () -> "truncated datagram from " + datagram.sender() + ": more than "
                        + maxDatagramSize + " bytes (maxDatagramSize " + maxDatagramSize
                        + "); only the first " + maxDatagramSize + " bytes were kept. Set onTruncated to handle it.");
            } else {
                onTruncated.onDatagram(datagram);
            }
        } catch (Throwable t) {
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
     * listenerFailures, rejected, overflowed, receiveErrors.
     */
    void addTo(long[] totals) {
        totals[0] += received;
        totals[1] += bytes;
        totals[2] += delivered.sum();
        totals[3] += truncated.sum();
        totals[4] += filtered;
        totals[5] += listenerFailures.sum();
        totals[6] += rejected.sum();
        totals[7] += overflowed;
        totals[8] += receiveErrors;
    }
}
