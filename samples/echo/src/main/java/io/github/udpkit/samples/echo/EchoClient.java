package io.github.udpkit.samples.echo;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpClient;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpTimeoutException;
import io.github.udpkit.samples.Cli;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A request/response client for an echo server: sends a request, waits for the same bytes to come back, and when
 * they do not within the timeout, sends it again, waiting longer each time (exponential backoff), up to a fixed number
 * of attempts. Built on udpkit's {@link UdpClient}, which does the matching, the retries and the timeout.
 *
 * <p>UDP may lose the request or the answer, deliver either twice, or late. So an answer counts only if it holds
 * exactly the request's bytes (the request's bytes are its correlation key); anything else (a late answer to an
 * earlier request, say) is counted as stale and dropped. If the server's port is closed, the operating system says
 * so ("port unreachable"); the client waits out the attempts anyway (the server may be restarting) and names the
 * cause in its final error.
 *
 * <p>One request at a time: the methods are synchronized, so that each reply can say which attempt got it. For many
 * requests in flight at once, use {@link UdpClient} directly. Close the client to release its socket.
 */
public final class EchoClient implements AutoCloseable {
    /** The longest a request may wait in total, over all its attempts. */
    private static final Duration MAX_TOTAL = Duration.ofHours(24);

    private final UdpClient client;
    private final InetSocketAddress target;
    private final List<Duration> timeouts;
    private final Duration total;
    private long requests;
    private long answered;
    private long failed;

    private EchoClient(InetSocketAddress target, List<Duration> timeouts, double backoff, Duration maxTimeout) {
        this.target = target;
        this.timeouts = List.copyOf(timeouts);
        this.total = timeouts.stream().reduce(Duration.ZERO, Duration::plus);
        this.client = UdpClient.builder()
                .target(target)
                .correlate(ByteBuffer::wrap, ByteBuffer::wrap)          // the echo is the request's own bytes
                .retries(timeouts.size() - 1, timeouts.get(0), backoff, maxTimeout)
                .jitter(0)                                              // exactly the waits timeouts() lists
                .build();
    }

