package io.github.udpkit.samples.multicast;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discovery by heartbeat on a multicast group: the node announces itself every {@code interval}
 * ({@code udpkit-discovery 1 HELLO <id>}), lists the peers it hears, drops a peer that has been silent for
 * {@code timeout}, and says goodbye ({@code udpkit-discovery 1 BYE <id>}) when it closes, so that the others notice at
 * once rather than after the timeout.
 *
 * <p>The group is joined on a <b>named interface</b>, and announcements leave from it: on a host with several
 * interfaces, the routing table would otherwise pick one, maybe not the one the peers are on. Announcements carry a
 * TTL of 1 unless configured: they stay on the local network.
 *
 * <p><b>Threading.</b> Datagrams and the expiry timer are handled on one thread of the node's own, in order, so the
 * peer table needs no lock, and the {@link Listener} is called on that thread, one event at a time.
 * {@link #peers()} may be called from any thread.
 */
public final class DiscoveryNode implements AutoCloseable {
    /** The first words of every announcement. */
    static final String MAGIC = "udpkit-discovery 1 ";

    /** Told when peers come and go. */
    public interface Listener {
        /**
         * A peer was heard for the first time (or again after it had left).
         *
         * @param id its id
         * @param address where its announcements come from
         */
        void joined(String id, InetSocketAddress address);

        /**
         * A peer left.
         *
         * @param id its id
         * @param reason {@code said goodbye} or {@code silent for more than N ms}
         */
        void left(String id, String reason);
    }

    private final String id;
    private final InetSocketAddress group;
    private final Duration timeout;
    private final Listener listener;
    private final ScheduledExecutorService thread;
    private final UdpReceiver receiver;
    private final UdpSender sender;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private final AtomicLong ignored = new AtomicLong();
    private volatile Map<String, InetSocketAddress> snapshot = Map.of();

    private record Peer(InetSocketAddress address, long lastHeardNanos) {
    }

    private DiscoveryNode(Builder b) {
        this.id = b.id;
        this.group = new InetSocketAddress(b.group, b.port);
        this.timeout = b.timeout;
        this.listener = b.listener;
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "discovery-" + b.id);
            t.setDaemon(true);
            return t;
        });
        UdpReceiver r = null;
        try {
            r = UdpReceiver.builder()
                    .bind(new InetSocketAddress(wildcardFor(b.group), b.port))
                    .reuseAddress(true) // several nodes (and tests) on one host share the group's port
                    .joinGroup(b.group.getHostAddress(), b.networkInterface)
                    .maxDatagramSize(512)
                    .executor(thread)
                    .onDatagram(this::handle)
                    .onTruncated(d -> ignored.incrementAndGet())
                    .onError(e -> ignored.incrementAndGet())
                    .start();
            this.receiver = r;
            this.sender = UdpSender.builder()
                    .target(new InetSocketAddress(b.group, r.localAddress().getPort()))
                    .multicastInterface(b.networkInterface)
                    .multicastTtl(b.ttl)
                    .multicastLoopback(true) // peers on this host hear us too
                    .connected(false)
                    .build();
        } catch (RuntimeException e) {
            if (r != null) {
                r.close();
            }
            thread.shutdownNow();
            throw e;
        }
        long interval = b.interval.toMillis();
        thread.scheduleAtFixedRate(this::tick, 0, interval, TimeUnit.MILLISECONDS);
    }

    private static InetAddress wildcardFor(InetAddress group) {
        try {
            return InetAddress.getByName(group.getAddress().length == 4 ? "0.0.0.0" : "::");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve a literal wildcard address", e);
        }
    }

    /**
     * Returns a new builder; not thread-safe.
     *
     * @return a builder with the defaults described on its methods
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * On the node's thread: announce, then forget the peers silent for too long. Never throws: an exception would
     * cancel the schedule, and the node would fall silent.
     */
    private void tick() {
        try {
            sender.send(MAGIC + "HELLO " + id);
        } catch (RuntimeException e) {
            ignored.incrementAndGet(); // a missed heartbeat; the next one may go through
        }
        try {
            expire();
        } catch (RuntimeException e) {
            ignored.incrementAndGet(); // a listener that threw; the peer is gone all the same
        }
    }

    private void expire() {
        long now = System.nanoTime();
        var silent = peers.entrySet().stream()
                .filter(e -> now - e.getValue().lastHeardNanos() > timeout.toNanos())
                .map(Map.Entry::getKey).toList();
        for (String peer : silent) {
            remove(peer, "silent for more than " + timeout.toMillis() + " ms");
        }
    }

    /** On the node's thread: a datagram from the group (or sent to the port directly). */
    private void handle(Datagram d) {
        String text = d.text();
        if (!text.startsWith(MAGIC)) {
            ignored.incrementAndGet();
            return;
        }
        String[] words = text.substring(MAGIC.length()).split(" ", -1);
        if (words.length != 2 || !validId(words[1])) {
            ignored.incrementAndGet();
            return;
        }
        String peer = words[1];
        if (peer.equals(id)) {
            return; // our own announcement, looped back
        }
        switch (words[0]) {
            case "HELLO" -> {
                boolean isNew = !peers.containsKey(peer);
                peers.put(peer, new Peer(d.sender(), System.nanoTime()));
                if (isNew) {
                    publish();
                    listener.joined(peer, d.sender());
                }
            }
            case "BYE" -> {
                if (peers.containsKey(peer)) {
                    remove(peer, "said goodbye");
                }
            }
            default -> ignored.incrementAndGet();
        }
    }

    private void remove(String peer, String reason) {
        peers.remove(peer);
        publish();
        listener.left(peer, reason);
    }

    private void publish() {
        Map<String, InetSocketAddress> copy = new LinkedHashMap<>();
        peers.forEach((peer, info) -> copy.put(peer, info.address()));
        snapshot = Collections.unmodifiableMap(copy);
    }

    static boolean validId(String id) {
        if (id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns this node's id.
     *
     * @return the id it announces
     */
    public String id() {
        return id;
    }

    /**
     * Returns the group and port the node announces on.
     *
     * @return the group's address and the port
     */
    public InetSocketAddress group() {
        return new InetSocketAddress(group.getAddress(), receiver.localAddress().getPort());
    }

    /**
     * Returns the peers heard and not yet gone, by id, in the order they were first heard. May be called from any
     * thread.
     *
     * @return an immutable snapshot: id to the address its announcements come from
     */
    public Map<String, InetSocketAddress> peers() {
        return snapshot;
    }

    /**
     * Returns how many datagrams were ignored: not announcements, malformed, too large, or failed sends.
     *
     * @return the count
     */
    public long ignored() {
        return ignored.get();
    }

    /** Says goodbye to the group, then stops. Idempotent. */
    @Override
    public void close() {
        stop(true);
    }

    /** Stops without a goodbye, as a crashed node would: the others notice only after their timeout. */
    public void closeSilently() {
        stop(false);
    }

    private synchronized void stop(boolean goodbye) {
        if (thread.isShutdown()) {
            return;
        }
        // shutdown, not shutdownNow: interrupting a thread in a send would close the sender's socket (a
        // DatagramChannel is an InterruptibleChannel), and the goodbye could not be sent.
        thread.shutdown();
        try {
            thread.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (goodbye && !Thread.currentThread().isInterrupted()) {
            try {
                sender.send(MAGIC + "BYE " + id);
            } catch (RuntimeException e) {
                ignored.incrementAndGet(); // the others will notice the silence instead
            }
        }
        sender.close();
        receiver.close();
    }

    /** Configures a {@link DiscoveryNode}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private InetAddress group;
        private int port = 7777;
        private String networkInterface;
        private Duration interval = Duration.ofSeconds(1);
        private Duration timeout;
        private int ttl = 1;
        private Listener listener = new Listener() {
            @Override
            public void joined(String id, InetSocketAddress address) {
            }

            @Override
            public void left(String id, String reason) {
            }
        };

        private Builder() {
            try {
                group = InetAddress.getByName("239.255.77.77");
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Sets the id this node announces. Required.
         *
         * @param id 1 to 64 ASCII letters, digits, {@code . - _}
         * @return this builder
         * @throws IllegalArgumentException if the id is not valid
         */
        public Builder id(String id) {
            if (!validId(Objects.requireNonNull(id, "id"))) {
                throw new IllegalArgumentException("id must be 1 to 64 ASCII letters, digits, '.', '-' or '_', was '"
                        + id + "'");
            }
            this.id = id;
            return this;
        }

        /**
         * Sets the group and port. If never called, {@code 239.255.77.77} (organisation-local scope) port 7777.
         *
         * @param group a multicast address, IPv4 or IPv6
         * @param port the port, 0 to 65535 (0: the operating system picks one; useful for the first node of a test)
         * @return this builder
         * @throws IllegalArgumentException if the address is not a multicast address or the port is out of range
         */
        public Builder group(String group, int port) {
            InetAddress address;
            try {
                address = InetAddress.getByName(Objects.requireNonNull(group, "group"));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("group must be a multicast address, was '" + group + "'", e);
            }
            if (!address.isMulticastAddress()) {
                throw new IllegalArgumentException("group must be a multicast address, was '" + group + "'");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.group = address;
            this.port = port;
            return this;
        }

        /**
         * Sets the network interface to join the group on and to announce from. Required.
         *
         * @param name for example {@code eth0}
         * @return this builder
         */
        public Builder networkInterface(String name) {
            this.networkInterface = Objects.requireNonNull(name, "networkInterface");
            return this;
        }

        /**
         * Sets how often the node announces itself. If never called, every second.
         *
         * @param interval at least 10 ms
         * @return this builder
         * @throws IllegalArgumentException if shorter than 10 ms
         */
        public Builder interval(Duration interval) {
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("interval must be at least 10 ms, was " + interval.toMillis()
                        + " ms");
            }
            this.interval = interval;
            return this;
        }

        /**
         * Sets how long a peer may stay silent before it is dropped. If never called, three intervals, so that one
         * or two lost announcements do not drop a peer.
         *
         * @param timeout longer than the interval
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets how many routers announcements may cross. If never called, 1: the local network only.
         *
         * @param ttl 0 (this host) to 255
         * @return this builder
         */
        public Builder ttl(int ttl) {
            if (ttl < 0 || ttl > 255) {
                throw new IllegalArgumentException("ttl must be between 0 and 255, was " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets who is told when peers come and go. If never called, nobody; {@link DiscoveryNode#peers()} still
         * tells.
         *
         * @param listener called on the node's thread
         * @return this builder
         */
        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Joins the group and starts announcing.
         *
         * @return the running node; close it to say goodbye and stop
         * @throws IllegalStateException if the id or the interface is missing, or the timeout is not longer than
         *     the interval
         * @throws IllegalArgumentException if the interface does not exist or cannot carry multicast
         * @throws io.github.udpkit.UdpException if the sockets cannot be opened or bound
         */
        public DiscoveryNode start() {
            if (id == null) {
                throw new IllegalStateException("a node needs an id; call id(...) first");
            }
            if (networkInterface == null) {
                throw new IllegalStateException("a node needs a network interface; call networkInterface(...) first, "
                        + "for example with eth0 (ip link lists them)");
            }
            if (timeout == null) {
                timeout = interval.multipliedBy(3);
            }
            if (timeout.compareTo(interval) <= 0) {
                throw new IllegalStateException("timeout (" + timeout.toMillis() + " ms) must be longer than interval ("
                        + interval.toMillis() + " ms)");
            }
            return new DiscoveryNode(this);
        }
    }
}
