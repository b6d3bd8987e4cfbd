package io.github.udpkit.testkit;

import io.github.udpkit.UdpException;
import io.github.udpkit.internal.Args;
import io.github.udpkit.testkit.internal.Capture;
import io.github.udpkit.testkit.internal.Durations;
import io.github.udpkit.testkit.internal.Seeds;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A fault-injecting UDP proxy on loopback: it forwards what clients send it to a target, and the target's answers
 * back to the client they are meant for, and on the way drops, duplicates, reorders, delays, truncates and corrupts
 * datagrams as its {@link Faults} say, per direction, all decided from one seed. A {@link Ledger} records every
 * decision, so a test can assert that what the link delivered reached the listener, and nothing else.
 *
 * <pre>{@code
 * try (UdpReceiver server = UdpReceiver.builder().onDatagram(...).start();
 *      UdpFaultProxy proxy = UdpFaultProxy.builder()
 *              .target(server.localAddress())
 *              .toTarget(Faults.none().dropProbability(0.3))
 *              .start()) {
 *     client.sendTo(proxy.address(), ...);   // talk to the proxy instead of the server
 *     ...
 *     // forwarded datagrams are still on their way to the server: wait until it has read and counted them all
 *     await().atMost(Duration.ofSeconds(5)).until(() -> proxy.inFlight() == 0
 *             && server.stats().received() == proxy.ledger().totals(Direction.TO_TARGET).datagramsSent()
 *             && server.stats().inFlight() == 0);
 * }
 * }</pre>
 *
 * <p><b>Replaying a run.</b> The seed is in {@link #toString()}, in {@link #report()} and, with the JUnit extension,
 * in the failure of a test that used the proxy. Fix it with {@link Builder#seed(long)} or, without changing code, with
 * the system property {@value #SEED_PROPERTY}. Each datagram's fate depends only on the seed, its direction, its
 * sequence number in that direction and its size, never on timing.
 *
 * <p><b>Clients.</b> Each client address gets its own socket towards the target, as a NAT does, so the target's
 * answers go back to the client that caused them.
 *
 * <p><b>Threading.</b> All methods may be called from any thread. The proxy uses two daemon threads named
 * {@code udpkit-proxy-<address>} (receiving) and {@code udpkit-proxy-<address>-send} (sending, delays and holds),
 * which {@link #close()} ends.
 *
 * @since 0.1
 */
public final class UdpFaultProxy implements AutoCloseable {
    /** The system property that fixes the seed of proxies built without {@link Builder#seed(long)}. */
    public static final String SEED_PROPERTY = Seeds.PROPERTY;

    private static final int BUFFER_BYTES = 4 * 1024 * 1024;

    private final InetSocketAddress target;
    private final long seed;
    private final Faults toTarget;
    private final Faults toClient;
    private final Selector selector;
    private final DatagramChannel front;
    private final InetSocketAddress address;
    private final ProxyClients clients;
    private final long[] sequences = new long[Direction.values().length];
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final LinkStage links;
    private final Link toTargetLink;
    private final Link toClientLink;
    private final long startNanos;
    private final Instant startedAt;
    private final Capture capture = new Capture();
    private final ProxySender sender;
    private final Thread receiveThread;
    private volatile boolean closed;

    private UdpFaultProxy(Builder builder) {
        this.target = builder.target;
        this.seed = builder.seed != null ? builder.seed : Seeds.defaultSeed();
        this.toTarget = builder.toTarget;
        this.toClient = builder.toClient;
        this.toTargetLink = builder.toTargetLink;
        this.toClientLink = builder.toClientLink;
        this.links = new LinkStage(builder.toTargetLink, builder.toClientLink, seed,
                target.getAddress() instanceof Inet6Address ? 48 : 28, builder.onFragmentationNeeded);
        this.startedAt = Instant.now();
        this.startNanos = System.nanoTime();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UdpException("cannot open a selector for the proxy: " + e.getMessage(), e);
        }
        this.clients = new ProxyClients(selector, target, builder.rebindAfter,
                builder.rebindAt == null ? -1 : builder.rebindAt.toNanos(), links);
        try {
            this.front = ProxyClients.open(new InetSocketAddress(ProxyClients.loopbackFor(target), 0));
            this.address = (InetSocketAddress) front.getLocalAddress();
            front.register(selector, SelectionKey.OP_READ, null);
        } catch (IOException e) {
            closeQuietly(selector);
            throw new UdpException("cannot open the proxy's socket: " + e.getMessage(), e);
        }
        this.sender = new ProxySender("udpkit-proxy-" + address + "-send", capture, front, address.toString(),
                () -> closed, errors::add);
        capture.addInterface("udpkit-proxy " + address + " (clients)", "UdpFaultProxy's front, where clients send");
        capture.addInterface("udpkit-proxy " + address + " (to " + target + ")",
                "UdpFaultProxy's upstream sockets, one per client, towards " + target);
        this.receiveThread = daemon(this::receiveLoop, "udpkit-proxy-" + address);
        receiveThread.start();
    }

    /**
     * Returns a new builder. Builders are not thread-safe; the proxies they start are.
     *
     * @return a builder with the defaults described on each of its methods
     */
    public static Builder builder() {
        return new Builder();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
        try {
            while (!closed) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isReadable()) {
                        try {
                            drain((DatagramChannel) key.channel(), (ProxyClients.Client) key.attachment(), buffer);
                        } catch (IOException e) {
                            if (!closed) {
                                errors.add(new UdpException("proxy " + address + " failed to receive: "
                                        + e.getMessage(), e));
                            }
                        }
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // closed by close(): the normal way out
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                errors.add(new UdpException("proxy " + address + " stopped: " + e, e));
            }
        }
    }

    /** Reads everything queued on a channel; the kernel queue is finite, so this ends. */
    private void drain(DatagramChannel channel, ProxyClients.Client client, ByteBuffer buffer) throws IOException {
        while (!closed) {
            buffer.clear();
            InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
            if (from == null) {
                return;
            }
            buffer.flip();
            byte[] payload = new byte[buffer.remaining()];
            buffer.get(payload);
            if (client == null) {
                ProxyClients.Client sender = clients.from(from, System.nanoTime() - startNanos,
                        sequences[Direction.TO_TARGET.ordinal()] + 1);
                forward(Direction.TO_TARGET, sender, payload, sender.upstream, target);
            } else {
                forward(Direction.TO_CLIENT, client, payload, front, client.address);
            }
        }
    }

    private void forward(Direction direction, ProxyClients.Client client, byte[] payload, DatagramChannel channel,
                         InetSocketAddress to) {
        long sequence = ++sequences[direction.ordinal()];
        Faults faults = direction == Direction.TO_TARGET ? toTarget : toClient;
        LedgerEntry decided = FaultDecider.decide(seed, direction, sequence, client.number, payload.length,
                faults);
        LedgerEntry entry = links.active(direction) ? links.apply(decided, System.nanoTime() - startNanos) : decided;
        boolean up = direction == Direction.TO_TARGET;
        capture.record(up ? 0 : 1, up ? client.address : target, up ? address : client.upstreamAddress, payload,
                "received; " + entry + "; seed " + seed);
        synchronized (entries) {
            entries.add(entry);
        }
        if (entry.dropped()) {
            return;
        }
        sender.submit(entry, faults, FaultDecider.apply(payload, entry), channel, to,
                "sent by the proxy: " + direction + " #" + sequence + "; seed " + seed);
    }

    /**
     * Returns the address clients send to instead of the target.
     *
     * @return the proxy's loopback address and port (IPv6 when the target is IPv6)
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Returns the address the proxy forwards to.
     *
     * @return the target
     */
    public InetSocketAddress target() {
        return target;
    }

    /**
     * Returns the seed every decision is drawn from.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns a snapshot of the decisions so far.
     *
     * @return the ledger, with the seed
     */
    public Ledger ledger() {
        synchronized (entries) {
            return new Ledger(seed, entries);
        }
    }

    /**
     * Returns what the link models and NAT rebinding did, in order: for each datagram on a direction with a
     * {@link Link}, when it arrived and when it is delivered (or why it was dropped); each packet over an MTU; each
     * rebinding. Times are measured from {@link #startedAt()}. Empty without links or rebinding.
     *
     * @return an immutable snapshot
     */
    public List<LinkEvent> events() {
        return links.events();
    }

    /**
     * Writes what crossed the proxy as a pcapng file that Wireshark and {@code tshark} open: two interfaces, the
     * front where clients send and the upstream side towards the target, each datagram with synthesised IP and UDP
     * headers and a nanosecond timestamp, and on each packet a comment with the proxy's decision and the seed. The
     * proxy keeps at most 100,000 datagrams (64 MiB) for it. Works after {@link #close()}.
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
     * Returns when the proxy started: the zero of every time in its link models and {@link #events()}.
     *
     * @return the start time
     */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * Returns how many forwarded datagrams are decided but not yet sent: delayed, held for reordering or queued.
     * Wait for 0 (with Awaitility) before comparing the ledger with what the other side received.
     *
     * @return the number of datagrams in flight inside the proxy
     */
    public long inFlight() {
        return sender.inFlight();
    }

    /**
     * Returns the proxy's own failures, such as sends the operating system refused.
     *
     * @return an immutable snapshot, in the order they happened
     */
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /**
     * Describes the proxy for a failure report: addresses, seed and how to replay it, the faults (and links, when
     * not ideal), the totals per direction, the last 20 decisions and any errors.
     *
     * @return a multi-line text
     */
    public String report() {
        StringBuilder out = new StringBuilder(toString()).append("\nto target: ").append(toTarget)
                .append("\nto client: ").append(toClient);
        if (toTargetLink != Link.ideal() || toClientLink != Link.ideal()) {
            out.append("\nlink to target: ").append(toTargetLink).append("\nlink to client: ").append(toClientLink);
        }
        out.append('\n').append(ledger().report(20));
        for (Throwable error : errors) {
            out.append("\nerror: ").append(error);
        }
        return out.toString();
    }

    /**
     * Stops the proxy: closes its sockets and ends its threads. Datagrams still delayed or held are not sent.
     * Idempotent; safe from any thread. The ledger stays readable.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        selector.wakeup();
        try {
            receiveThread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(selector);
        closeQuietly(front);
        clients.closeAll(); // the receive thread has ended, or ends without adding clients since closed is set
        sender.shutdown();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        ProxyClients.closeQuietly(closeable);
    }

    /**
     * Names the proxy by its addresses and seed.
     *
     * @return for example {@code UdpFaultProxy /127.0.0.1:40000 -> /127.0.0.1:5005 (seed 42)}
     */
    @Override
    public String toString() {
        return "UdpFaultProxy " + address + " -> " + target + " (seed " + seed + ")";
    }

    /**
     * Configures and starts a {@link UdpFaultProxy}. Not thread-safe: use a builder from one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private InetSocketAddress target;
        private Long seed;
        private Faults toTarget = Faults.none();
        private Faults toClient = Faults.none();
        private Consumer<UdpFaultProxy> onStart = proxy -> { };
        private Link toTargetLink = Link.ideal();
        private Link toClientLink = Link.ideal();
        private Consumer<LinkEvent> onFragmentationNeeded = event -> { };
        private long rebindAfter;
        private Duration rebindAt;

        private Builder() {
        }

        /**
         * Sets where to forward to. Required. The proxy listens on the loopback address of the same family.
         *
         * @param target the address of the server under test (or of a {@link UdpPeer})
         * @return this builder
         * @throws NullPointerException if {@code target} is {@code null}
         * @throws IllegalArgumentException if {@code target} is unresolved or its port is 0
         */
        public Builder target(InetSocketAddress target) {
            Args.inRange(Args.resolved(target, "target").getPort(), 1, 65_535, "target port");
            this.target = target;
            return this;
        }

        /**
         * Fixes the seed, to replay a run. If never called, the seed is the value of the system property
         * {@value UdpFaultProxy#SEED_PROPERTY} when set, else a fresh random number; either way
         * {@link UdpFaultProxy#seed()} tells which.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the faults for datagrams from clients to the target. If never called, {@link Faults#none()}.
         *
         * @param faults the faults
         * @return this builder
         * @throws NullPointerException if {@code faults} is {@code null}
         */
        public Builder toTarget(Faults faults) {
            this.toTarget = Args.notNull(faults, "faults");
            return this;
        }

        /**
         * Sets the faults for datagrams from the target back to clients. If never called, {@link Faults#none()}.
         *
         * @param faults the faults
         * @return this builder
         * @throws NullPointerException if {@code faults} is {@code null}
         */
        public Builder toClient(Faults faults) {
            this.toClient = Args.notNull(faults, "faults");
            return this;
        }

        /**
         * Sets the same faults for both directions; see {@link #toTarget(Faults)} and {@link #toClient(Faults)}.
         *
         * @param faults the faults
         * @return this builder
         * @throws NullPointerException if {@code faults} is {@code null}
         */
        public Builder bothWays(Faults faults) {
            return toTarget(faults).toClient(faults);
        }

        /**
         * Sets the link model of one direction, applied after its {@link Faults}; see {@link Link}. If never called,
         * both directions are {@link Link#ideal()}.
         *
         * @param direction which way
         * @param link the link
         * @return this builder
         * @throws NullPointerException if an argument is {@code null}
         */
        public Builder link(Direction direction, Link link) {
            Args.notNull(link, "link");
            if (Args.notNull(direction, "direction") == Direction.TO_TARGET) {
                toTargetLink = link;
            } else {
                toClientLink = link;
            }
            return this;
        }

        /**
         * Sets the same link model for both directions (each with its own queue and loss chain).
         *
         * @param link the link
         * @return this builder
         * @throws NullPointerException if {@code link} is {@code null}
         */
        public Builder linkBothWays(Link link) {
            return link(Direction.TO_TARGET, link).link(Direction.TO_CLIENT, link);
        }

        /**
         * Calls a listener for each packet over a link's MTU, with what an ICMP "fragmentation needed" would tell the
         * sender (the proxy cannot forge ICMP). It runs on the proxy's receive thread: keep it short; if it throws,
         * the failure is recorded as an event and forwarding goes on. If never called, the events are only recorded.
         *
         * @param listener gets the {@link LinkEvent.Kind#FRAGMENTATION_NEEDED} event
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         */
        public Builder onFragmentationNeeded(Consumer<LinkEvent> listener) {
            this.onFragmentationNeeded = Args.notNull(listener, "listener");
            return this;
        }

        /**
         * NAT rebinding after a count: each client's datagrams after its first {@code datagrams} leave the proxy from
         * a new port, so the target sees the same client from a new address (a NAT that timed out, QUIC connection
         * migration); the target's answers to the old port are lost. Recorded as a {@link LinkEvent.Kind#REBOUND}
         * event. If never called (nor {@link #rebindAt(Duration)}), a client keeps its port.
         *
         * @param datagrams how many datagrams leave from the first port, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code datagrams} is less than 1
         */
        public Builder rebindAfter(long datagrams) {
            if (datagrams < 1) {
                throw new IllegalArgumentException("datagrams must be at least 1, was " + datagrams);
            }
            this.rebindAfter = datagrams;
            return this;
        }

        /**
         * NAT rebinding at a time: each client's first datagram at or after {@code at} (from the proxy's start)
         * leaves from a new port; see {@link #rebindAfter(long)}.
         *
         * @param at when, zero to one hour after the start
         * @return this builder
         * @throws NullPointerException if {@code at} is {@code null}
         * @throws IllegalArgumentException if {@code at} is negative or over one hour
         */
        public Builder rebindAt(Duration at) {
            this.rebindAt = Durations.delay(at, "at");
            return this;
        }

        /** Lets the JUnit extension track the proxies a test starts. */
        Builder onStart(Consumer<UdpFaultProxy> listener) {
            this.onStart = listener;
            return this;
        }

        /**
         * Opens the proxy's socket and starts forwarding.
         *
         * @return the running proxy; close it when done
         * @throws IllegalStateException if no target was set
         * @throws IllegalArgumentException if the system property {@value UdpFaultProxy#SEED_PROPERTY} is set but is
         *     not a number
         * @throws UdpException if a socket cannot be opened
         */
        public UdpFaultProxy start() {
            if (target == null) {
                throw new IllegalStateException("a proxy needs a target; call target(...) first");
            }
            UdpFaultProxy proxy = new UdpFaultProxy(this);
            try {
                onStart.accept(proxy);
            } catch (RuntimeException | Error e) {
                proxy.close();
                throw e;
            }
            return proxy;
        }
    }
}