    /**
     * Opens a client.
     *
     * @param target the echo server
     * @param timeout how long the first attempt waits for the answer, at least 1 ms
     * @param attempts how many times a request is sent at most, 1 to 100
     * @param backoff the factor by which each further attempt waits longer, 1.0 to 10.0
     * @param maxTimeout the longest any one attempt waits, at least {@code timeout}
     * @return the open client
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException naming the first argument out of range
     * @throws io.github.udpkit.UdpException if the socket cannot be opened
     */
    public static EchoClient open(InetSocketAddress target, Duration timeout, int attempts, double backoff,
                                  Duration maxTimeout) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, was " + timeout.toMillis() + " ms");
        }
        if (attempts < 1 || attempts > 100) {
            throw new IllegalArgumentException("attempts must be between 1 and 100, was " + attempts);
        }
        if (!(backoff >= 1.0 && backoff <= 10.0)) {
            throw new IllegalArgumentException("backoff must be between 1.0 and 10.0, was " + backoff);
        }
        if (maxTimeout.compareTo(timeout) < 0) {
            throw new IllegalArgumentException("maxTimeout must be at least timeout (" + timeout.toMillis()
                    + " ms), was " + maxTimeout.toMillis() + " ms");
        }
        List<Duration> timeouts = new ArrayList<>();
        double millis = timeout.toMillis();
        for (int i = 0; i < attempts; i++) {
            timeouts.add(Duration.ofMillis(Math.min(Math.round(millis), maxTimeout.toMillis())));
            millis = Math.min(millis * backoff, maxTimeout.toMillis());
        }
        if (timeouts.stream().reduce(Duration.ZERO, Duration::plus).compareTo(MAX_TOTAL) > 0) {
            throw new IllegalArgumentException("the attempts' waits must add up to at most 24 hours, were "
                    + timeouts.stream().reduce(Duration.ZERO, Duration::plus));
        }
        return new EchoClient(target, timeouts, backoff, maxTimeout);
    }

    /**
     * Returns how long each attempt waits, in order: the first timeout multiplied by the backoff, capped.
     *
     * @return one duration per attempt
     */
    public List<Duration> timeouts() {
        return timeouts;
    }

    /**
     * Sends text (UTF-8) and waits for its echo; see {@link #request(byte[])}.
     *
     * @param text the request
     * @return the answer and the attempt that got it
     * @throws EchoTimeoutException if no attempt got the answer
     */
    public EchoReply request(String text) {
        return request(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a request and waits for the same bytes to come back, retrying as configured.
     *
     * @param payload the request, 1 to 65,507 bytes (a connected UDP socket cannot send an empty datagram)
     * @return the answer and the attempt that got it
     * @throws EchoTimeoutException if no attempt got the answer; its message names the target, the attempts and the
     *     timeouts
     * @throws io.github.udpkit.DatagramTooLargeException if the request is larger than UDP allows
     * @throws IllegalStateException if the client is closed
     * @throws UdpException if the calling thread is interrupted (the request is abandoned, the interrupt kept and the
     *     socket left open)
     */
    public synchronized EchoReply request(byte[] payload) {
        requests++;
        if (Thread.currentThread().isInterrupted()) {
            failed++;
            throw new UdpException("echo request to " + format(target) + " cancelled before attempt 1: the calling "
                    + "thread is interrupted");
        }
        long start = System.nanoTime();
        long sentBefore = client.stats().sent();
        CompletableFuture<Datagram> reply;
        try {
            reply = client.request(payload, total);
        } catch (RuntimeException e) { // refused before sending: too large, empty, closed
            failed++;
            throw e;
        }
        try {
            Datagram answer = reply.get();
            answered++;
            int attempt = (int) Math.max(1, client.stats().sent() - sentBefore);
            return new EchoReply(answer.payload(), attempt, Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            reply.cancel(true);
            Thread.currentThread().interrupt();
            failed++;
            throw new UdpException("echo request to " + format(target) + " cancelled: the calling thread was "
                    + "interrupted", e);
        } catch (ExecutionException e) {
            failed++;
            if (e.getCause() instanceof UdpTimeoutException timeout) {
                throw new EchoTimeoutException(timeoutMessage(timeout.portUnreachable()));
            }
            throw e.getCause() instanceof RuntimeException r ? r : new UdpException(e.getMessage(), e.getCause());
        }
    }

    private String timeoutMessage(boolean unreachable) {
        StringBuilder waits = new StringBuilder();
        long total = 0;
        for (Duration timeout : timeouts) {
            waits.append(waits.length() == 0 ? "" : " + ").append(timeout.toMillis());
            total += timeout.toMillis();
        }
        return "no echo from " + format(target) + " after " + timeouts.size()
                + (timeouts.size() == 1 ? " attempt" : " attempts") + " (waited " + waits + " = " + total + " ms)"
                + (unreachable ? "; the target's port is unreachable: nothing listens there" : "");
    }

    static String format(InetSocketAddress address) {
        return Cli.format(address);
    }

    /**
     * Returns what the client did so far.
     *
     * @return a snapshot of the counters
     */
    public synchronized Stats stats() {
        io.github.udpkit.UdpClientStats s = client.stats();
        return new Stats(requests, s.sent(), answered, failed, s.late() + s.unmatched());
    }

    /**
     * Returns the local address of the client's socket.
     *
     * @return the address its requests come from
     */
    public InetSocketAddress localAddress() {
        return client.localAddress();
    }

    /** Closes the socket. */
    @Override
    public void close() {
        client.close();
    }

    /**
     * What an {@link EchoClient} did.
     *
     * @param requests calls to {@code request}
     * @param attempts datagrams sent (first tries and retries)
     * @param answered requests that got their echo
     * @param failed requests that timed out after every attempt
     * @param stale datagrams received that were not the echo waited for (late or duplicated answers)
     */
    public record Stats(long requests, long attempts, long answered, long failed, long stale) {
        /**
         * Returns the number of retries: attempts beyond the first of each request.
         *
         * @return {@code attempts - requests}
         */
        public long retries() {
            return attempts - requests;
        }
    }
}
