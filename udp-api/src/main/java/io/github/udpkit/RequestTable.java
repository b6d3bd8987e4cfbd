package io.github.udpkit;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The pending requests of one {@link UdpClient}: registration, matching of replies, retries, timeouts, cancellation
 * and close. Each request's outcome is claimed exactly once (a flag under the request's lock), by whichever comes
 * first: its reply, its timeout, a failed send, the caller completing or cancelling the future, or close; a retry is
 * sent under the same lock, so none leaves once the outcome is claimed. Futures are completed on the client's
 * executor, never on the receive or timer thread (unless the executor refuses the task).
 */
final class RequestTable {
    private static final System.Logger LOG = System.getLogger(UdpClient.class.getName());
    /** How many finished keys are remembered at most for telling late replies from unmatched ones. */
    private static final int MAX_RECENT = 65_536;

    /** A correlation key: the peer the request went to (and the reply comes from) and the user's key. */
    record Key(InetSocketAddress peer, Object id) {
    }

    /** One request in flight. */
    final class Pending {
        final Key key;
        final byte[] payload;
        final InetSocketAddress to;
        final Duration timeout;
        final long started;
        final long deadline;
        final CompletableFuture<Datagram> future = new CompletableFuture<>();
        /** Guarded by this: a retry is sent under the same lock, so none leaves after the outcome is claimed. */
        private boolean claimed;
        volatile ScheduledFuture<?> timer;
        volatile boolean unreachable;
        int attempts; // written by the caller's thread for the first, then by the timer thread only
        long nextRetry;

        Pending(Key key, byte[] payload, InetSocketAddress to, Duration timeout, long now) {
            this.key = key;
            this.payload = payload;
            this.to = to;
            this.timeout = timeout;
            this.started = now;
            this.deadline = now + timeout.toNanos();
        }

        synchronized boolean claim() {
            if (claimed) {
                return false;
            }
            claimed = true;
            return true;
        }

        synchronized boolean isClaimed() {
            return claimed;
        }
    }

    private final Map<Key, Pending> pending = new ConcurrentHashMap<>();
    /** Keys of finished requests and when to forget them; guarded by itself. */
    private final LinkedHashMap<Key, Long> recent = new LinkedHashMap<>();
    private final UdpClientStats.Counters counters;
    private final ScheduledExecutorService timers;
    private final Executor executor;
    private final RetryPolicy retry;
    private final long lateWindowNanos;
    private final int maxInFlight;
    private final BiConsumer<InetSocketAddress, byte[]> send;
    private final Function<byte[], ?> replyKey;
    private final ErrorListener onError;
    private volatile boolean closed;

    RequestTable(UdpClientStats.Counters counters, ScheduledExecutorService timers, Executor executor,
                 RetryPolicy retry, Duration lateWindow, int maxInFlight, BiConsumer<InetSocketAddress, byte[]> send,
                 Function<byte[], ?> replyKey, ErrorListener onError) {
        this.counters = counters;
        this.timers = timers;
        this.executor = executor;
        this.retry = retry;
        this.lateWindowNanos = lateWindow.toNanos();
        this.maxInFlight = maxInFlight;
        this.send = send;
        this.replyKey = replyKey;
        this.onError = onError;
    }

    static Object normalise(Object id) {
        return id instanceof byte[] bytes ? ByteBuffer.wrap(bytes.clone()) : id; // arrays compare by identity
    }

    /** Registers and sends a request; every outcome, also a refusal, completes the returned future. */
    CompletableFuture<Datagram> start(InetSocketAddress to, Object id, byte[] payload, Duration timeout) {
        counters.requests.increment();
        Pending p = new Pending(new Key(to, normalise(id)), payload, to, timeout, System.nanoTime());
        if (pending.size() >= maxInFlight) {
            return refuse(p, new UdpException(maxInFlight + " requests are already in flight (maxInFlight); the "
                    + "request to " + to + " was not sent"));
        }
        if (pending.putIfAbsent(p.key, p) != null) {
            return refuse(p, new IllegalStateException("a request to " + to + " with the key " + p.key.id()
                    + " is already in flight; wait for it, or correlate by a key that differs per request"));
        }
        forget(p.key);
        p.future.whenComplete((reply, error) -> {
            if (p.claim()) { // completed or cancelled by the caller: nothing of ours completed it
                counters.cancelled.increment();
                finish(p);
            }
        });
        if (closed) {
            failPending(p);
            return p.future;
        }
        p.attempts = 1;
        p.nextRetry = retry.maxRetries() > 0 ? p.started + retry.delayNanos(0) : Long.MAX_VALUE;
        transmit(p);
        schedule(p);
        if (p.isClaimed() && p.timer != null) {
            p.timer.cancel(false); // answered or failed before its timer existed
        }
        return p.future;
    }

    private CompletableFuture<Datagram> refuse(Pending p, RuntimeException error) {
        counters.failed.increment();
        p.claim();
        p.future.completeExceptionally(error);
        return p.future;
    }

