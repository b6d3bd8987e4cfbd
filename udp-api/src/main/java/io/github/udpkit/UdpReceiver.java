package io.github.udpkit;

import io.github.udpkit.internal.Args;
import io.github.udpkit.internal.IpLiteral;
import io.github.udpkit.internal.Jfr;
import io.github.udpkit.internal.KernelUdpTable;
import io.github.udpkit.internal.SourceFilter;
import io.github.udpkit.internal.Sockets;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A running UDP receiver: a socket bound to a local address and a thread that reads datagrams from it and hands each
 * to a listener. Build one with {@link #builder()}; {@link Builder#start()} binds and starts it.
 *
 * <pre>{@code
 * try (UdpReceiver receiver = UdpReceiver.builder()
 *         .bind("127.0.0.1", 5005)
 *         .maxDatagramSize(1024)
 *         .onDatagram(d -> System.out.println("received message: " + d.text()))
 *         .onTruncated(d -> System.err.println(d.sender() + " sent more than " + d.length() + " bytes"))
 *         .start()) {
 *     System.out.println("listening on " + receiver.localAddress());
 * }
 * }</pre>
 *
 * <p><b>Truncation is reported, never silent.</b> The receiver reads into {@code maxDatagramSize + 1} bytes. A
 * datagram that fills them was larger than the limit: it goes to {@code onTruncated} holding exactly the first
 * {@code maxDatagramSize} bytes with {@link Datagram#truncated()} set, is counted in {@link ReceiverStats#truncated()},
 * is logged at {@code WARNING} when there is no {@code onTruncated} listener, and never reaches {@code onDatagram}.
 *
 * <p><b>Threading.</b> Listeners run on the receiver's own thread, one datagram at a time, in arrival order, unless an
 * {@link Builder#executor(Executor) executor} was set. All methods of a running receiver may be called from any
 * thread, including from inside a listener.
 *
 * <p><b>User code cannot stop the receiver.</b> Whatever a listener, {@code onTruncated}, {@code onError}, an
 * {@code acceptFrom} predicate or the executor throws (an {@link Error} included) is counted and reported to
 * {@code onError} (or logged), and the receiver goes on with the next datagram. An interrupt that such code leaves on
 * the receive thread is reported and cleared before the next read, because a read on an interrupted thread would
 * close the socket (a {@code DatagramChannel} is an {@code InterruptibleChannel}); for the same reason, never
 * interrupt the receive thread from outside: on the NIO engine the receiver then {@linkplain #failure() fails},
 * visibly (the native engine's sockets ignore interrupts; the interrupt is cleared and reported). A receiver
 * fails, too, on an error outside any listener, such as running out of heap: it reports it, closes its sockets and
 * says so in {@link #isOpen()} and {@link #failure()}; it never looks alive with a dead thread.
 *
 * <p><b>Accounting.</b> Every datagram read from the socket is counted in {@link #stats()} as delivered, truncated,
 * filtered, a listener failure, rejected or overflowed: none is silently lost. The datagrams waiting for an executor
 * are bounded in count ({@link Builder#maxPending(int) maxPending}) and bytes ({@link Builder#maxPendingBytes(long)
 * maxPendingBytes}), so that a flood cannot fill the heap. On Linux the stats also show what the kernel dropped for
 * the receiver's own sockets before udpkit could read it (a full receive buffer).
 *
 * <p><b>Lifecycle.</b> {@link Builder#start()} returns once every receive thread runs. The default threads are not
 * daemon threads: a started receiver keeps the JVM alive until {@link #close()} (threads of a virtual-thread factory
 * are daemon threads, and do not). No shutdown hook is installed. Host names given to the builder are resolved once,
 * when they are set.
 *
 * <p><b>Networking.</b> IPv4 and IPv6 (the socket's family follows the bind address; a wildcard {@code ::} socket is
 * dual-stack and sees IPv4 senders as IPv4 addresses), multicast groups joined on a named interface, several sockets on
 * one port with {@code SO_REUSEPORT} (one thread each), and source filtering with
 * {@link Builder#acceptFrom(InetAddress...) acceptFrom}.
 *
 * @since 0.1
 */
public final class UdpReceiver implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpReceiver.class.getName());
    /** How long {@link #close()} waits for listeners that are still running. */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** How long {@code start()} waits for the threads of a {@code threadFactory} to run their loops. */
    private static final long START_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** SO_RCVBUF asked for when the user did not choose: absorbs start-up and bursts (Linux grants up to rmem_max). */
    static final int DEFAULT_RECEIVE_BUFFER_SIZE = 4 * 1024 * 1024;
    /** Datagrams one native receive may read. */
    static final int DEFAULT_RECEIVE_BATCH = 32;

    private final List<EngineSocket> channels;
    private final UdpEngine engine;
    /** Bound to a wildcard address: the destination of each datagram is read, and replies leave from it. */
    private final boolean wildcard;
    /** The metadata each datagram is read with. */
    private final Set<DatagramMetadata> metadata;
    private final InetSocketAddress localAddress;
    private final int maxDatagramSize;
    private final int receiveBufferSize;
    /** Names this receiver in errors; built once, not per reply. */
    private final String owner;
    private final ErrorListener onError;
    /** The one send path for {@code sendTo} and {@code reply}, allocation-free for arrays as {@link UdpSender}'s. */
    private final Sends sends;
    /** The kernel's inode numbers of this receiver's own sockets, or {@code null} where they cannot be known. */
    private final Set<Long> kernelSockets;
    private final List<ReceiveLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<Membership, EngineSocket.Membership> memberships = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<UdpException> failure = new AtomicReference<>();
    private final AtomicBoolean closeWarned = new AtomicBoolean();
    private final CountDownLatch loopsStarted;
    /** udpkit 0.2 (issue #15): the periodic JFR stats hook, removed on close. */
    private final Object statsEvents;

    /** One joined group: the interface and, for a source-specific join, the source. */
    private record Membership(InetAddress group, NetworkInterface networkInterface, InetAddress source) {
    }

    private UdpReceiver(Builder builder) {
        this.maxDatagramSize = builder.maxDatagramSize;
        this.onError = builder.onError;
        this.channels = new ArrayList<>(builder.sockets);
        this.engine = EngineSocket.resolve(builder.engine, builder.nioOnlyOption(), builder.nativeOnlyOption());
        builder.checkEngine(engine);
        this.loopsStarted = new CountDownLatch(builder.sockets);
        boolean explicitPort = builder.bindAddress.getPort() != 0;
        Set<Long> othersBefore = explicitPort ? KernelUdpTable.inodes(builder.bindAddress) : Set.of();
        try {
            InetSocketAddress bound = builder.bindAddress;
            int effectiveBuffer = 0;
            for (int i = 0; i < builder.sockets; i++) {
                EngineSocket channel = EngineSocket.open(engine, Sockets.family(builder.bindAddress.getAddress()));
                channels.add(channel);
                if (builder.reuseAddress) {
                    channel.set(StandardSocketOptions.SO_REUSEADDR, true);
                }
                if (builder.sockets > 1) {
                    if (!channel.supports(StandardSocketOptions.SO_REUSEPORT)) {
                        throw new UdpException("reusePort(" + builder.sockets + ") needs SO_REUSEPORT, which this "
                                + "platform's DatagramChannel does not support; use reusePort(1)");
                    }
                    channel.set(StandardSocketOptions.SO_REUSEPORT, true);
                }
                if (i == 0) {
                    effectiveBuffer = Sockets.bufferSize(channel, StandardSocketOptions.SO_RCVBUF,
                            builder.receiveBufferSize, DEFAULT_RECEIVE_BUFFER_SIZE, "receiveBufferSize", LOG);
                } else {
                    channel.set(StandardSocketOptions.SO_RCVBUF, builder.receiveBufferSize > 0
                            ? builder.receiveBufferSize : DEFAULT_RECEIVE_BUFFER_SIZE);
                }
                bind(channel, bound);
                if (i == 0) {
                    bound = channel.localAddress();
                }
                if (builder.peer != null) {
                    channel.connect(builder.peer);
                }
            }
            this.localAddress = bound;
            this.owner = "receiver on " + bound;
            this.wildcard = bound.getAddress().isAnyLocalAddress();
            this.metadata = EnumSet.noneOf(DatagramMetadata.class);
            metadata.addAll(builder.metadata);
            if (wildcard && engine == UdpEngine.NATIVE) {
                metadata.add(DatagramMetadata.DESTINATION); // so that replies leave from the address asked
            }
            if (builder.onIcmpError != null) {
                for (EngineSocket channel : channels) {
                    channel.icmpErrors(icmpSink(builder.onIcmpError, builder.onError, owner, this::localAddress));
                }
            }
            this.receiveBufferSize = effectiveBuffer;
            this.kernelSockets = ownSockets(othersBefore, builder.sockets > 1 && explicitPort);
            this.sends = new Sends(channels.get(0), owner, bound, 0, StandardCharsets.UTF_8, builder.peer,
                    builder.peer != null && !channels.get(0).sendsEmptyWhenConnected(), Set.of(), closed::get, null);
            for (Membership m : builder.groups) {
                join(m);
            }
            createLoops(builder);
        } catch (IOException e) {
            closeChannels();
            loops.forEach(ReceiveLoop::freeIfNeverStarted);
            throw new UdpException("cannot set up the receiver on " + builder.bindAddress + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeChannels();
            loops.forEach(ReceiveLoop::freeIfNeverStarted);
            throw e;
        }
        startLoops();
        this.statsEvents = StatsEvents.register(this);
    }

    /**
     * Wraps a user's ICMP error listener so that nothing it throws reaches the engine: it is reported to
     * {@code onError}, or logged, as any listener failure is. Each error is also a JFR {@code IcmpError} event, first.
     */
    static Consumer<IcmpError> icmpSink(IcmpErrorListener listener, ErrorListener onError, String owner,
                                        Supplier<InetSocketAddress> local) {
        return error -> {
            Jfr.icmpError(local, error);
            try {
                listener.onIcmpError(error);
            } catch (Throwable t) {
                ReceiveLoop.report(onError, new UdpListenerException("onIcmpError threw for " + error + " on the "
                        + owner + ": " + t, t));
            }
        };
    }

    /**
     * Works out which sockets on the bound port are this receiver's: those that were not there before it bound. With
     * {@code reusePort}, warns about the others, because the kernel then splits the traffic with them.
     */
    private Set<Long> ownSockets(Set<Long> othersBefore, boolean warnAboutOthers) {
        if (!KernelUdpTable.available()) {
            return null;
        }
        Set<Long> mine = new HashSet<>(KernelUdpTable.inodes(localAddress));
        mine.removeAll(othersBefore);
        if (warnAboutOthers && !othersBefore.isEmpty()) {
            String others = othersBefore.stream().sorted().map(inode -> "inode " + inode
                    + (KernelUdpTable.ownedByThisProcess(inode) ? " (in this process)" : " (another process)"))
                    .collect(Collectors.joining(", "));
            LOG.log(Level.WARNING, () -> "another socket already listens on " + localAddress + " with SO_REUSEPORT ("
                    + others + "): the kernel splits incoming datagrams between it and this receiver's "
                    + channels.size() + " sockets, so this receiver sees only part of the traffic; bind another "
                    + "port unless that is what you want");
        }
        return mine.size() == channels.size() ? Set.copyOf(mine) : null;
    }

    private void createLoops(Builder builder) {
        Predicate<InetSocketAddress> filter = builder.acceptFrom.build();
        RequestListener onRequest = builder.onRequest;
        DatagramListener onDatagram = onRequest == null ? builder.onDatagram : d -> onRequest.onRequest(d, this);
        ReceiveLoop.Settings settings = new ReceiveLoop.Settings(maxDatagramSize, onDatagram, builder.onDatagramView,
                builder.onTruncated, builder.onError, builder.executor,
                wildcard ? null : PacketInfo.destinationOnly(localAddress));
        Backlog backlog = new Backlog(builder.maxPending, builder.maxPendingBytes);
        ThreadFactory factory = builder.threadFactory != null ? builder.threadFactory : this::defaultThread;
        LoopOwner loopOwner = new LoopOwner();
        for (EngineSocket channel : channels) {
            EngineSocket.Inbound inbound;
            try {
                inbound = channel.inbound(maxDatagramSize, builder.receiveBatch, builder.receiveOffload, metadata);
            } catch (IOException e) {
                throw new UdpException("cannot set up receiving on " + localAddress + ": " + e.getMessage(), e);
            }
            ReceiveLoop loop = new ReceiveLoop(channel, inbound, localAddress, settings, filter, backlog, loopOwner);
            loops.add(loop);
            threads.add(checkedThread(factory, loop));
        }
    }

    /** Refuses a thread the factory should not have made, before any thread starts, so nothing is left running. */
    private Thread checkedThread(ThreadFactory factory, ReceiveLoop loop) {
        Thread thread;
        try {
            thread = factory.newThread(loop);
        } catch (RuntimeException | Error e) {
            throw new IllegalStateException("threadFactory threw for the receiver on " + localAddress + ": " + e, e);
        }
        if (thread == null) {
            throw new IllegalStateException("threadFactory returned null for the receiver on " + localAddress);
        }
        for (Thread earlier : threads) {
            if (earlier == thread) {
                throw new IllegalStateException("threadFactory returned the same thread twice (" + thread.getName()
                        + ") for the receiver on " + localAddress + "; it must return a new thread on every call");
            }
        }
        if (thread.getState() != Thread.State.NEW) {
            threads.add(thread); // joined by failStart, so that a loop it may already run has ended
            throw new IllegalStateException("threadFactory returned a thread that was already started ("
                    + thread.getName() + ", " + thread.getState() + ") for the receiver on " + localAddress
                    + "; it must return a new, unstarted thread");
        }
        return thread;
    }

    /** Starts the threads and waits until each runs its loop, so that start() returns a receiver that receives. */
    private void startLoops() {
        for (Thread thread : threads) {
            try {
                thread.start();
            } catch (RuntimeException | Error e) {
                failStart();
                throw new UdpException("cannot start the receive thread " + thread.getName() + " of the receiver on "
                        + localAddress + ": " + e, e);
            }
        }
        long deadline = System.nanoTime() + START_WAIT_NANOS;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (loopsStarted.await(10, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // the caller's interrupt is kept for it, not acted on here
                }
                for (int i = 0; i < loops.size(); i++) {
                    Thread thread = threads.get(i);
                    boolean dead = !thread.isAlive() && !loops.get(i).started();
                    if (dead || System.nanoTime() - deadline > 0) {
                        failStart();
                        throw new IllegalStateException("the thread " + thread.getName() + " made by threadFactory "
                                + "did not run the receive loop of the receiver on " + localAddress + (dead
                                ? ": it ended without running it"
                                : " within " + TimeUnit.NANOSECONDS.toMillis(START_WAIT_NANOS) + " ms")
                                + "; a thread factory must return a thread that runs the Runnable it is given");
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void failStart() {
        closed.set(true);
        closeChannels();
        awaitLoops();
        loops.forEach(ReceiveLoop::freeIfNeverStarted);
    }

    /** The receiver as its loops see it. */
    private final class LoopOwner implements ReceiveLoop.Owner {
        @Override
        public void loopFailed(ReceiveLoop loop, UdpException error) {
            if (failure.compareAndSet(null, error)) {
                closeChannels(); // first, so that the port is released even if reporting fails for lack of memory
                memberships.clear();
                try {
                    ReceiveLoop.report(onError, error);
                } catch (Throwable t) {
                    // nothing left to report it with; failure() still says what happened
                }
            }
        }

        @Override
        public void loopStarted() {
            loopsStarted.countDown();
        }

        @Override
        public boolean stopping() {
            return closed.get() || failure.get() != null;
        }
    }
    /**
     * Returns a new builder. Builders are not thread-safe; the receivers they start are.
     *
     * @return a builder with the defaults described on each of its methods
     */
    public static Builder builder() {
        return new Builder();
    }

    private static void bind(EngineSocket channel, InetSocketAddress address) {
        try {
            channel.bind(address);
        } catch (IOException e) {
            throw new UdpBindException(address, e);
        }
    }

    private Thread defaultThread(Runnable task) {
        String suffix = channels.size() > 1 ? "#" + threads.size() : "";
        Thread t = new Thread(task, "udpkit-receiver-" + localAddress + suffix);
        t.setDaemon(false);
        return t;
    }

    private void closeChannels() {
        for (EngineSocket channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing a receiver's channel failed", e);
            }
        }
    }

    /**
     * Returns the address the receiver is bound to, with the port the operating system chose if port 0 was asked.
     *
     * @return the local IP address and port
     */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Returns the largest datagram this receiver delivers as complete; larger ones are reported as truncated.
     *
     * @return the limit in bytes
     */
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    /**
     * Returns the socket's receive buffer size ({@code SO_RCVBUF}) as the operating system reports it after start.
     * On Linux the JDK reports the size asked for (the kernel reserves twice that and reports the double, which the
     * JDK halves), or {@code net.core.rmem_max} when the kernel clamped the request.
     *
     * @return the effective kernel receive buffer size in bytes, per socket
     */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /**
     * Returns the engine the receiver runs on: {@link UdpEngine#NIO} or {@link UdpEngine#NATIVE}, never
     * {@code AUTO}.
     *
     * @return the engine chosen when it started
     * @since 0.2
     */
    public UdpEngine engine() {
        return engine;
    }

    /**
     * Returns how many sockets (and receive threads) the receiver runs: 1 unless
     * {@link Builder#reusePort(int) reusePort} asked for more.
     *
     * @return the number of sockets bound to {@link #localAddress()}
     */
    public int sockets() {
        return channels.size();
    }

    /**
     * Returns what the receiver has seen so far, summed over its sockets. May be called at any time, also after
     * {@link #close()} (the kernel's drop count is then absent). On Linux, reading the kernel's drop count reads
     * {@code /proc/net/udp}, so this is not a call for a hot loop.
     *
     * @return a snapshot of the counters
     */
    public ReceiverStats stats() {
        ReceiverStats.Counts counts = new ReceiverStats.Counts();
        for (ReceiveLoop loop : loops) {
            loop.addTo(counts);
        }
        OptionalLong drops = !isOpen() ? OptionalLong.empty()
                : engine == UdpEngine.NATIVE ? nativeDrops()
                : kernelSockets == null ? KernelUdpTable.drops(localAddress)
                : KernelUdpTable.drops(localAddress, kernelSockets);
        return counts.snapshot(drops);
    }

    /** The kernel's drop count summed over the sockets ({@code SO_MEMINFO}): exact, no {@code /proc}. */
    private OptionalLong nativeDrops() {
        long sum = 0;
        for (EngineSocket channel : channels) {
            long drops = channel.kernelDrops();
            if (drops < 0) {
                return OptionalLong.empty();
            }
            sum += drops;
        }
        return OptionalLong.of(sum);
    }

    /**
     * Tells whether the receiver is still open: {@link #close()} was not called and it has not {@linkplain #failure()
     * failed}.
     *
     * @return {@code true} while the receiver is running
     */
    public boolean isOpen() {
        return !closed.get() && failure.get() == null;
    }

    /**
     * Returns why the receiver stopped on its own, if it did. A receiver fails when its receive loop cannot go on:
     * an error outside any listener (for example an {@link OutOfMemoryError} while copying a datagram), or an
     * interrupt of a receive thread by code outside udpkit while it waited for a datagram on the NIO engine (which
     * closes a {@code DatagramChannel}; a native socket ignores interrupts). The failure was reported to
     * {@code onError} (or logged), every socket of the receiver is closed, and {@link #isOpen()} is {@code false};
     * {@link #close()} is still safe to call. Listener failures never fail the receiver.
     *
     * @return the failure, whose cause is what was thrown; empty while the receiver runs or after a plain close
     * @since 0.2
     */
    public Optional<UdpException> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Joins a multicast group on a network interface, so that datagrams sent to the group reach this receiver. The
     * receiver must be bound to an address of the group's family (the wildcard, or the group itself) and to the port
     * the group's senders use.
     *
     * @param group the multicast address
     * @param networkInterface the interface to receive on; never guessed (a multicast join without an interface is
     *     the classic cause of "works on my machine")
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code group} is not a multicast address, the interface cannot carry it, or
     *     the group's family differs from the receiver's (the message says what to bind instead)
     * @throws IllegalStateException if the receiver is closed
     * @throws UdpException if the operating system refuses the join
     */
    public void joinGroup(InetAddress group, NetworkInterface networkInterface) {
        checkOpen("join a group");
        join(Builder.membership(group, networkInterface, null, localAddress.getAddress()));
    }

    /**
     * Joins a multicast group for datagrams from one source only (source-specific multicast); see
     * {@link #joinGroup(InetAddress, NetworkInterface)}.
     *
     * @param group the multicast address
     * @param networkInterface the interface to receive on
     * @param source the only sender to receive from, of the group's family
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if an address or the interface does not fit (see the other overload)
     * @throws IllegalStateException if the receiver is closed
     * @throws UdpException if the operating system refuses the join
     */
    public void joinGroup(InetAddress group, NetworkInterface networkInterface, InetAddress source) {
        checkOpen("join a group");
        join(Builder.membership(group, networkInterface, Args.notNull(source, "source"),
                localAddress.getAddress()));
    }

    /**
     * Leaves a multicast group on an interface: every membership of that group on that interface, source-specific
     * ones included. Leaving a group that was not joined does nothing.
     *
     * @param group the multicast address
     * @param networkInterface the interface it was joined on
     * @throws NullPointerException if an argument is {@code null}
     */
    public void leaveGroup(InetAddress group, NetworkInterface networkInterface) {
        Args.notNull(group, "group");
        Args.notNull(networkInterface, "networkInterface");
        memberships.entrySet().removeIf(e -> {
            boolean match = e.getKey().group().equals(group)
                    && e.getKey().networkInterface().equals(networkInterface);
            if (match) {
                e.getValue().drop();
            }
            return match;
        });
    }

    private void join(Membership m) {
        try {
            memberships.put(m, channels.get(0).join(m.group(), m.networkInterface(), m.source()));
        } catch (IOException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new UdpException("cannot join multicast group " + m.group().getHostAddress() + " on interface "
                    + m.networkInterface().getName() + (m.source() == null ? "" : " from source "
                    + m.source().getHostAddress()) + ": " + e.getMessage(), e);
        }
    }

    private void checkOpen(String action) {
        if (closed.get()) {
            throw new IllegalStateException("receiver on " + localAddress + " is closed; cannot " + action);
        }
    }

    /**
     * Sends a datagram from the receiver's own bound address and port, as servers do when they answer.
     * May be called from any thread, including from a listener; does not allocate for arrays.
     *
     * @param target where to send
     * @param payload the bytes; sent as one datagram
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code target} is unresolved, its port is 0, or the socket's address family
     *     cannot reach it
     * @throws DatagramTooLargeException if the payload exceeds the UDP maximum for the target's family
     * @throws IllegalStateException if the receiver is closed, or was built with {@link Builder#connect connect(peer)}
     *     and {@code target} is another address
     * @throws UdpException if the operating system refuses the send, or the payload is empty and the receiver was
     *     built with {@code connect(peer)} (the JDK cannot send an empty datagram on a connected socket)
     */
    public void sendTo(InetSocketAddress target, byte[] payload) {
        Args.notNull(payload, "payload");
        sends.slice(target, payload, 0, payload.length, "target");
    }

    /**
     * Sends a slice of a byte array from the receiver's own port; see {@link #sendTo(InetSocketAddress, byte[])}.
     *
     * @param target where to send
     * @param payload the array
     * @param offset where the slice starts
     * @param length how many bytes to send
     * @throws NullPointerException if an argument is {@code null}
     * @throws IndexOutOfBoundsException if the slice does not fit the array
     * @throws IllegalArgumentException if {@code target} is unresolved, its port is 0, or the socket's address family
     *     cannot reach it
     * @throws DatagramTooLargeException if the slice exceeds the UDP maximum for the target's family
     * @throws IllegalStateException if the receiver is closed, or connected to another peer
     * @throws UdpException if the operating system refuses the send
     * @since 0.2
     */
    public void sendTo(InetSocketAddress target, byte[] payload, int offset, int length) {
        Args.slice(payload, offset, length, "payload");
        sends.slice(target, payload, offset, length, "target");
    }

    /**
     * Sends text encoded as UTF-8 from the receiver's own port; see {@link #sendTo(InetSocketAddress, byte[])}.
     *
     * @param target where to send
     * @param text the text
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code target} is unresolved, its port is 0, or the socket's address family
     *     cannot reach it
     * @throws DatagramTooLargeException if the encoded text exceeds the UDP maximum for the target's family
     * @throws IllegalStateException if the receiver is closed, or connected to another peer
     * @throws UdpException if the operating system refuses the send
     */
    public void sendTo(InetSocketAddress target, String text) {
        Args.notNull(text, "text");
        sends.text(target, text, "target");
    }

    /**
     * Sends the buffer's remaining bytes from the receiver's own port, advancing its position; see
     * {@link #sendTo(InetSocketAddress, byte[])}.
     *
     * @param target where to send
     * @param payload the bytes between position and limit
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code target} is unresolved, its port is 0, or the socket's address family
     *     cannot reach it
     * @throws DatagramTooLargeException if the payload exceeds the UDP maximum for the target's family
     * @throws IllegalStateException if the receiver is closed, or connected to another peer
     * @throws UdpException if the operating system refuses the send
     */
    public void sendTo(InetSocketAddress target, ByteBuffer payload) {
        Args.resolved(target, "target");
        Args.notNull(payload, "payload");
        sends.buffer(target, payload, "target");
    }

    /**
     * Answers a datagram: sends {@code payload} to its sender from the receiver's own port; see
     * {@link #sendTo(InetSocketAddress, byte[])}.
     *
     * @param request the datagram to answer
     * @param payload the answer
     * @throws NullPointerException if an argument is {@code null}
     * @throws DatagramTooLargeException if the payload exceeds the UDP maximum for the sender's family
     * @throws IllegalStateException if the receiver is closed
     * @throws UdpException if the operating system refuses the send
     */
    public void reply(Datagram request, byte[] payload) {
        Args.notNull(request, "request");
        Args.notNull(payload, "payload");
        sends.slice(request.sender(), payload, 0, payload.length, "request sender", replySource(request));
    }

    /**
     * Answers a datagram with text encoded as UTF-8; see {@link #reply(Datagram, byte[])}.
     *
     * @param request the datagram to answer
     * @param text the answer
     * @throws NullPointerException if an argument is {@code null}
     * @throws DatagramTooLargeException if the encoded text exceeds the UDP maximum for the sender's family
     * @throws IllegalStateException if the receiver is closed
     * @throws UdpException if the operating system refuses the send
     * @since 0.2
     */
    public void reply(Datagram request, String text) {
        Args.notNull(request, "request");
        Args.notNull(text, "text");
        sends.text(request.sender(), text, "request sender", replySource(request));
    }

    /**
     * Answers a datagram with a buffer's remaining bytes, advancing its position; see
     * {@link #reply(Datagram, byte[])}.
     *
     * @param request the datagram to answer
     * @param payload the answer, between position and limit
     * @throws NullPointerException if an argument is {@code null}
     * @throws DatagramTooLargeException if the payload exceeds the UDP maximum for the sender's family
     * @throws IllegalStateException if the receiver is closed
     * @throws UdpException if the operating system refuses the send
     * @since 0.2
     */
    public void reply(Datagram request, ByteBuffer payload) {
        Args.notNull(request, "request");
        Args.notNull(payload, "payload");
        sends.buffer(request.sender(), payload, "request sender", replySource(request), null);
    }

    /**
     * Answers a datagram with a buffer's remaining bytes and an ECN codepoint for this datagram only
     * ({@code IP_TOS} / {@code IPV6_TCLASS} control message: the socket's DSCP bits are kept); see
     * {@link #reply(Datagram, byte[])}. Native engine only.
     *
     * @param request the datagram to answer
     * @param payload the answer, between position and limit
     * @param ecn the codepoint, for example {@link Ecn#ECT_0}
     * @throws NullPointerException if an argument is {@code null}
     * @throws UnsupportedOperationException if the receiver runs on the NIO engine
     * @throws DatagramTooLargeException if the payload exceeds the UDP maximum for the sender's family
     * @throws IllegalStateException if the receiver is closed
     * @throws UdpException if the operating system refuses the send
     * @since 0.2
     */
    public void reply(Datagram request, ByteBuffer payload, Ecn ecn) {
        Args.notNull(request, "request");
        Args.notNull(payload, "payload");
        Args.notNull(ecn, "ecn");
        if (engine != UdpEngine.NATIVE) {
            throw new UnsupportedOperationException("a reply with an ECN codepoint (" + ecn + ") needs the native "
                    + "engine; this receiver runs on " + engine);
        }
        sends.buffer(request.sender(), payload, "request sender", replySource(request), ecn);
    }

    /**
     * The address a reply leaves from: the one the request arrived on, for a wildcard-bound receiver that read it;
     * {@code null} (the kernel's choice, which is the bound address) otherwise.
     */
    private InetAddress replySource(Datagram request) {
        return wildcard ? request.replySource() : null;
    }

    /**
     * Makes a reusable batch of datagrams (replies, usually) for {@link #send(DatagramBatch)}; see
     * {@link DatagramBatch}. Its datagrams need a target: {@code add(to, payload)}.
     *
     * @param maxDatagrams the most datagrams it holds, 1 to 1,024
     * @return an empty batch; close it when done
     * @throws IllegalArgumentException if {@code maxDatagrams} is outside 1 to 1,024
     * @throws IllegalStateException if the receiver is closed
     * @since 0.2
     */
    public DatagramBatch newBatch(int maxDatagrams) {
        return sends.newBatch(maxDatagrams, null);
    }

    /**
     * Sends every datagram of a batch from the receiver's own port, in order, in as few system calls as the engine
     * allows (see {@link UdpSender#send(DatagramBatch)}); for servers that answer bursts. The batch is not cleared.
     *
     * @param batch a batch made by this receiver's {@link #newBatch(int)}
     * @return the datagrams sent, the batch's size
     * @throws NullPointerException if {@code batch} is {@code null}
     * @throws IllegalArgumentException if the batch was made by another sender or receiver
     * @throws IllegalStateException if the receiver or the batch is closed
     * @throws BatchSendException if a datagram failed: it says how many went out before it and which one failed
     * @since 0.2
     */
    public int send(DatagramBatch batch) {
        return sends.send(batch);
    }

    /**
     * Stops the receiver: closes its sockets, which ends the receive threads, and returns once they have ended, or
     * after at most half a second if a listener is still running (it then finishes in the background, no further
     * datagram is read, and a {@code WARNING} names the thread). Once it returns, the port can be bound again.
     *
     * <p>Idempotent, and safe to call from any thread, from several at once (each call returns only when the
     * threads have ended or the half second is over), from an interrupted thread (it still waits, and leaves the
     * interrupt set), and from inside a listener (it then waits for the other threads, not its own).
     *
     * <p>Datagrams already handed to a callback {@link Builder#executor(Executor) executor} are still delivered by it,
     * after {@code close()} returns; the executor is not shut down: it belongs to the caller. No shutdown hook is
     * installed: close the receiver when the application stops.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeChannels();
            memberships.clear();
        }
        awaitLoops();
    }

    /** Waits until every receive thread but the caller's own has ended, within one bound, interrupted or not. */
    private void awaitLoops() {
        closeChannels();
        Jfr.stopPeriodic(statsEvents);
        memberships.clear();
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        boolean interrupted = false;
        Thread self = Thread.currentThread();
        for (Thread thread : threads) {
            if (thread == self || thread.getState() == Thread.State.NEW) {
                continue; // called from a listener: this loop ends when the listener returns
            }
            long left;
            while (thread.isAlive() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedJoin(thread, left);
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: returning early would leave the port bound
                }
            }
            if (thread.isAlive() && closeWarned.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, () -> "receiver on " + localAddress + " is closed, but a listener is still "
                        + "running on thread " + thread.getName() + " after "
                        + TimeUnit.NANOSECONDS.toMillis(CLOSE_WAIT_NANOS) + " ms; the thread ends when it returns");
            }
        }
        if (interrupted) {
            self.interrupt();
        }
    }

    @Override
    public String toString() {
        return "UdpReceiver[" + localAddress + (isOpen() ? "" : ", closed") + "]";
    }

    /**
     * Configures and starts a {@link UdpReceiver}. Each setter checks its argument at once and names it in the error;
     * {@link #start()} checks the combination. Not thread-safe: use a builder from one thread.
     *
     * @since 0.1
     */
    public static final class Builder {
        private InetSocketAddress bindAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private int maxDatagramSize = UdpLimits.IPV6_MAX_PAYLOAD;
        private DatagramListener onDatagram;
        private DatagramViewListener onDatagramView;
        private RequestListener onRequest;
        private DatagramListener onTruncated;
        private ErrorListener onError;
        private Executor executor;
        private ThreadFactory threadFactory;
        private int receiveBufferSize;
        private int maxPending = 1024;
        private long maxPendingBytes = Backlog.DEFAULT_MAX_BYTES;
        private UdpEngine engine = UdpEngine.AUTO;
        private int receiveBatch = DEFAULT_RECEIVE_BATCH;
        private boolean receiveOffload;
        private final Set<DatagramMetadata> metadata = EnumSet.noneOf(DatagramMetadata.class);
        private IcmpErrorListener onIcmpError;
        private boolean bindChosen;
        private boolean reuseAddress;
        private int sockets = 1;
        private InetSocketAddress peer;
        private final SourceFilter.Rules acceptFrom = new SourceFilter.Rules();
        private final List<Membership> groups = new ArrayList<>();

        private Builder() {
        }

        static Membership membership(InetAddress group, NetworkInterface networkInterface, InetAddress source,
                                     InetAddress bound) {
            Sockets.multicastGroup(group, "group");
            Sockets.multicastInterface(networkInterface, group);
            if (source != null && Sockets.family(source) != Sockets.family(group)) {
                throw new IllegalArgumentException("source must be of the group's family ("
                        + Sockets.familyName(group) + "), was " + source.getHostAddress());
            }
            if (bound != null) {
                Sockets.sameFamily(group, bound);
            }
            return new Membership(group, networkInterface, source);
        }

        /**
         * Binds to a host and port. If never called, the receiver binds the loopback address on a port the operating
         * system chooses, reachable only from this machine. To listen on every interface, pass a wildcard address
         * ({@code "0.0.0.0"} or {@code "::"}) deliberately.
         *
         * @param host a host name or literal IP address of this machine
         * @param port the port, or 0 to let the operating system choose one
         * @return this builder
         * @throws NullPointerException if {@code host} is {@code null}
         * @throws IllegalArgumentException if {@code host} is blank or cannot be resolved, or {@code port} is outside
         *     0 to 65535
         */
        public Builder bind(String host, int port) {
            this.bindAddress = Args.socketAddress(host, port, "host", "port");
            this.bindChosen = true;
            return this;
        }

        /**
         * Binds to a socket address; see {@link #bind(String, int)}. {@code new InetSocketAddress(port)} is the
         * wildcard address: it listens on every interface.
         *
         * @param address the local address
         * @return this builder
         * @throws NullPointerException if {@code address} is {@code null}
         * @throws IllegalArgumentException if {@code address} is unresolved
         */
        public Builder bind(InetSocketAddress address) {
            this.bindAddress = Args.resolved(address, "address");
            this.bindChosen = true;
            return this;
        }

        /**
         * Sets the port to bind, keeping the host: the loopback address unless {@link #bind(String, int) bind} chose
         * another, so {@code bind("0.0.0.0", 0).port(5005)} listens on {@code 0.0.0.0:5005}. If never called, the port
         * is the one {@code bind} gave, or 0: the operating system chooses one, and
         * {@link UdpReceiver#localAddress()} tells which.
         *
         * @param port the port, or 0 to let the operating system choose one
         * @return this builder
         * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
         */
        public Builder port(int port) {
            this.bindAddress = new InetSocketAddress(bindAddress.getAddress(), Args.port(port, "port"));
            return this;
        }

        /**
         * Sets the largest datagram delivered as complete. Larger datagrams are truncated to this size and reported
         * through {@link #onTruncated(DatagramListener)}. If never called, the limit is 65,527 bytes, the largest UDP
         * payload, so nothing is truncated.
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
         * Sets the listener for complete datagrams. A receiver needs exactly one of {@code onDatagram},
         * {@link #onDatagramView(DatagramViewListener) onDatagramView} and {@link #onRequest(RequestListener)
         * onRequest}; {@link #start()} fails without one.
         *
         * @param listener called for each datagram within the limit
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         */
        public Builder onDatagram(DatagramListener listener) {
            this.onDatagram = Args.notNull(listener, "onDatagram");
            return this;
        }

        /**
         * Sets a zero-copy listener for complete datagrams, instead of {@link #onDatagram(DatagramListener)}: it gets
         * a read-only {@link DatagramView} of the receiver's own buffer, <b>valid only while it runs</b>, and the
         * receiver allocates nothing and reads no clock per datagram. For listeners that parse in place; copy with
         * {@link DatagramView#toDatagram()} to keep a datagram. Runs on the receive thread, in arrival order; cannot
         * be combined with {@link #executor(Executor)}. Truncated datagrams still go to
         * {@link #onTruncated(DatagramListener)}. If never called, {@code onDatagram} is required.
         *
         * @param listener called for each datagram within the limit, with a view valid during the call
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         * @since 0.1
         */
        public Builder onDatagramView(DatagramViewListener listener) {
            this.onDatagramView = Args.notNull(listener, "onDatagramView");
            return this;
        }

        /**
         * Sets the listener for complete datagrams as a server's: it is handed the running receiver with each
         * datagram, so it can answer from the receiver's own port, also for datagrams that arrive before
         * {@link #start()} has returned. Instead of {@link #onDatagram(DatagramListener)}; the same threading and
         * failure rules apply. If never called, {@code onDatagram} (or {@code onDatagramView}) is required.
         *
         * <pre>{@code
         * UdpReceiver echo = UdpReceiver.builder()
         *         .port(7007)
         *         .onRequest((request, receiver) -> receiver.reply(request, request.payload()))
         *         .start();
         * }</pre>
         *
         * @param listener called for each datagram within the limit, with the receiver
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         */
        public Builder onRequest(RequestListener listener) {
            this.onRequest = Args.notNull(listener, "onRequest");
            return this;
        }

        /**
         * Sets the listener for datagrams over {@link #maxDatagramSize(int)}. It receives the first
         * {@code maxDatagramSize} bytes with {@link Datagram#truncated()} set. If never called, truncated datagrams are
         * counted and logged at {@code WARNING} through {@link System.Logger} (sender and size, never content).
         *
         * @param listener called for each truncated datagram
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         */
        public Builder onTruncated(DatagramListener listener) {
            this.onTruncated = Args.notNull(listener, "onTruncated");
            return this;
        }

        /**
         * Sets the listener for failures the receiver survives: listeners that throw, a refusing executor, receive
         * errors. If never called, they are logged at {@code WARNING} through {@link System.Logger}.
         *
         * @param listener called for each failure
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         */
        public Builder onError(ErrorListener listener) {
            this.onError = Args.notNull(listener, "onError");
            return this;
        }

        /**
         * Runs listeners on an executor instead of the receive thread. Datagrams may then be handled concurrently and
         * <b>out of arrival order</b>. A task the executor refuses is counted in {@link ReceiverStats#rejected()} and
         * reported to {@code onError}; at most {@link #maxPending(int) maxPending} datagrams wait for it at once.
         * The receiver never shuts the executor down. If never called, listeners run on the receive thread, in order.
         *
         * @param executor runs one task per datagram
         * @return this builder
         * @throws NullPointerException if {@code executor} is {@code null}
         */
        public Builder executor(Executor executor) {
            this.executor = Args.notNull(executor, "executor");
            return this;
        }

        /**
         * Bounds how many datagrams may wait for the callback {@link #executor(Executor) executor} at once, so that a
         * slow listener under a flood cannot fill the heap. A datagram that arrives while {@code maxPending} are
         * waiting is dropped, counted in {@link ReceiverStats#overflowed()} and reported to {@code onError} (the first
         * drop and every 1000th, so that a flood does not also flood the log). If never called, 1,024. Has no effect
         * without an executor: the receive thread then waits for the listener, and the kernel buffer absorbs bursts.
         *
         * @param datagrams the most datagrams waiting for the executor, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code datagrams} is less than 1
         */
        public Builder maxPending(int datagrams) {
            this.maxPending = Args.inRange(datagrams, 1, Integer.MAX_VALUE, "maxPending");
            return this;
        }

        /**
         * Bounds the payload bytes of the datagrams waiting for the callback {@link #executor(Executor) executor} at
         * once, beside {@link #maxPending(int) maxPending}: 1,024 datagrams of 64 KiB are 64 MiB of heap. A datagram
         * that would exceed it is dropped and counted in {@link ReceiverStats#overflowed()}, as for
         * {@code maxPending}; one datagram is always admitted when none waits. If never called, a sixteenth of the
         * maximum heap ({@link Runtime#maxMemory()}), between 1 MiB and 64 MiB. Has no effect without an executor.
         *
         * @param bytes the most payload bytes waiting for the executor, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1
         * @since 0.2
         */
        public Builder maxPendingBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxPendingBytes must be at least 1, was " + bytes);
            }
            this.maxPendingBytes = bytes;
            return this;
        }

        /**
         * Sets the factory of the receive threads (one per socket: one, or {@code n} with {@link #reusePort(int)
         * reusePort(n)}), for example {@code Thread.ofVirtual().factory()} on JDK 21+. If never called, the receiver
         * starts platform threads named {@code udpkit-receiver-<address>} ({@code #i} appended with several sockets);
         * they are not daemon threads, so a started receiver keeps the JVM alive until it is closed. Threads of a
         * virtual-thread factory are always daemon threads: the JVM then exits under a running receiver unless
         * another thread keeps it alive.
         *
         * <p>Each call of the factory must return a new, unstarted thread that runs the {@code Runnable} it is given;
         * {@link #start()} refuses any other (null, already started, the same thread twice, a thread that never runs
         * the loop) with an {@link IllegalStateException} and closes the sockets it had opened.
         *
         * @param threadFactory makes the threads that read the sockets
         * @return this builder
         * @throws NullPointerException if {@code threadFactory} is {@code null}
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Args.notNull(threadFactory, "threadFactory");
            return this;
        }

        /**
         * Asks for a kernel receive buffer ({@code SO_RCVBUF}) of this size, which absorbs bursts while a listener is
         * busy. The effective size is read back ({@link UdpReceiver#receiveBufferSize()}) and a {@code WARNING} is
         * logged when the operating system granted less (on Linux: raise {@code net.core.rmem_max}). If never called,
         * the receiver asks for 4 MiB, so that start-up and bursts do not overflow the kernel's much smaller default,
         * and accepts silently what the operating system grants.
         *
         * @param bytes the size to ask for, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1
         */
        public Builder receiveBufferSize(int bytes) {
            this.receiveBufferSize = Args.inRange(bytes, 1, Integer.MAX_VALUE, "receiveBufferSize");
            return this;
        }

        /**
         * Sets {@code SO_REUSEADDR}, so that the port can be bound while another socket that also set it holds it
         * (useful for several multicast listeners on one host). If never called, it is off.
         *
         * @param reuseAddress {@code true} to set the option
         * @return this builder
         */
        public Builder reuseAddress(boolean reuseAddress) {
            this.reuseAddress = reuseAddress;
            return this;
        }

        /**
         * Binds several sockets to the same address and port with {@code SO_REUSEPORT}, each with its own receive
         * thread; the kernel spreads incoming datagrams over them by source address and port, so one sender's
         * datagrams stay on one socket and reach the listener in order. Listeners may then run concurrently on
         * different threads. If never called, the receiver has one socket and one thread.
         *
         * @param sockets how many sockets and threads, 1 to 64
         * @return this builder
         * @throws IllegalArgumentException if {@code sockets} is outside 1 to 64
         */
        public Builder reusePort(int sockets) {
            this.sockets = Args.inRange(sockets, 1, 64, "sockets");
            return this;
        }

        /**
         * Accepts datagrams only from these addresses (any port). Datagrams from other senders are dropped before any
         * listener sees them and counted in {@link ReceiverStats#filtered()}. Rules added by the {@code acceptFrom}
         * methods combine: a datagram is accepted if any rule accepts it. If no rule is added, every sender is
         * accepted.
         *
         * @param addresses the senders to accept; at least one
         * @return this builder
         * @throws NullPointerException if {@code addresses} or one of them is {@code null}
         * @throws IllegalArgumentException if no address is given
         */
        public Builder acceptFrom(InetAddress... addresses) {
            Args.notNull(addresses, "addresses");
            if (addresses.length == 0) {
                throw new IllegalArgumentException("addresses must name at least one address, was empty");
            }
            for (int i = 0; i < addresses.length; i++) {
                acceptFrom.add(SourceFilter.address(Args.notNull(addresses[i], "addresses[" + i + "]")));
            }
            return this;
        }

        /**
         * Accepts datagrams only from a subnet, in CIDR notation ({@code 127.0.0.0/8}, {@code ::1/128}); see
         * {@link #acceptFrom(InetAddress...)}.
         *
         * @param cidr a literal network address and a prefix length
         * @return this builder
         * @throws NullPointerException if {@code cidr} is {@code null}
         * @throws IllegalArgumentException if {@code cidr} is not a literal address and a prefix length that fits it
         */
        public Builder acceptFromSubnet(String cidr) {
            acceptFrom.add(SourceFilter.subnet(cidr, "cidr"));
            return this;
        }

        /**
         * Accepts datagrams only from senders the predicate accepts; see {@link #acceptFrom(InetAddress...)}. The
         * predicate runs on the receive thread for every datagram, so it must be fast; if it throws, the datagram is
         * dropped as filtered and the exception reported to {@code onError}.
         *
         * @param predicate decides on the sender's address and port
         * @return this builder
         * @throws NullPointerException if {@code predicate} is {@code null}
         */
        public Builder acceptFrom(Predicate<InetSocketAddress> predicate) {
            acceptFrom.add(Args.notNull(predicate, "predicate"));
            return this;
        }

        /**
         * Connects the receiver's socket to one peer: the kernel then discards datagrams from anyone else before
         * udpkit sees them (so they are not counted, unlike {@link #acceptFrom(InetAddress...)}), and replies go to
         * that peer. If never called, the receiver accepts datagrams from any sender.
         *
         * @param peer the only sender to receive from
         * @return this builder
         * @throws NullPointerException if {@code peer} is {@code null}
         * @throws IllegalArgumentException if {@code peer} is unresolved or its port is 0
         */
        public Builder connect(InetSocketAddress peer) {
            this.peer = Args.destination(peer, "peer");
            return this;
        }

        /**
         * Joins a multicast group on a named network interface when the receiver starts. The receiver must also be
         * bound explicitly, to an address of the group's family (the wildcard such as {@code 0.0.0.0}, or the group
         * itself) and to the group's port: the default loopback address receives no multicast.
         *
         * @param group the multicast address, for example {@code 239.1.2.3} or {@code ff12::1234}
         * @param networkInterface the interface's name, for example {@code eth0} or {@code lo}
         * @return this builder
         * @throws NullPointerException if an argument is {@code null}
         * @throws IllegalArgumentException if {@code group} is not a multicast address or no such interface exists, or
         *     it cannot carry multicast of that family
         */
        public Builder joinGroup(String group, String networkInterface) {
            InetAddress address = IpLiteral.require(group, "group");
            return joinGroup(address, Sockets.interfaceNamed(networkInterface, "networkInterface"));
        }

        /**
         * Joins a multicast group on a network interface when the receiver starts; see
         * {@link #joinGroup(String, String)}.
         *
         * @param group the multicast address
         * @param networkInterface the interface
         * @return this builder
         * @throws NullPointerException if an argument is {@code null}
         * @throws IllegalArgumentException if {@code group} is not a multicast address or the interface cannot carry
         *     multicast of that family
         */
        public Builder joinGroup(InetAddress group, NetworkInterface networkInterface) {
            groups.add(membership(group, networkInterface, null, null));
            return this;
        }

        /**
         * Joins a multicast group for datagrams from one source only (source-specific multicast) when the receiver
         * starts; see {@link #joinGroup(String, String)}.
         *
         * @param group the multicast address
         * @param networkInterface the interface
         * @param source the only sender to receive from, of the group's family
         * @return this builder
         * @throws NullPointerException if an argument is {@code null}
         * @throws IllegalArgumentException if an address or the interface does not fit
         */
        public Builder joinGroup(InetAddress group, NetworkInterface networkInterface, InetAddress source) {
            groups.add(membership(group, networkInterface, Args.notNull(source, "source"), null));
            return this;
        }

        /**
         * Chooses the engine that makes the system calls; see {@link UdpEngine} for what each can do. If never
         * called, {@link UdpEngine#AUTO}: the native engine where it runs without a JDK warning, NIO elsewhere.
         * {@link UdpReceiver#engine()} says which one runs.
         *
         * @param engine the engine
         * @return this builder
         * @throws NullPointerException if {@code engine} is {@code null}
         * @since 0.2
         */
        public Builder engine(UdpEngine engine) {
            this.engine = Args.notNull(engine, "engine");
            return this;
        }

        /**
         * Sets how many datagrams one system call may read on the native engine ({@code recvmmsg}); each is still
         * handed to the listeners one by one, in arrival order. Larger batches cost fewer system calls under load and
         * more memory: {@code batch × (maxDatagramSize + 1)} bytes per socket, off the heap. The NIO engine reads one
         * datagram per call whatever this says. If never called, 32.
         *
         * @param datagrams 1 to 1,024
         * @return this builder
         * @throws IllegalArgumentException if {@code datagrams} is outside 1 to 1,024
         * @since 0.2
         */
        public Builder receiveBatch(int datagrams) {
            this.receiveBatch = Args.inRange(datagrams, 1, 1024, "receiveBatch");
            return this;
        }

        /**
         * Lets the kernel coalesce datagrams of one sender into one read ({@code UDP_GRO}, native engine only),
         * which a GSO sender on the same machine or a NIC with receive offload make much cheaper to receive. The
         * receiver splits each read back into the original datagrams at the kernel's segment size, so listeners and
         * stats see datagrams, never a coalesced read. With {@link UdpEngine#AUTO} it applies where the native
         * engine runs and is ignored on NIO (nothing changes but the cost); with {@code engine(NIO)} it is refused.
         * If never called, off.
         *
         * @param offload {@code true} to turn receive offload on
         * @return this builder
         * @since 0.2
         */
        public Builder receiveOffload(boolean offload) {
            this.receiveOffload = offload;
            return this;
        }

        /**
         * Asks the kernel to tell more about each datagram: where it was sent to, its TTL, its ECN codepoint, its
         * arrival time, the drops before it (see {@link DatagramMetadata} for each and its socket option), read with
         * {@link Datagram#destination()}, {@link Datagram#ttl()}, {@link Datagram#ecn()},
         * {@link Datagram#receivedAt()}, {@link Datagram#kernelDrops()} and the same methods of
         * {@link DatagramView}. Each needs the native engine: with {@link UdpEngine#AUTO} the receiver then runs on
         * it, and {@link #start()} is refused, saying why, where it cannot. Calls add up. Each costs a little per
         * datagram (a control message to parse; a {@code Datagram} carries one more small object). If never called,
         * none, except the destination for a wildcard-bound receiver on the native engine.
         *
         * @param kinds the metadata to read
         * @return this builder
         * @throws NullPointerException if {@code kinds} or one of them is {@code null}
         * @since 0.2
         */
        public Builder metadata(DatagramMetadata... kinds) {
            Args.notNull(kinds, "kinds");
            for (int i = 0; i < kinds.length; i++) {
                Args.notNull(kinds[i], "kinds[" + i + "]");
            }
            metadata.addAll(Arrays.asList(kinds));
            return this;
        }

        /**
         * Reports the ICMP errors the kernel gets for datagrams this receiver's sockets sent (replies, usually): port
         * or host unreachable, fragmentation needed with the MTU, TTL exceeded, with the original destination; also
         * on an unconnected socket ({@code IP_RECVERR}, {@code IPV6_RECVERR}; off by default in the kernel, and here,
         * because a socket with it on fails the next send or receive once per error, which udpkit handles but other
         * code sharing the socket may not). The receive loop drains the error queue whenever the kernel signals an
         * error, so it never fills the receive buffer; the errors are not counted as receive errors. Called on the
         * receive thread (or a thread whose reply found an error pending); what it throws goes to
         * {@link #onError(ErrorListener)}. Needs the native engine, as {@link #metadata(DatagramMetadata...)} does.
         * If never called, ICMP errors of unconnected sockets are not reported (the kernel's default).
         *
         * @param listener gets each error
         * @return this builder
         * @throws NullPointerException if {@code listener} is {@code null}
         * @since 0.2
         */
        public Builder onIcmpError(IcmpErrorListener listener) {
            this.onIcmpError = Args.notNull(listener, "listener");
            return this;
        }

        /** The options given that only the native engine has, or {@code null}: AUTO then picks NATIVE. */
        String nativeOnlyOption() {
            List<String> asked = new ArrayList<>();
            if (!metadata.isEmpty()) {
                asked.add("metadata(" + metadata.stream().map(Enum::name).collect(Collectors.joining(", ")) + ")");
            }
            if (onIcmpError != null) {
                asked.add("onIcmpError");
            }
            return asked.isEmpty() ? null : String.join(" and ", asked);
        }

        /** The option given that only the NIO engine has, or {@code null}: AUTO then picks NIO. */
        String nioOnlyOption() {
            for (Membership m : groups) {
                if (m.source() != null) {
                    return "a source-specific joinGroup (source " + m.source().getHostAddress() + ")";
                }
            }
            return null;
        }

        /** Refuses what the engine that will run cannot do, before any socket is opened. */
        void checkEngine(UdpEngine running) {
            if (running == UdpEngine.NIO && receiveOffload && engine == UdpEngine.NIO) {
                throw new IllegalStateException("receiveOffload(true) needs the native engine (UDP_GRO), but "
                        + "engine(NIO) was chosen; use engine(AUTO) or engine(NATIVE)");
            }
            if (running == UdpEngine.NIO) {
                receiveOffload = false; // AUTO fell back to NIO: offload only changes the cost, so it is skipped
            }
        }

        /**
         * Binds the sockets, joins the groups and starts the receive threads.
         *
         * @return the running receiver; close it when done
         * @throws IllegalStateException if none of {@link #onDatagram(DatagramListener)},
         *     {@link #onDatagramView(DatagramViewListener)} and {@link #onRequest(RequestListener)} was set, or more
         *     than one was, or {@code onDatagramView}
         *     was combined with an {@link #executor(Executor)}, or groups are joined without an explicit bind address
         *     or together with {@code reusePort} above 1
         * @throws IllegalArgumentException if the {@link #connect(InetSocketAddress) peer}'s address family cannot be
         *     reached from the bind address, or a group's family differs from the bind address's (the message says what
         *     to bind instead)
         * @throws UdpBindException if the address cannot be bound (for example, the port is taken); the message names
         *     the address
         * @throws UdpException if a socket cannot be opened or configured, a group cannot be joined, or
         *     {@code reusePort} asks for more than one socket where {@code SO_REUSEPORT} is not supported
         */
        public UdpReceiver start() {
            int listeners = (onDatagram == null ? 0 : 1) + (onDatagramView == null ? 0 : 1)
                    + (onRequest == null ? 0 : 1);
            if (listeners == 0) {
                throw new IllegalStateException("a receiver needs a listener; call onDatagram(...), "
                        + "onDatagramView(...) or onRequest(...) first");
            }
            if (listeners > 1) {
                throw new IllegalStateException("a receiver takes one of onDatagram, onDatagramView and onRequest, "
                        + "not several");
            }
            if (onDatagramView != null && executor != null) {
                throw new IllegalStateException("onDatagramView cannot be combined with an executor: a view is valid "
                        + "only during its callback on the receive thread");
            }
            if (peer != null) {
                Sends.reachable(bindAddress, peer, "peer");
            }
            if (!groups.isEmpty()) {
                if (!bindChosen) {
                    throw new IllegalStateException("a multicast receiver must be bound explicitly to the group's "
                            + "port, for example bind(\"0.0.0.0\", port) or bind(group, port): the default loopback "
                            + "address receives no multicast");
                }
                if (sockets > 1) {
                    throw new IllegalStateException("joinGroup cannot be combined with reusePort(" + sockets
                            + "): the kernel would hand each group datagram to one socket only; use reusePort(1)");
                }
                for (Membership m : groups) {
                    Sockets.sameFamily(m.group(), bindAddress.getAddress());
                }
            }
            return new UdpReceiver(this);
        }
    }
}
