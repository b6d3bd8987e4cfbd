package io.github.udpkit;

import io.github.udpkit.internal.Args;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * }
 *
 * <p><b>Truncation is reported, never silent.</b> The receiver reads into {@code maxDatagramSize + 1} bytes. A
 * datagram that fills them was larger than the limit: it goes to {@code onTruncated} holding exactly the first
 * {@code maxDatagramSize} bytes with {@link Datagram#truncated()} set, is counted in {@link ReceiverStats#truncated()},
 * is logged at {@code WARNING} when there is no {@code onTruncated} listener, and never reaches {@code onDatagram}.
 *
 * <p><b>Threading.</b> Listeners run on the receiver's own thread, one datagram at a time, in arrival order, unless an
 * {@link Builder#executor(Executor) executor} was set. A listener that throws is reported to {@code onError} (or
 * logged) and the receiver goes on with the next datagram. All methods of a running receiver may be called from any
 * thread, including from inside a listener.
 *
 * <p><b>Accounting.</b> Every datagram read from the socket is counted in {@link #stats()} as delivered, truncated,
 * filtered, a listener failure or rejected: none is silently lost.
 *
 * @since 0.1
 */
public final class UdpReceiver implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpReceiver.class.getName());
    /** How long {@link #close()} waits for a listener that is still running. */
    private static final long CLOSE_WAIT_MILLIS = 500;
    /** SO_RCVBUF asked for when the user did not choose: absorbs start-up and bursts (Linux grants up to rmem_max). */
    static final int DEFAULT_RECEIVE_BUFFER_SIZE = 4 * 1024 * 1024;

    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final int maxDatagramSize;
    private final int receiveBufferSize;
    private final ReceiveLoop loop;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UdpReceiver(Builder builder) {
        this.maxDatagramSize = builder.maxDatagramSize;
        this.channel = open(builder.bindAddress);
        try {
            this.receiveBufferSize = applyReceiveBuffer(channel, builder.receiveBufferSize);
            bind(channel, builder.bindAddress);
            this.localAddress = (InetSocketAddress) channel.getLocalAddress();
            this.loop = new ReceiveLoop(channel, maxDatagramSize, builder.onDatagram, builder.onDatagramView,
                    builder.onTruncated, builder.onError, builder.executor);
            ThreadFactory factory = builder.threadFactory != null ? builder.threadFactory : this::defaultThread;
            this.thread = factory.newThread(loop);
            if (thread == null) {
                throw new IllegalStateException("threadFactory returned null for the receiver on " + localAddress);
            }
            thread.start();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UdpException("cannot set up the receiver on " + builder.bindAddress + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(channel);
            throw e;
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

    private static DatagramChannel open(InetSocketAddress bindAddress) {
        try {
            return DatagramChannel.open(bindAddress.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        } catch (IOException e) {
            throw new UdpException("cannot open a UDP socket for " + bindAddress + ": " + e.getMessage(), e);
        }
    }

    private static void bind(DatagramChannel channel, InetSocketAddress address) {
        try {
            channel.bind(address);
        } catch (IOException e) {
            throw new UdpBindException(address, e);
        }
    }

    /** Sets SO_RCVBUF when asked, reads back the effective size and warns when the OS granted less. */
    private static int applyReceiveBuffer(DatagramChannel channel, int requested) throws IOException {
        // The default is asked for silently: a smaller grant is the machine's choice, not the user's mistake.
        channel.setOption(StandardSocketOptions.SO_RCVBUF, requested > 0 ? requested : DEFAULT_RECEIVE_BUFFER_SIZE);
        int effective = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        if (requested > 0 && effective < requested) {
            LOG.log(Level.WARNING, () -> "receiveBufferSize " + requested + " was clamped by the operating system to "
                    + effective + " bytes; on Linux raise net.core.rmem_max (sysctl -w net.core.rmem_max="
                    + requested + ") to get the size asked for");
        }
        return effective;
    }

    private Thread defaultThread(Runnable task) {
        Thread t = new Thread(task, "udpkit-receiver-" + localAddress);
        t.setDaemon(false);
        return t;
    }

    private static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a receiver's channel failed", e);
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
     * Linux reports twice the size asked for (it counts its own overhead) and clamps it to {@code net.core.rmem_max}.
     *
     * @return the effective kernel receive buffer size in bytes
     */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /**
     * Returns what the receiver has seen so far. May be called at any time, also after {@link #close()}.
     *
     * @return a snapshot of the counters
     */
    public ReceiverStats stats() {
        return loop.stats();
    }

    /**
     * Tells whether the receiver is still open, that is, {@link #close()} was not called and the socket was not closed.
     *
     * @return {@code true} while the receiver is running
     */
    public boolean isOpen() {
        return !closed.get() && channel.isOpen();
    }

    /**
     * Sends a datagram from the receiver's own bound address and port, as servers do when they answer.
     * May be called from any thread, including from a listener.
     *
     * @param target where to send
     * @param payload the bytes; sent as one datagram
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code target} is unresolved
     * @throws DatagramTooLargeException if the payload exceeds the UDP maximum for the target's family
     * @throws IllegalStateException if the receiver is closed
     * @throws UdpException if the operating system refuses the send
     */
    public void sendTo(InetSocketAddress target, byte[] payload) {
        Args.notNull(payload, "payload");
        sendTo(target, ByteBuffer.wrap(payload));
    }

    /**
     * Sends text encoded as UTF-8 from the receiver's own port; see {@link #sendTo(InetSocketAddress, byte[])}.
     *
     * @param target where to send
     * @param text the text
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code target} is unresolved
     * @throws DatagramTooLargeException if the encoded text exceeds the UDP maximum for the target's family
     * @throws IllegalStateException if the receiver is closed
     * @throws UdpException if the operating system refuses the send
     */
    public void sendTo(InetSocketAddress target, String text) {
        Args.notNull(text, "text");
        sendTo(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends the buffer's remaining bytes from the receiver's own port, advancing its position; see
     * {@link #sendTo(InetSocketAddress, byte[])}.
     *
     * @param target where to send
     * @param payload the bytes between position and limit
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code target} is unresolved
     * @throws DatagramTooLargeException if the payload exceeds the UDP maximum for the target's family
     * @throws IllegalStateException if the receiver is closed
     * @throws UdpException if the operating system refuses the send
     */
    public void sendTo(InetSocketAddress target, ByteBuffer payload) {
        Args.resolved(target, "target");
        Args.notNull(payload, "payload");
        if (closed.get()) {
            throw new IllegalStateException("receiver on " + localAddress + " is closed; cannot send to " + target);
        }
        Sends.checkSize(payload.remaining(), 0, target);
        Sends.send(channel, payload, target, "receiver on " + localAddress);
    }

    /**
     * Answers a datagram: sends {@code payload} to its sender from the receiver's own port.
     *
     * @param request the datagram to answer
     * @param payload the answer
     * @throws NullPointerException if an argument is {@code null}
     * @throws DatagramTooLargeException if the payload exceeds the UDP maximum for the sender's family
     * @throws IllegalStateException if the receiver is closed
     * @throws UdpException if the operating system refuses the send
     */
    public void reply(Datagram request, byte[] payload) {
        sendTo(Args.notNull(request, "request").sender(), payload);
    }

    /**
     * Stops the receiver: closes its socket, which ends the receive thread, and returns once that thread has finished
     * or after at most half a second if a listener is still running (it then finishes in the background, and no further
     * datagram is read). Idempotent, and safe to call from any thread, including from inside a listener. Once it
     * returns, the port can be bound again. A callback {@link Builder#executor(Executor) executor} is not shut down:
     * it belongs to the caller.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(channel);
        if (Thread.currentThread() == thread) {
            return; // called from a listener: the loop ends when the listener returns
        }
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, () -> "receiver on " + localAddress + " is closed, but a listener is still running"
                    + " on thread " + thread.getName() + "; the thread ends when it returns");
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
        private DatagramListener onTruncated;
        private ErrorListener onError;
        private Executor executor;
        private ThreadFactory threadFactory;
        private int receiveBufferSize;

        private Builder() {
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
            return this;
        }

        /**
         * Binds to a port on the loopback address. If never called, the port is 0: the operating system chooses one,
         * and {@link UdpReceiver#localAddress()} tells which.
         *
         * @param port the port, or 0 to let the operating system choose one
         * @return this builder
         * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
         */
        public Builder port(int port) {
            this.bindAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), Args.port(port, "port"));
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
         * Sets the listener for complete datagrams. Required.
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
         * reported to {@code onError}. The receiver never shuts the executor down. If never called, listeners run on
         * the receive thread, in order.
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
         * Sets the factory of the receive thread, for example {@code Thread.ofVirtual().factory()} on JDK 21+. If
         * never called, the receiver starts a platform thread named {@code udpkit-receiver-<address>}; it is not a
         * daemon thread, so a started receiver keeps the JVM alive until it is closed.
         *
         * @param threadFactory makes the one thread that reads the socket
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
         * Binds the socket and starts the receive thread.
         *
         * @return the running receiver; close it when done
         * @throws IllegalStateException if neither an {@link #onDatagram(DatagramListener)} nor an
         *     {@link #onDatagramView(DatagramViewListener)} listener was set, or both were, or
         *     {@code onDatagramView} was combined with an {@link #executor(Executor)}
         * @throws UdpBindException if the address cannot be bound (for example, the port is taken); the message names
         *     the address
         * @throws UdpException if the socket cannot be opened or configured
         */
        public UdpReceiver start() {
            if (onDatagram == null && onDatagramView == null) {
                throw new IllegalStateException("a receiver needs an onDatagram listener; call onDatagram(...) first");
            }
            if (onDatagram != null && onDatagramView != null) {
                throw new IllegalStateException("a receiver takes onDatagram or onDatagramView, not both");
            }
            if (onDatagramView != null && executor != null) {
                throw new IllegalStateException("onDatagramView cannot be combined with an executor: a view is valid "
                        + "only during its callback on the receive thread");
            }
            return new UdpReceiver(this);
        }
    }
}