    private void schedule(Pending p) {
        long at = p.nextRetry - p.deadline < 0 ? p.nextRetry : p.deadline;
        try {
            p.timer = timers.schedule(() -> onTimer(p), Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            failPending(p); // the client's own timer (no user code) refuses only once it is closed
        }
    }

    private void transmit(Pending p) {
        try {
            send.accept(p.to, p.payload);
            counters.sent.increment();
        } catch (UdpPortUnreachableException e) {
            counters.portUnreachable.increment();
            p.unreachable = true; // an earlier datagram was refused; this one was not sent: the next attempt may be
        } catch (RuntimeException e) {
            if (p.claim()) {
                counters.failed.increment();
                finish(p);
                completeExceptionally(p, e);
            }
        }
    }

    private void onTimer(Pending p) {
        if (p.isClaimed()) {
            return;
        }
        long now = System.nanoTime();
        if (now - p.deadline >= 0) {
            if (p.claim()) {
                counters.timeouts.increment();
                finish(p);
                completeExceptionally(p, new UdpTimeoutException(p.to, p.timeout, p.attempts, p.unreachable));
            }
            return;
        }
        synchronized (p) { // a reply, a cancel or close claims under this lock: no retry leaves after them
            if (p.claimed) {
                return;
            }
            int retries = p.attempts; // retry number p.attempts follows attempt p.attempts
            p.attempts++;
            p.nextRetry = retries < retry.maxRetries() ? now + retry.delayNanos(retries) : Long.MAX_VALUE;
            counters.retries.increment();
            transmit(p);
        }
        if (!p.isClaimed()) {
            schedule(p);
        }
    }

    /** Matches a datagram the client's socket read; on the receive thread. */
    void onReply(Datagram reply) {
        Object id;
        try {
            id = normalise(replyKey.apply(reply.payload()));
        } catch (Throwable t) {
            counters.correlationFailures.increment();
            counters.unmatched.increment();
            report(new UdpListenerException("the reply key function threw for the datagram from " + reply.sender()
                    + " (" + reply.length() + " bytes); it was dropped as unmatched: " + t, t));
            return;
        }
        Key key = new Key(reply.sender(), id);
        Pending p = pending.get(key);
        if (p != null && p.claim()) {
            counters.matched.increment();
            finish(p);
            execute(() -> p.future.complete(reply));
        } else if (p != null || isRecent(key)) {
            counters.late.increment(); // p != null: its timeout or cancellation claimed it a moment ago
        } else {
            counters.unmatched.increment();
        }
    }

    /** A reply over {@code maxReplySize}: never matched, as its key may lie in the part cut off. */
    void onTruncated(Datagram reply) {
        counters.unmatched.increment();
    }

    /** An error of the client's receive loop; ICMP port-unreachable marks the pending requests to that target. */
    void onReceiveError(UdpException error, InetSocketAddress connectedTo) {
        if (error.getCause() instanceof PortUnreachableException && connectedTo != null) {
            counters.portUnreachable.increment();
            for (Pending p : pending.values()) {
                if (p.to.equals(connectedTo)) {
                    p.unreachable = true;
                }
            }
            return;
        }
        report(error);
    }

    int inFlight() {
        return pending.size();
    }

    /** Fails every pending request; later requests fail at once. */
    void close() {
        closed = true;
        for (Pending p : pending.values()) {
            failPending(p);
        }
    }

    private void failPending(Pending p) {
        if (p.claim()) {
            counters.failed.increment();
            finish(p);
            completeExceptionally(p, new UdpException("the client was closed while the request to " + p.to
                    + " was pending"));
        }
    }

    private void finish(Pending p) {
        pending.remove(p.key, p);
        ScheduledFuture<?> timer = p.timer;
        if (timer != null) {
            timer.cancel(false);
        }
        long now = System.nanoTime();
        synchronized (recent) {
            recent.remove(p.key);
            recent.put(p.key, now + lateWindowNanos);
            Iterator<Long> expiries = recent.values().iterator();
            while (expiries.hasNext()) {
                long expiry = expiries.next();
                if (recent.size() <= MAX_RECENT && expiry - now > 0) {
                    break; // insertion order is expiry order: the rest is younger
                }
                expiries.remove();
            }
        }
    }

    private boolean isRecent(Key key) {
        synchronized (recent) {
            Long expiry = recent.get(key);
            return expiry != null && expiry - System.nanoTime() > 0;
        }
    }

    private void forget(Key key) {
        synchronized (recent) {
            recent.remove(key);
        }
    }

    private void completeExceptionally(Pending p, Throwable error) {
        execute(() -> p.future.completeExceptionally(error));
    }

    /**
     * Completes a future on the user's executor. Whatever {@code execute} throws (not only a rejection), the
     * completion runs here instead and the failure is reported: completing a future twice is harmless, never
     * completing it would leave a caller waiting forever.
     */
    private void execute(Runnable completion) {
        try {
            executor.execute(completion);
        } catch (RuntimeException | Error e) {
            report(new UdpListenerException("the client's executor " + (e instanceof RejectedExecutionException
                    ? "rejected" : "threw for") + " a completion; it ran on " + Thread.currentThread().getName()
                    + " instead" + (e instanceof RejectedExecutionException ? "" : ": " + e), e));
            completion.run();
        }
    }

    private void report(UdpException error) {
        ReceiveLoop.report(onError, error, LOG); // one way of reporting for receivers and clients
    }
}
