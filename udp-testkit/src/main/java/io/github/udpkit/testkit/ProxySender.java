package io.github.udpkit.testkit;

import io.github.udpkit.UdpException;
import io.github.udpkit.testkit.internal.Capture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The proxy's sending side: one daemon thread that sends each forwarded datagram after its delay, holds datagrams
 * for reordering, records each copy in the capture just before sending it, and counts what is in flight.
 */
final class ProxySender {
    private static final long SEND_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ScheduledThreadPoolExecutor thread;
    private final List<Held> held = new ArrayList<>(); // owned by the send thread
    private final AtomicLong inFlight = new AtomicLong();
    private final Capture capture;
    private final DatagramChannel front;
    private final String name;
    private final BooleanSupplier closed;
    private final Consumer<Throwable> errors;

    private static final class Held {
        final Direction direction;
        final Out out;
        int remaining;

        Held(Direction direction, int remaining, Out out) {
            this.direction = direction;
            this.remaining = remaining;
            this.out = out;
        }
    }

    /** What to send: the bytes, how many copies, from which socket, to whom, and the capture's comment. */
    private record Out(byte[] payload, int copies, DatagramChannel channel, InetSocketAddress to, String note) {
    }

    ProxySender(String threadName, Capture capture, DatagramChannel front, String name, BooleanSupplier closed,
                Consumer<Throwable> errors) {
        this.thread = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, threadName);
            t.setDaemon(true);
            return t;
        });
        this.capture = capture;
        this.front = front;
        this.name = name;
        this.closed = closed;
        this.errors = errors;
    }

    /** Schedules a forwarded datagram as its ledger entry says (delay, copies, hold). */
    void submit(LedgerEntry entry, Faults faults, byte[] payload, DatagramChannel channel, InetSocketAddress to,
                String note) {
        inFlight.incrementAndGet();
        Out out = new Out(payload, entry.copies(), channel, to, note);
        Runnable send = () -> send(entry.direction(), entry.heldFor(), faults, out);
        if (entry.delay().isZero()) {
            thread.execute(send);
        } else {
            thread.schedule(send, entry.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    long inFlight() {
        return inFlight.get();
    }

    void shutdown() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs on the send thread only, which owns {@link #held}. */
    private void send(Direction direction, int heldFor, Faults faults, Out out) {
        if (heldFor > 0) {
            Held h = new Held(direction, heldFor, new Out(out.payload(), out.copies(), out.channel(), out.to(),
                    out.note() + " (held " + heldFor + ")"));
            held.add(h);
            thread.schedule(() -> {
                if (held.remove(h)) {
                    transmit(h.out);
                }
            }, faults.maxHold.toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        transmit(out);
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) { // bounded by the held datagrams
            Held h = it.next();
            if (h.direction == direction && --h.remaining == 0) {
                it.remove();
                transmit(h.out);
            }
        }
    }

    private void transmit(Out out) {
        try {
            for (int i = 0; i < out.copies(); i++) {
                // Recorded before the send, so the capture keeps cause before effect (the answer it provokes).
                capture.record(out.channel() == front ? 0 : 1, (InetSocketAddress) out.channel().getLocalAddress(),
                        out.to(), out.payload(), out.copies() == 2 ? out.note() + " (copy " + (i + 1) + " of 2)"
                                : out.note());
                ByteBuffer buffer = ByteBuffer.wrap(out.payload());
                long start = System.nanoTime();
                // A non-blocking send returns 0 while the socket's send buffer is full: retry for up to a second.
                while (out.channel().send(buffer, out.to()) == 0 && buffer.hasRemaining()) {
                    if (System.nanoTime() - start > SEND_RETRY_NANOS) {
                        throw new IOException("send buffer full for a second");
                    }
                    LockSupport.parkNanos(100_000);
                }
            }
        } catch (IOException e) {
            if (!closed.getAsBoolean()) {
                errors.accept(new UdpException("proxy " + name + " could not send " + out.payload().length
                        + " bytes to " + out.to() + ": " + e.getMessage(), e));
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
