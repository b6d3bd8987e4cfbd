package io.github.udpkit.testkit;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpLimits;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.internal.Args;
import io.github.udpkit.testkit.internal.Capture;
import io.github.udpkit.testkit.internal.Durations;
import io.github.udpkit.testkit.internal.Render;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A real UDP peer for tests: a socket on the loopback address, on a port the operating system chooses, that records
 * every datagram it receives in a journal and can answer them. Use it as the server your client code talks to, or as
 * the client of the server under test. A plain {@link AutoCloseable}: it works with any test engine, and the JUnit
 * Jupiter {@link UdpPeerExtension} manages it for you.
 *
 * <pre>{@code
 * try (UdpPeer peer = UdpPeer.start()) {
 *     myClient.sendTo(peer.address(), "ping");
 *     Datagram d = peer.take(Duration.ofSeconds(5));   // fails with an AssertionError after 5 s
 *     assertEquals("ping", d.text());
 * }
 * }</pre>
 *
 * <p><b>Journal.</b> Every datagram that arrives is recorded in arrival order with a copy of its payload, its sender,
 * its length, its arrival time and whether it was truncated (larger than {@link Builder#maxDatagramSize(int)}): see
 * {@link #journal()}. The journal keeps every payload for the peer's lifetime. {@link #take(Duration)} hands out the
 * datagrams one by one, in arrival order; the journal keeps them all.
 *
 * <p><b>Failures are assertions.</b> {@link #take(Duration)}, {@link #take(int, Duration)} and
 * {@link #expectNothing(Duration)} never return {@code null} or a boolean: when the expectation fails they throw an
 * {@link AssertionError} that names the peer's address and the wait, and lists what was received.
 *
 * <p><b>Replies</b> leave from the peer's own port, so they reach a client that only listens on its sending socket.
 * For each datagram the peer answers with the next {@linkplain #enqueueReply(byte[]) scripted reply} if any is
 * queued, otherwise with its {@linkplain #replyWith(Function) reply function} or {@linkplain #echo() echo}, if set.
 * Truncated datagrams are answered too.
 *
 * <p><b>Threading.</b> All methods may be called from any thread. The peer reads its socket on one daemon thread,
 * named {@code udpkit-peer-<address>}, which {@link #close()} ends.
 *
 * @since 0.1
 */
public final class UdpPeer implements AutoCloseable {
    private final UdpReceiver receiver;
    private final InetSocketAddress address;
    private final Instant startedAt;
    private final List<Datagram> journal = new ArrayList<>();
    private final BlockingQueue<Arrival> pending = new LinkedBlockingQueue<>();
    private final Queue<byte[]> script = new ConcurrentLinkedQueue<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final AtomicReference<Function<Datagram, byte[]>> responder = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Capture capture = new Capture();

    /** A datagram and its 1-based arrival number. */
    private record Arrival(int number, Datagram datagram) {
    }

    private UdpPeer(Builder builder) {
        this.startedAt = Instant.now();
        if (builder.echo) {
            responder.set(Datagram::payload);
        }
        AtomicReference<Thread> thread = new AtomicReference<>();
        this.receiver = UdpReceiver.builder()
                .bind(new InetSocketAddress(builder.host, builder.port))
                .maxDatagramSize(builder.maxDatagramSize)
                .onDatagram(this::record)
                .onTruncated(this::record)
                .onError(errors::add)
                .threadFactory(task -> {
                    Thread t = new Thread(task, "udpkit-peer");
                    t.setDaemon(true);
                    thread.set(t);
                    return t;
                })
                .start();
        this.address = receiver.localAddress();
        thread.get().setName("udpkit-peer-" + address);
        capture.addInterface("udpkit-peer " + address, "UdpPeer listening on " + address);
    }

    /**
     * Starts a peer with the defaults: IPv4 loopback ({@code 127.0.0.1}), a free port, no size limit below the UDP
     * maximum, no replies.
     *
     * @return the running peer; close it when done
     * @throws UdpException if no socket can be opened
     */
    public static UdpPeer start() {
        return builder().start();
    }

    /**
     * Returns a builder for a peer with other settings. Builders are not thread-safe; the peers they start are.
     *
     * @return a builder with the defaults described on each of its methods
     */
    public static Builder builder() {
        return new Builder();
    }

    private void record(Datagram datagram) {
        InetSocketAddress local = address; // null only for a datagram racing the constructor on a fixed port
        if (local != null) {
            capture.record(0, datagram.sender(), local, datagram.payload(), datagram.truncated()
                    ? "truncated to the peer's limit of " + datagram.length() + " bytes" : null);
        }
        int number;
        synchronized (journal) {
            journal.add(datagram);
            number = journal.size();
        }
        pending.add(new Arrival(number, datagram));
        reply(datagram);
    }

    private void reply(Datagram datagram) {
        try {
            byte[] answer = script.poll();
            if (answer == null) {
                Function<Datagram, byte[]> function = responder.get();
                answer = function == null ? null : function.apply(datagram);
            }
            if (answer != null && !closed.get()) {
                capture.record(0, address, datagram.sender(), answer, "reply");
                receiver.reply(datagram, answer);
            }
        } catch (RuntimeException | Error e) {
            errors.add(e);
        }
    }

    /**
     * Returns the address the peer listens on: send to it.
     *
     * @return the loopback address and the port the operating system chose
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Returns the port the peer listens on.
     *
     * @return the port, 1 to 65535
     */
    public int port() {
        return address.getPort();
    }

    /**
     * Returns the largest datagram the peer records as complete; larger ones are recorded as truncated.
     *
     * @return the limit in bytes
     */
    public int maxDatagramSize() {
        return receiver.maxDatagramSize();
    }

    /**
     * Waits for the next datagram not yet taken, in arrival order.
     *
     * @param timeout how long to wait at most; {@code Duration.ofSeconds(Long.MAX_VALUE)} (or anything from about
     *     292 years) waits forever
     * @return the datagram (possibly {@linkplain Datagram#truncated() truncated}), never {@code null}
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws AssertionError if nothing arrives in time; the message names the peer's address and the wait, says
     *     {@code nothing received}, and lists the journal
     */
    public Datagram take(Duration timeout) {
        long start = System.nanoTime();
        Arrival arrival = poll(start, Durations.waitNanos(timeout, "timeout"));
        if (arrival == null) {
            throw new AssertionError(this + ": nothing received within " + Render.millis(timeout) + "\n"
                    + journalSection());
        }
        return arrival.datagram();
    }

    /**
     * Waits for the next {@code count} datagrams not yet taken, in arrival order.
     *
     * @param count how many datagrams to wait for, at least 1
     * @param timeout how long to wait for all of them at most; {@code Duration.ofSeconds(Long.MAX_VALUE)} waits
     *     forever
     * @return exactly {@code count} datagrams in arrival order
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code count} is less than 1 or {@code timeout} is zero or negative
     * @throws AssertionError if fewer arrive in time; the message names the peer's address, the count and the wait,
     *     and lists the journal
     */
    public List<Datagram> take(int count, Duration timeout) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        long start = System.nanoTime();
        long nanos = Durations.waitNanos(timeout, "timeout");
        List<Datagram> taken = new ArrayList<>(count);
        while (taken.size() < count) { // bounded: each round takes one datagram or ends the wait
            Arrival arrival = poll(start, nanos);
            if (arrival == null) {
                throw new AssertionError(this + ": expected " + datagrams(count) + " within "
                        + Render.millis(timeout) + ", received " + taken.size() + "\n" + journalSection());
            }
            taken.add(arrival.datagram());
        }
        return List.copyOf(taken);
    }

    /**
     * Asserts that no datagram arrives (and none is waiting to be taken) for a while. Returns after the full wait
     * when nothing came; fails as soon as something does.
     *
     * @param wait how long to listen; {@code Duration.ofSeconds(Long.MAX_VALUE)} listens forever (until something
     *     arrives)
     * @throws NullPointerException if {@code wait} is {@code null}
     * @throws IllegalArgumentException if {@code wait} is zero or negative
     * @throws AssertionError if a datagram arrives or was waiting; the message names the peer's address and the wait
     *     and lists every datagram not taken
     */
    public void expectNothing(Duration wait) {
        long start = System.nanoTime();
        Arrival first = poll(start, Durations.waitNanos(wait, "wait"));
        if (first == null) {
            return;
        }
        List<Arrival> unexpected = new ArrayList<>();
        unexpected.add(first);
        pending.drainTo(unexpected);
        StringBuilder message = new StringBuilder(this + ": expected nothing within " + Render.millis(wait)
                + ", received " + datagrams(unexpected.size()) + ":\n");
        for (Arrival arrival : unexpected) {
            message.append("  ").append(Render.line(arrival.number(), arrival.datagram(), startedAt)).append('\n');
        }
        throw new AssertionError(message.toString().stripTrailing());
    }

    /** Polls for what is left of a wait of {@code nanos} begun at {@code start}; no deadline sum, no overflow. */
    private Arrival poll(long start, long nanos) {
        try {
            long left = nanos - (System.nanoTime() - start);
            return left <= 0 ? pending.poll() : pending.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(this + ": interrupted while waiting for a datagram", e);
        }
    }

    /**
     * Returns every datagram received so far, in arrival order, whether taken or not. Element {@code i} is the
     * {@code (i+1)}-th arrival, as numbered in failure messages.
     *
     * @return an immutable snapshot
     */
    public List<Datagram> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    /**
     * Returns how many datagrams have arrived so far; handy with Awaitility.
     *
     * @return the journal's size
     */
    public int receivedCount() {
        synchronized (journal) {
            return journal.size();
        }
    }

    /**
     * Returns the failures of the peer's own work: reply functions that threw, replies the operating system refused,
     * receive errors. A test that relies on replies may assert this is empty.
     *
     * @return an immutable snapshot, in the order they happened
     */
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /**
     * Returns the instant the peer started; journal times in messages are measured from it.
     *
     * @return the start time
     */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * Sends a datagram from the peer's own port.
     *
     * @param to where to send
     * @param payload the bytes, sent as one datagram
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code to} is unresolved
     * @throws IllegalStateException if the peer is closed
     * @throws io.github.udpkit.DatagramTooLargeException if the payload exceeds the UDP maximum for the family of
     *     {@code to}
     * @throws UdpException if the operating system refuses the send
     */
    public void sendTo(InetSocketAddress to, byte[] payload) {
        Args.resolved(to, "to");
        Args.notNull(payload, "payload");
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed; cannot send to " + to);
        }
        capture.record(0, address, to, payload, null); // before the send: its answer may come at once
        receiver.sendTo(to, payload);
    }

    /**
     * Sends text encoded as UTF-8 from the peer's own port; see {@link #sendTo(InetSocketAddress, byte[])}.
     *
     * @param to where to send
     * @param text the text
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code to} is unresolved
     * @throws IllegalStateException if the peer is closed
     * @throws io.github.udpkit.DatagramTooLargeException if the encoded text exceeds the UDP maximum
     * @throws UdpException if the operating system refuses the send
     */
    public void sendTo(InetSocketAddress to, String text) {
        Args.notNull(text, "text");
        sendTo(to, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers every datagram with its own payload (after any scripted replies are used up). Replaces a reply
     * function.
     *
     * @return this peer
     */
    public UdpPeer echo() {
        responder.set(Datagram::payload);
        return this;
    }

    /**
     * Answers each datagram with what a function returns (after any scripted replies are used up). The function runs
     * on the peer's thread; returning {@code null} sends no reply; if it throws, nothing is sent and the failure is
     * kept in {@link #errors()}. Replaces echo and any earlier function.
     *
     * @param function computes the reply payload from the datagram received
     * @return this peer
     * @throws NullPointerException if {@code function} is {@code null}
     */
    public UdpPeer replyWith(Function<Datagram, byte[]> function) {
        responder.set(Args.notNull(function, "function"));
        return this;
    }

    /**
     * Queues a scripted reply: the next datagram that arrives is answered with these bytes, whatever the echo or reply
     * function says. Replies queued one after another answer successive datagrams.
     *
     * @param payload the reply; copied
     * @return this peer
     * @throws NullPointerException if {@code payload} is {@code null}
     */
    public UdpPeer enqueueReply(byte[] payload) {
        script.add(Args.notNull(payload, "payload").clone());
        return this;
    }

    /**
     * Queues a scripted reply as UTF-8 text; see {@link #enqueueReply(byte[])}.
     *
     * @param text the reply
     * @return this peer
     * @throws NullPointerException if {@code text} is {@code null}
     */
    public UdpPeer enqueueReply(String text) {
        Args.notNull(text, "text");
        return enqueueReply(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Stops answering: clears the scripted replies, echo and the reply function.
     *
     * @return this peer
     */
    public UdpPeer noReplies() {
        script.clear();
        responder.set(null);
        return this;
    }

    /**
     * Describes the peer and everything it received, one datagram per line, for failure reports and logs. Payloads
     * are shown as text when printable and as hex otherwise, at most 64 bytes each.
     *
     * @return for example {@code "UdpPeer /127.0.0.1:40000\njournal (1 datagram):\n  #1 from ..."}
     */
    public String journalReport() {
        StringBuilder out = new StringBuilder(toString()).append('\n').append(journalSection());
        for (Throwable error : errors) {
            out.append("\nerror: ").append(error);
        }
        return out.toString();
    }

    private String journalSection() {
        List<Datagram> all = journal();
        if (all.isEmpty()) {
            return "journal: empty";
        }
        return ("journal (" + datagrams(all.size()) + "):\n" + Render.lines(all, 1, startedAt)).stripTrailing();
    }

    private static String datagrams(int count) {
        return count + (count == 1 ? " datagram" : " datagrams");
    }

    /**
     * Writes what crossed the peer, both ways, as a pcapng file that Wireshark and {@code tshark} open: one interface
     * named after the peer, each datagram with synthesised IP and UDP headers (correct lengths and checksums) and a
     * nanosecond timestamp. The peer keeps at most 100,000 datagrams (64 MiB) for it. Works after {@link #close()}.
     *
     * @param file where to write; its directory is created, an existing file replaced
     * @return {@code file}
     * @throws NullPointerException if {@code file} is {@code null}
     * @throws UdpException if the file cannot be written
     * @since 0.2
     */
    public Path writeCapture(Path file) {
        Args.notNull(file, "file");
        return Capture.writeFor(this, file, List.of(capture));
    }

    Capture capture() {
        return capture;
    }

    /**
     * Tells whether the peer is still open.
     *
     * @return {@code false} once {@link #close()} was called
     */
    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Closes the socket and ends the peer's thread. Idempotent; safe from any thread. The journal stays readable, and
     * datagrams not yet taken can still be taken.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            receiver.close();
        }
    }

    /**
     * Names the peer by its address.
     *
     * @return for example {@code UdpPeer /127.0.0.1:40000}
     */
    @Override
    public String toString() {
        return "UdpPeer " + address;
    }

    /**
     * Configures and starts a {@link UdpPeer}. Not thread-safe: use a builder from one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private InetAddress host = loopback4();
        private int port;
        private int maxDatagramSize = UdpLimits.IPV6_MAX_PAYLOAD;
        private boolean echo;

        private Builder() {
        }

        private static InetAddress loopback4() {
            try {
                return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
            } catch (UnknownHostException e) {
                throw new AssertionError("a 4-byte address is always valid", e);
            }
        }

        /**
         * Listens on the IPv6 loopback address {@code ::1} instead of {@code 127.0.0.1}. If never called, the peer
         * uses IPv4.
         *
         * @return this builder
         */
        public Builder ipv6() {
            try {
                this.host = Inet6Address.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 0, 1});
            } catch (UnknownHostException e) {
                throw new AssertionError("a 16-byte address is always valid", e);
            }
            return this;
        }

        /**
         * Listens on a fixed port, for code under test whose port cannot be configured. If never called, the port is
         * 0 and the operating system chooses a free one, which never clashes with a parallel test: prefer that.
         *
         * @param port the port, 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
         */
        public Builder port(int port) {
            this.port = Args.port(port, "port");
            return this;
        }

        /**
         * Sets the buffer limit: datagrams larger than this are recorded as truncated, holding only their first
         * {@code bytes} bytes, which lets a test provoke truncation on purpose. If never called, the limit is 65,527
         * bytes, the largest UDP payload, so nothing is truncated.
         *
         * @param bytes the limit, 1 to 65,527
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is outside 1 to 65,527
         */
        public Builder maxDatagramSize(int bytes) {
            this.maxDatagramSize = Args.inRange(bytes, 1, UdpLimits.IPV6_MAX_PAYLOAD, "maxDatagramSize");
            return this;
        }

        /**
         * Makes the peer answer every datagram with its own payload, as {@link UdpPeer#echo()} does. If never called,
         * the peer sends no replies until told to.
         *
         * @return this builder
         */
        public Builder echo() {
            this.echo = true;
            return this;
        }

        /**
         * Binds the socket and starts the peer.
         *
         * @return the running peer; close it when done
         * @throws io.github.udpkit.UdpBindException if the port is taken
         * @throws UdpException if no socket can be opened (for example, IPv6 is disabled)
         */
        public UdpPeer start() {
            return new UdpPeer(this);
        }
    }
}
