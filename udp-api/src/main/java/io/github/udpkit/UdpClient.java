package io.github.udpkit;

import io.github.udpkit.internal.Args;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A request/reply client over UDP: many requests in flight at once, each reply matched to its request by a key,
 * timeouts, bounded retries with backoff and jitter, and late or unmatched replies counted and dropped, never handed
 * to the wrong caller. Build one with {@link #builder()}.
 *
 * <pre>{@code
 * try (UdpClient client = UdpClient.builder()
 *         .target("127.0.0.1", 5353)
 *         .correlate(request -> id(request), reply -> id(reply))   // e.g. a DNS query id
 *         .retries(2, Duration.ofMillis(200), 2.0, Duration.ofSeconds(1))
 *         .build()) {
 *     Datagram answer = client.request(query, Duration.ofSeconds(2)).join();
 * }
 * }</pre>
 *
 * <p><b>Correlation.</b> A request's key is its target and what the request key function returns for its bytes; a
 * reply's key is its source address and what the reply key function returns for its bytes (keys are compared with
 * {@code equals}; a {@code byte[]} key is compared by content). A reply goes to the pending request with an equal key;
 * a reply for a request that finished within the {@linkplain Builder#lateWindow(Duration) late window} (a duplicate,
 * or one that came after the timeout) is counted as {@linkplain UdpClientStats#late() late} and dropped, any other as
 * {@linkplain UdpClientStats#unmatched() unmatched}. Without {@link Builder#correlate(Function, Function) correlate},
 * the key is the target alone: one request in flight per target. Two requests with equal keys cannot be in flight at
 * once: the second fails with {@link IllegalStateException}. A key may be reused once its request has finished; a late
 * reply to the old request then answers the new one, as in every protocol with reusable ids (DNS chooses them at
 * random to make that unlikely).
 *
 * <p><b>Threads.</b> Two daemon threads per client, never one per request: the receive thread
 * ({@code udpkit-client-<address>}) of a {@link UdpReceiver} bound to the client's address (an ephemeral port unless
 * {@linkplain Builder#bind(String, int) bound}), which reads and matches replies, and a timer thread
 * ({@code udpkit-client-<address>-timer}) that sends the retries and fails the requests that time out. The first
 * attempt is sent on the caller's thread, from the receiver's own socket
 * ({@link UdpReceiver#sendTo(InetSocketAddress, byte[])}), so replies come back to it. Futures are completed
 * on the {@linkplain Builder#executor(Executor) executor} ({@link ForkJoinPool#commonPool()} unless set), never on the
 * receive or timer thread, so a dependent stage that blocks delays nobody else's reply. A correlation function that
 * throws is counted and reported to {@code onError}; the client keeps working. All methods may be called from any
 * thread.
 *
 * <p><b>Outcomes.</b> Each future completes exactly once: with the reply; with {@link UdpTimeoutException}; with
 * the send's exception; with {@link IllegalStateException} when a request with the same key is in flight; with a
 * {@link UdpException} when {@link Builder#maxInFlight(int) maxInFlight} requests are, or, after {@link #close()},
 * saying the client was closed; or with {@link UdpListenerException} when the request key function threw.
 * {@link CompletableFuture#cancel(boolean) Cancelling} it (or completing it yourself) removes the request: no retry
 * is sent, and its reply, if one comes, is late. {@link #stats()} counts each outcome.
 *
 * @since 0.2
 */
public final class UdpClient implements AutoCloseable {
    /** The longest timeout a request may have. */
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    private final UdpReceiver receiver;
    private final InetSocketAddress target;
    private final boolean connected;
    private final Function<byte[], ?> requestKey;
    private final ScheduledThreadPoolExecutor timers;
    private final RequestTable table;
    private final UdpClientStats.Counters counters = new UdpClientStats.Counters();
    private volatile Thread timerThread;
    private volatile boolean closed;

    private UdpClient(Builder builder) {
        this.target = builder.target;
        this.connected = target != null && builder.connected;
        this.requestKey = builder.requestKey;
        RequestTable[] late = new RequestTable[1]; // the receiver's listeners are set before the table exists
        Thread[] receiveThread = new Thread[1];
        UdpReceiver.Builder socket = UdpReceiver.builder()
                .bind(builder.bindAddress != null ? builder.bindAddress : defaultBind(target))
                .maxDatagramSize(builder.maxReplySize)
                .onDatagram(d -> late[0].onReply(d))
                .onTruncated(d -> late[0].onTruncated(d))
                .onError(e -> late[0].onReceiveError(e, connected ? target : null))
                .threadFactory(task -> {
                    Thread t = new Thread(task, "udpkit-client");
                    t.setDaemon(true);
                    receiveThread[0] = t;
                    return t;
                });
        if (connected) {
            socket.connect(target);
        }
        this.timers = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "udpkit-client-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        this.table = new RequestTable(counters, timers, builder.executor, builder.retry, builder.lateWindow,
                builder.maxInFlight, this::send, builder.replyKey, builder.onError);
        late[0] = table;
        try {
            this.receiver = socket.start();
        } catch (RuntimeException | Error e) {
            timers.shutdownNow();
            throw e;
        }
        receiveThread[0].setName("udpkit-client-" + receiver.localAddress());
        timers.setThreadFactory(task -> {
            Thread t = new Thread(task, "udpkit-client-" + receiver.localAddress() + "-timer");
            t.setDaemon(true);
            timerThread = t;
            return t;
        });
    }

    private static InetSocketAddress defaultBind(InetSocketAddress target) {
        boolean v6 = target != null && target.getAddress() instanceof Inet6Address;
        InetAddress loopback = v6 ? Args.host("::1", "host") : InetAddress.getLoopbackAddress();
        return new InetSocketAddress(loopback, 0);
    }

    private void send(InetSocketAddress to, byte[] payload) {
        receiver.sendTo(to, payload);
    }

    /**
     * Returns a new builder. Builders are not thread-safe; the clients they build are.
     *
     * @return a builder with the defaults described on each of its methods
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a request to the client's target and returns the future of its reply; see
     * {@link #request(InetSocketAddress, byte[], Duration)}.
     *
     * @param payload the request's bytes; copied
     * @param timeout how long to wait for the reply, retries included: more than 0, at most 24 hours
     * @return the reply's future
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is out of range
     * @throws IllegalStateException if the client has no target or is closed
     * @throws DatagramTooLargeException if the payload exceeds the UDP maximum for the target's family
     */
    public CompletableFuture<Datagram> request(byte[] payload, Duration timeout) {
        if (target == null) {
            throw new IllegalStateException("client has no target; set target(...) on the builder or use "
                    + "request(to, payload, timeout)");
        }
        return request(target, payload, timeout);
    }

    /**
     * Sends text, encoded as UTF-8, to the client's target; see {@link #request(byte[], Duration)}.
     *
     * @param text the request
     * @param timeout how long to wait for the reply, retries included
     * @return the reply's future
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is out of range
     * @throws IllegalStateException if the client has no target or is closed
     * @throws DatagramTooLargeException if the encoded text exceeds the UDP maximum
     */
    public CompletableFuture<Datagram> request(String text, Duration timeout) {
        Args.notNull(text, "text");
        return request(text.getBytes(StandardCharsets.UTF_8), timeout);
    }

    /**
     * Sends a request and returns the future of its reply. The first attempt is sent before this method returns;
     * retries follow as configured, until a reply matches or the timeout passes. Misuse throws at once; everything
     * else, including a failed send, completes the future (see the class documentation).
     *
     * @param to where to send the request; a connected client may only send to its target
     * @param payload the request's bytes; copied
     * @param timeout how long to wait for the reply, retries included: more than 0, at most 24 hours
     * @return the reply's future; {@link CompletableFuture#cancel(boolean) cancel} it to give up the request
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code to} is unresolved, of IPv6 on an IPv4 socket, or its port is 0, or
     *     {@code timeout} is out of range
     * @throws IllegalStateException if the client is closed, or connected to another target
     * @throws DatagramTooLargeException if the payload exceeds the UDP maximum for the target's family
     * @throws UdpException if the payload is empty and the client connected (the JDK would silently send nothing)
     */
    public CompletableFuture<Datagram> request(InetSocketAddress to, byte[] payload, Duration timeout) {
        Args.resolved(to, "to");
        Args.notNull(payload, "payload");
        Args.positive(timeout, "timeout");
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be at most " + MAX_TIMEOUT + ", was " + timeout);
        }
        if (to.getPort() == 0) {
            throw new IllegalArgumentException("to port must be between 1 and 65535, was 0 (" + to + ")");
        }
        if (receiver.localAddress().getAddress() instanceof Inet4Address && to.getAddress() instanceof Inet6Address) {
            throw new IllegalArgumentException("to must be an IPv4 address, as the client's socket is bound to "
                    + receiver.localAddress() + ", was " + to);
        }
        if (closed) {
            throw new IllegalStateException("client on " + receiver.localAddress() + " is closed; cannot send a "
                    + "request to " + to);
        }
        if (connected && !to.equals(target)) {
            throw new IllegalStateException("client is connected to " + target + " and cannot send to " + to
                    + "; build it with connected(false) to send to many targets");
        }
        Sends.checkSize(payload.length, 0, to);
        if (connected && payload.length == 0) {
            throw new UdpException("cannot send an empty request to " + to + " on a connected socket: the JDK's "
                    + "DatagramChannel silently skips zero-length sends when connected; build the client with "
                    + "connected(false) to send empty requests");
        }
        byte[] copy = payload.clone();
        Object id;
        try {
            id = requestKey.apply(copy.clone());
        } catch (Throwable t) {
            counters.requests.increment();
            counters.correlationFailures.increment();
            counters.failed.increment();
            return CompletableFuture.failedFuture(new UdpListenerException("the request key function threw for the "
                    + "request to " + to + " (" + copy.length + " bytes); it was not sent: " + t, t));
        }
        return table.start(to, id, copy, timeout);
    }

    /**
     * Returns what the client has done so far. May be called at any time, also after {@link #close()}.
     *
     * @return a snapshot of the counters
     */
    public UdpClientStats stats() {
        return counters.snapshot();
    }

    /**
     * Returns what the client's socket has received: datagrams, bytes, truncated replies and, on Linux, the kernel's
     * drops; see {@link UdpReceiver#stats()}.
     *
     * @return a snapshot of the socket's counters
     */
    public ReceiverStats receiverStats() {
        return receiver.stats();
    }

    /**
     * Returns how many requests are waiting for a reply or a timeout now.
     *
     * @return the number of pending requests
     */
    public int inFlight() {
        return table.inFlight();
    }

    /**
     * Returns the local address of the client's socket, where replies come back.
     *
     * @return the local IP address and port
     */
    public InetSocketAddress localAddress() {
        return receiver.localAddress();
    }

    /**
     * Returns the target set on the builder.
     *
     * @return the target, or empty if the client sends only with {@code request(to, ...)}
     */
    public Optional<InetSocketAddress> target() {
        return Optional.ofNullable(target);
    }

    /**
     * Tells whether the socket is connected to the target: it then receives only from the target and hears of ICMP
     * port-unreachable reports.
     *
     * @return {@code true} in connected mode
     */
    public boolean isConnected() {
        return connected;
    }

    /**
     * Tells whether the client is open.
     *
     * @return {@code false} once {@link #close()} was called
     */
    public boolean isOpen() {
        return !closed && receiver.isOpen();
    }

    /**
     * Closes the client: its socket and threads, and fails every pending request's future with a {@link UdpException}
     * saying the client was closed. Returns once both threads have ended, or after at most half a second. Idempotent;
     * safe to call from any thread, also from a future's callback.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        receiver.close();
        timers.shutdownNow();
        table.close();
        if (Thread.currentThread() != timerThread) {
            try {
                timers.awaitTermination(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "UdpClient[" + receiver.localAddress() + (target == null ? "" : " -> " + target)
                + (closed ? ", closed" : "") + "]";
    }
    /**
     * Configures and builds a {@link UdpClient}. Each setter checks its argument at once and names it in the error.
     * Not thread-safe: use a builder from one thread.
     *
     * @since 0.2
     */
    public static final class Builder {
        private InetSocketAddress target;
        private InetSocketAddress bindAddress;
        private boolean connected = true;
        private Function<byte[], ?> requestKey = request -> null;
        private Function<byte[], ?> replyKey = reply -> null;
        private RetryPolicy retry = RetryPolicy.NONE;
        private double jitter = 0.2;
        private int maxReplySize = UdpLimits.IPV6_MAX_PAYLOAD;
        private int maxInFlight = 65_536;
        private Duration lateWindow = Duration.ofSeconds(30);
        private Executor executor = ForkJoinPool.commonPool();
        private ErrorListener onError;

        private Builder() {
        }

        /**
         * Sets the address that {@code request(payload, timeout)} sends to. If never called, the client has no target
         * and sends only with {@code request(to, payload, timeout)}.
         *
         * @param host a host name or literal IP address
         * @param port the port, 1 to 65535
         * @return this builder
         * @throws NullPointerException if {@code host} is {@code null}
         * @throws IllegalArgumentException if {@code host} is blank or cannot be resolved, or {@code port} is outside
         *     1 to 65535
         */
        public Builder target(String host, int port) {
            this.target = Args.destination(host, port);
            return this;
        }

        /**
         * Sets the address that {@code request(payload, timeout)} sends to; see {@link #target(String, int)}.
         *
         * @param address the target
         * @return this builder
         * @throws NullPointerException if {@code address} is {@code null}
         * @throws IllegalArgumentException if {@code address} is unresolved or its port is 0
         */
        public Builder target(InetSocketAddress address) {
            this.target = Args.destination(address, "target");
            return this;
        }

        /**
         * Binds the client's socket to a local address, where replies come back. If never called, the loopback
         * address of the target's family (127.0.0.1, or ::1 for an IPv6 target) and a free port: bind to
         * {@code "0.0.0.0"} (or {@code "::"}) with port 0 to reach other hosts.
         *
         * @param host a host name or literal IP address of this machine
         * @param port the port, or 0 for a free one
         * @return this builder
         * @throws NullPointerException if {@code host} is {@code null}
         * @throws IllegalArgumentException if {@code host} is blank or cannot be resolved, or {@code port} is outside
         *     0 to 65535
         */
        public Builder bind(String host, int port) {
            this.bindAddress = Args.socketAddress(host, port, "host", "port");
            return this;
        }

        /**
         * Binds the client's socket to a local address; see {@link #bind(String, int)}.
         *
         * @param address the local address
         * @return this builder
         * @throws NullPointerException if {@code address} is {@code null}
         * @throws IllegalArgumentException if {@code address} is unresolved
         */
        public Builder bind(InetSocketAddress address) {
            this.bindAddress = Args.resolved(address, "address");
            return this;
        }

        /**
         * Chooses whether a client with a target connects its socket to it. Connected (the default) receives only
         * from the target, and hears of ICMP port-unreachable (counted in {@link UdpClientStats#portUnreachable()} and
         * named by {@link UdpTimeoutException}); unconnected can send requests to other addresses too.
         *
         * @param connected {@code false} to keep the socket unconnected
         * @return this builder
         */
        public Builder connected(boolean connected) {
            this.connected = connected;
            return this;
        }

        /**
         * Sets how replies are matched to requests: the request key function maps a request's bytes to its key, the
         * reply key function a reply's bytes to the key of the request it answers. Either may return {@code null}
         * (a key like any other); one that throws is counted in {@link UdpClientStats#correlationFailures()} and
         * reported to {@link #onError(ErrorListener) onError}: the request fails, or the reply is dropped as
         * unmatched. Both run on the client's threads (the request key function on the caller's), and must be
         * quick. If never called, every request and reply has the key {@code null}: a reply matches the one request
         * in flight to the address it comes from.
         *
         * @param requestKey maps a request's bytes (a copy) to its key
         * @param replyKey maps a reply's bytes (a copy) to the key of its request
         * @return this builder
         * @throws NullPointerException if an argument is {@code null}
         */
        public Builder correlate(Function<byte[], ?> requestKey, Function<byte[], ?> replyKey) {
            this.requestKey = Args.notNull(requestKey, "requestKey");
            this.replyKey = Args.notNull(replyKey, "replyKey");
            return this;
        }

        /**
         * Sends a request again when no reply has come: after {@code firstDelay}, then after each delay
         * {@code backoff} times the one before, capped at {@code maxDelay}, at most {@code maxRetries} times and never
         * after the request's timeout. Each delay is spread by the {@link #jitter(double) jitter}. If never called, a
         * request is sent once.
         *
         * @param maxRetries how many times a request is sent again at most, 0 to 100
         * @param firstDelay the wait after the first attempt, more than 0
         * @param backoff the factor from one wait to the next, 1.0 to 10.0
         * @param maxDelay the longest wait, at least {@code firstDelay}
         * @return this builder
         * @throws NullPointerException if a duration is {@code null}
         * @throws IllegalArgumentException naming the first argument out of range
         */
        public Builder retries(int maxRetries, Duration firstDelay, double backoff, Duration maxDelay) {
            Args.inRange(maxRetries, 0, 100, "maxRetries");
            Args.positive(firstDelay, "firstDelay");
            Args.notNull(maxDelay, "maxDelay");
            if (!(backoff >= 1.0 && backoff <= 10.0)) {
                throw new IllegalArgumentException("backoff must be between 1.0 and 10.0, was " + backoff);
            }
            if (maxDelay.compareTo(firstDelay) < 0 || maxDelay.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("maxDelay must be between firstDelay (" + firstDelay + ") and "
                        + MAX_TIMEOUT + ", was " + maxDelay);
            }
            this.retry = RetryPolicy.of(maxRetries, firstDelay, backoff, maxDelay, 0.0);
            return this;
        }

        /**
         * Spreads each retry delay {@code d} uniformly over {@code [d * (1 - jitter), d * (1 + jitter)]}, so that
         * clients that lost the same reply do not retry in step. If never called, 0.2; 0 makes retries exactly
         * periodic.
         *
         * @param jitter the spread, 0.0 to 1.0
         * @return this builder
         * @throws IllegalArgumentException if {@code jitter} is outside 0.0 to 1.0
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * Sets the largest reply the client accepts. A larger reply is truncated, never matched, and counted as
         * unmatched (and as truncated in {@link UdpClient#receiverStats()}). If never called, 65,527 bytes.
         *
         * @param bytes the limit, 1 to 65,527
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is outside 1 to 65,527
         */
        public Builder maxReplySize(int bytes) {
            this.maxReplySize = Args.inRange(bytes, 1, UdpLimits.IPV6_MAX_PAYLOAD, "maxReplySize");
            return this;
        }

        /**
         * Sets how many requests may be pending at once; a request beyond fails at once with a {@link UdpException}
         * and is counted as failed. If never called, 65,536.
         *
         * @param requests the limit, 1 to 1,048,576
         * @return this builder
         * @throws IllegalArgumentException if {@code requests} is outside 1 to 1,048,576
         */
        public Builder maxInFlight(int requests) {
            this.maxInFlight = Args.inRange(requests, 1, 1 << 20, "maxInFlight");
            return this;
        }

        /**
         * Sets how long the key of a finished request is remembered, so that its duplicate or late reply is counted
         * as {@linkplain UdpClientStats#late() late} rather than {@linkplain UdpClientStats#unmatched() unmatched}
         * (at most 65,536 keys are remembered). If never called, 30 seconds.
         *
         * @param window how long, more than 0, at most 24 hours
         * @return this builder
         * @throws NullPointerException if {@code window} is {@code null}
         * @throws IllegalArgumentException if {@code window} is out of range
         */
        public Builder lateWindow(Duration window) {
            Args.positive(window, "window");
            if (window.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("window must be at most " + MAX_TIMEOUT + ", was " + window);
            }
            this.lateWindow = window;
            return this;
        }

        /**
         * Sets the executor that completes the futures, so that their dependent stages run there. If never called,
         * {@link ForkJoinPool#commonPool()}. {@code Runnable::run} completes them on the client's receive and timer
         * threads: then a stage that blocks stops the client. A rejected completion runs on the thread that asked,
         * and is reported.
         *
         * @param executor the executor
         * @return this builder
         * @throws NullPointerException if {@code executor} is {@code null}
         */
        public Builder executor(Executor executor) {
            this.executor = Args.notNull(executor, "executor");
            return this;
        }

        /**
         * Sets the listener for what goes wrong outside any one future: correlation functions that throw, receive
         * errors, rejected completions. If never called, they are logged through {@link System.Logger} at
         * {@code WARNING}.
         *
         * @param listener the listener; it runs on the client's threads
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         */
        public Builder onError(ErrorListener listener) {
            this.onError = Args.notNull(listener, "listener");
            return this;
        }

        /**
         * Opens the client's socket (connected to the target unless told otherwise) and starts its threads.
         *
         * @return the open client; close it when done
         * @throws UdpBindException if the local address cannot be bound
         * @throws UdpException if the socket cannot be opened or connected
         */
        public UdpClient build() {
            RetryPolicy chosen = retry.withJitter(jitter);
            RetryPolicy previous = retry;
            retry = chosen;
            try {
                return new UdpClient(this);
            } finally {
                retry = previous;
            }
        }
    }
}
