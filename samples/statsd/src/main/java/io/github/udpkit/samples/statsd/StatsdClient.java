package io.github.udpkit.samples.statsd;

import io.github.udpkit.UdpException;
import io.github.udpkit.UdpSender;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * A StatsD metrics client: counters (with sample rate), gauges (absolute and +/- delta), timers and sets, packed into
 * datagrams of up to {@link Builder#maxDatagramSize(int) 1,432 bytes} and sent when a datagram is full, on
 * {@link #flush()}, every {@link Builder#flushInterval(Duration) flush interval}, and on {@link #close()}.
 *
 * <pre>{@code
 * try (StatsdClient statsd = StatsdClient.builder().target("127.0.0.1", 8125).prefix("shop.").build()) {
 *     statsd.increment("orders");                 // shop.orders:1|c
 *     statsd.count("page.views", 1, 0.1);         // shop.page.views:1|c|@0.1, sent for 1 call in 10
 *     statsd.gauge("queue.depth", 42);            // shop.queue.depth:42|g
 *     statsd.gauge("temperature", -3.25);         // shop.temperature:0|g and shop.temperature:-3.25|g
 *     statsd.gaugeDelta("queue.depth", -3);       // shop.queue.depth:-3|g
 *     statsd.time("db.query", Duration.ofMillis(320)); // shop.db.query:320|ms
 *     statsd.time("latency", 12.5);               // shop.latency:12.5|ms
 *     statsd.set("users", "alice");               // shop.users:alice|s
 * }
 * }</pre>
 *
 * <p><b>Numbers.</b> Gauges and timers take decimals, as StatsD servers read them; counters take whole numbers,
 * as they count events (some servers read a decimal counter, others refuse the line).
 *
 * <p><b>Metrics never break the caller.</b> A metric call never throws because of the network: a datagram the
 * operating system refuses (no route, port unreachable, buffer full) is counted in {@link #stats()} and reported to
 * the {@link Builder#onError(Consumer) error handler}, whose own failures are ignored. Only programming errors throw:
 * a metric name or set value that would break the line format, or a sample rate outside (0, 1].
 *
 * <p>All methods may be called from any thread.
 */
public final class StatsdClient implements AutoCloseable {
    /** The default datagram size: fits a 1,500-byte MTU with room for IPv6 and tunnel headers. */
    public static final int DEFAULT_MAX_SIZE = 1432;

    private static final System.Logger LOG = System.getLogger(StatsdClient.class.getName());

    private final InetSocketAddress target;
    private UdpSender sender;
    private final String prefix;
    private final StatsdPacker packer;
    private final DoubleSupplier random;
    private final Consumer<Exception> onError;
    private final ScheduledExecutorService flusher;
    private boolean closed;
    private long lines;
    private long datagramsSent;
    private long linesSent;
    private long datagramsFailed;
    private long linesDropped;
    private long sampledOut;

    private StatsdClient(Builder builder) {
        this.target = builder.target;
        this.sender = UdpSender.builder().target(target).build();
        this.prefix = builder.prefix;
        this.random = builder.random;
        this.onError = builder.onError;
        this.packer = new StatsdPacker(builder.maxDatagramSize, this::send);
        if (builder.flushInterval.isZero()) {
            this.flusher = null;
        } else {
            this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "statsd-flush-" + builder.target);
                thread.setDaemon(true);
                return thread;
            });
            long millis = builder.flushInterval.toMillis();
            flusher.scheduleWithFixedDelay(this::flush, millis, millis, TimeUnit.MILLISECONDS);
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
     * Adds 1 to a counter.
     *
     * @param name the metric name, after the prefix
     * @throws IllegalArgumentException if the name is empty or holds {@code : | @}, whitespace or control characters
     */
    public void increment(String name) {
        count(name, 1, 1.0);
    }

    /**
     * Adds to a counter: {@code name:delta|c}.
     *
     * @param name the metric name, after the prefix
     * @param delta the amount, may be negative
     * @throws IllegalArgumentException if the name is invalid (see {@link #increment(String)})
     */
    public void count(String name, long delta) {
        count(name, delta, 1.0);
    }

    /**
     * Adds to a counter, sampled: the line {@code name:delta|c|@rate} is sent for a random fraction {@code rate} of the
     * calls, and the server scales it up by {@code 1/rate}.
     *
     * @param name the metric name, after the prefix
     * @param delta the amount, may be negative
     * @param sampleRate the fraction of calls sent, more than 0 and at most 1 (1 sends every call, without {@code @})
     * @throws IllegalArgumentException if the name is invalid or {@code sampleRate} is outside (0, 1]
     */
    public void count(String name, long delta, double sampleRate) {
        if (!(sampleRate > 0.0 && sampleRate <= 1.0)) {
            throw new IllegalArgumentException("sampleRate must be more than 0 and at most 1, was " + sampleRate);
        }
        String line = line(name, Long.toString(delta), "c");
        if (sampleRate < 1.0) {
            if (random.getAsDouble() >= sampleRate) {
                synchronized (this) {
                    sampledOut++;
                }
                return;
            }
            line += "|@" + BigDecimal.valueOf(sampleRate).stripTrailingZeros().toPlainString();
        }
        add(line);
    }

    /**
     * Sets a gauge to a value: {@code name:value|g}. StatsD reads a leading sign as a delta, so a negative value is
     * sent as two lines in one datagram, {@code name:0|g} then {@code name:-5|g}, which set it to 0 and subtract.
     *
     * @param name the metric name, after the prefix
     * @param value the new value
     * @throws IllegalArgumentException if the name is invalid (see {@link #increment(String)})
     */
    public void gauge(String name, long value) {
        gauge(name, Long.toString(value), value < 0);
    }

    /**
     * Sets a gauge to a decimal value: {@code name:-3.25|g}, written in plain digits (never an exponent), without
     * trailing zeros ({@code 2.50} is sent as {@code 2.5}, {@code 2.0} as {@code 2}). A negative value is sent as two
     * lines, as {@link #gauge(String, long)} explains.
     *
     * @param name the metric name, after the prefix
     * @param value the new value
     * @throws IllegalArgumentException if the name is invalid (see {@link #increment(String)}) or the value is not
     *     finite
     */
    public void gauge(String name, double value) {
        gauge(name, decimal(value), value < 0);
    }

    private void gauge(String name, String value, boolean negative) {
        String line = line(name, value, "g");
        add(negative ? line(name, "0", "g") + "\n" + line : line);
    }

    /**
     * Changes a gauge by a delta: {@code name:+3|g} or {@code name:-3|g}.
     *
     * @param name the metric name, after the prefix
     * @param delta the change
     * @throws IllegalArgumentException if the name is invalid (see {@link #increment(String)})
     */
    public void gaugeDelta(String name, long delta) {
        add(line(name, (delta >= 0 ? "+" : "") + delta, "g"));
    }

    /**
     * Changes a gauge by a decimal delta: {@code name:+0.5|g} or {@code name:-0.25|g}, written as
     * {@link #gauge(String, double)} writes values.
     *
     * @param name the metric name, after the prefix
     * @param delta the change
     * @throws IllegalArgumentException if the name is invalid (see {@link #increment(String)}) or the delta is not
     *     finite
     */
    public void gaugeDelta(String name, double delta) {
        String value = decimal(delta);
        add(line(name, (value.startsWith("-") ? "" : "+") + value, "g"));
    }

    /**
     * Records a timing in milliseconds: {@code name:320|ms}.
     *
     * @param name the metric name, after the prefix
     * @param millis the duration in milliseconds
     * @throws IllegalArgumentException if the name is invalid (see {@link #increment(String)})
     */
    public void time(String name, long millis) {
        add(line(name, Long.toString(millis), "ms"));
    }

    /**
     * Records a timing: {@code name:320|ms}, in whole milliseconds.
     *
     * @param name the metric name, after the prefix
     * @param duration the duration
     * @throws IllegalArgumentException if the name is invalid (see {@link #increment(String)})
     * @throws NullPointerException if {@code duration} is {@code null}
     */
    public void time(String name, Duration duration) {
        time(name, duration.toMillis());
    }

    /**
     * Records a timing in milliseconds with a fraction: {@code name:12.5|ms}, written as
     * {@link #gauge(String, double)} writes values.
     *
     * @param name the metric name, after the prefix
     * @param millis the duration in milliseconds
     * @throws IllegalArgumentException if the name is invalid (see {@link #increment(String)}) or {@code millis} is
     *     not finite
     */
    public void time(String name, double millis) {
        add(line(name, decimal(millis), "ms"));
    }

    /** A decimal as StatsD reads it: plain digits, no exponent, no trailing zeros. */
    private static String decimal(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be a finite number, was " + value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * Adds a value to a set, which counts distinct values: {@code name:alice|s}.
     *
     * @param name the metric name, after the prefix
     * @param value the value
     * @throws IllegalArgumentException if the name or the value is empty or holds {@code : | @}, whitespace or control
     *     characters
     */
    public void set(String name, String value) {
        add(line(name, checked(value, "set value"), "s"));
    }

    private String line(String name, String value, String type) {
        return prefix + checked(name, "metric name") + ":" + value + "|" + type;
    }

    private static String checked(String text, String what) {
        Objects.requireNonNull(text, () -> what + " must not be null");
        if (text.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':' || c == '|' || c == '@' || c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException(what + " must not contain ':', '|', '@', whitespace or control "
                        + "characters, was '" + shown(text) + "'");
            }
        }
        return text;
    }

    /** The text for an error message: control characters escaped, cut after 64 characters. */
    private static String shown(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < text.length() && out.length() < 64; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c < ' ' || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return i < text.length() ? out + "...(" + text.length() + " characters)" : out.toString();
    }

    private synchronized void add(String entry) {
        long count = 1 + entry.chars().filter(c -> c == '\n').count();
        if (closed) {
            linesDropped += count;
            return;
        }
        lines += count;
        if (!packer.add(entry)) {
            linesDropped += count;
            report(new IllegalArgumentException("metric line of " + entry.length() + "+ bytes does not fit a "
                    + "datagram of the configured size and was dropped: " + entry.substring(0, Math.min(64,
                    entry.length()))));
        }
    }

    /**
     * Called by the packer, under this client's lock. Never throws.
     *
     * <p>A send on an interrupted thread would close the socket (a {@code DatagramChannel} is an
     * {@code InterruptibleChannel}) and so break every later metric: the datagram is dropped instead, and the thread
     * keeps its interrupt. Should an interrupt close the socket anyway (it arrived during the send), a new one is
     * opened for the next datagram.
     */
    private void send(byte[] datagram, int count) {
        if (Thread.currentThread().isInterrupted()) {
            fail(count, new UdpException("statsd datagram of " + datagram.length + " bytes not sent: the calling "
                    + "thread is interrupted, and sending would close the socket"));
            return;
        }
        try {
            sender.send(datagram);
            datagramsSent++;
            linesSent += count;
        } catch (IllegalStateException e) {
            fail(count, e); // the socket was closed under us (an interrupt during the send): open a new one
            reopen();
        } catch (RuntimeException e) {
            fail(count, e);
        }
    }

    private void fail(int count, Exception e) {
        datagramsFailed++;
        linesDropped += count;
        report(e);
    }

    private void reopen() {
        try {
            sender.close();
            sender = UdpSender.builder().target(target).build();
        } catch (RuntimeException e) {
            report(e); // the next send fails and tries again
        }
    }

    private void report(Exception e) {
        try {
            onError.accept(e);
        } catch (RuntimeException ignored) {
            // an error handler that throws must not reach the caller's business code either
        }
    }

    /** Sends what is waiting now, instead of at the next flush interval. Never throws. */
    public synchronized void flush() {
        if (!closed) {
            packer.flush();
        }
    }

    /**
     * Returns what the client did so far.
     *
     * @return a snapshot of the counters
     */
    public synchronized Stats stats() {
        return new Stats(lines, datagramsSent, linesSent, datagramsFailed, linesDropped, sampledOut, packer.pending());
    }

    /** Flushes what is waiting, stops the flush thread and closes the socket. Idempotent; never throws. */
    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdown(); // not shutdownNow: an interrupt during a send would close the socket
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            packer.flush();
            closed = true;
            sender.close();
        }
    }

    /**
     * What a {@link StatsdClient} did.
     *
     * @param lines metric lines accepted after sampling (a negative gauge is two lines)
     * @param datagramsSent datagrams handed to the operating system
     * @param linesSent lines in those datagrams
     * @param datagramsFailed datagrams the operating system refused (network down, port unreachable, ...)
     * @param linesDropped lines lost: in refused datagrams, too large for a datagram, or added after close
     * @param sampledOut counter calls not sent because of their sample rate
     * @param pendingBytes bytes waiting for the next flush
     */
    public record Stats(long lines, long datagramsSent, long linesSent, long datagramsFailed, long linesDropped,
                        long sampledOut, int pendingBytes) {
    }

    /**
     * Configures a {@link StatsdClient}. Not thread-safe.
     */
    public static final class Builder {
        private InetSocketAddress target;
        private String prefix = "";
        private int maxDatagramSize = DEFAULT_MAX_SIZE;
        private Duration flushInterval = Duration.ofSeconds(1);
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Consumer<Exception> onError = new PowersOfTenLog();

        private Builder() {
        }

        /**
         * Sets the StatsD server. Required.
         *
         * @param host its name or IP address
         * @param port its port, usually 8125
         * @return this builder
         * @throws IllegalArgumentException if the host cannot be resolved or the port is outside 1 to 65535
         */
        public Builder target(String host, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
            }
            InetSocketAddress address = new InetSocketAddress(Objects.requireNonNull(host, "host must not be null"),
                    port);
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("host cannot be resolved: '" + host + "'");
            }
            return target(address);
        }

        /**
         * Sets the StatsD server. Required.
         *
         * @param address its address
         * @return this builder
         * @throws NullPointerException if {@code address} is {@code null}
         */
        public Builder target(InetSocketAddress address) {
            this.target = Objects.requireNonNull(address, "address must not be null");
            return this;
        }

        /**
         * Sets a prefix put before every metric name, for example {@code "shop."}. If never called, none.
         *
         * @param prefix the prefix, possibly empty
         * @return this builder
         * @throws IllegalArgumentException if it holds {@code : | @}, whitespace or control characters
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix must not be null");
            this.prefix = prefix.isEmpty() ? "" : checked(prefix, "prefix");
            return this;
        }

        /**
         * Sets the largest datagram sent. Lines are packed up to this size and never split. If never called, 1,432
         * bytes; use 512 on paths with a small MTU, up to 8,932 on a jumbo-frame LAN.
         *
         * @param bytes the size, 64 to 65,507
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is outside 64 to 65,507
         */
        public Builder maxDatagramSize(int bytes) {
            if (bytes < 64 || bytes > 65_507) {
                throw new IllegalArgumentException("maxDatagramSize must be between 64 and 65507, was " + bytes);
            }
            this.maxDatagramSize = bytes;
            return this;
        }

        /**
         * Sets how often waiting lines are sent. If never called, every second. {@link Duration#ZERO} turns the
         * timer off: lines are then sent only when a datagram is full, on {@link StatsdClient#flush()} and on close.
         *
         * @param interval the interval, zero or at least 1 ms
         * @return this builder
         * @throws IllegalArgumentException if the interval is negative or between 0 and 1 ms
         */
        public Builder flushInterval(Duration interval) {
            if (interval.isNegative() || (!interval.isZero() && interval.toMillis() < 1)) {
                throw new IllegalArgumentException("flushInterval must be zero or at least 1 ms, was " + interval);
            }
            this.flushInterval = interval;
            return this;
        }

        /**
         * Sets the source of random numbers in [0, 1) that decides which sampled calls are sent. If never called,
         * {@link ThreadLocalRandom}. Tests pass a fixed sequence.
         *
         * @param random returns numbers in [0, 1)
         * @return this builder
         */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        /**
         * Sets who is told when a datagram could not be sent or a line was too large. Called under the client's lock,
         * so keep it short; what it throws is ignored. If never called, failures are logged through
         * {@link System.Logger} at {@code WARNING} for the 1st, 10th, 100th, ... failure, so that a dead network does
         * not flood the log.
         *
         * @param onError the handler
         * @return this builder
         */
        public Builder onError(Consumer<Exception> onError) {
            this.onError = Objects.requireNonNull(onError, "onError must not be null");
            return this;
        }

        /**
         * Opens the client's socket.
         *
         * @return the client; close it to send what is waiting and release the socket
         * @throws IllegalStateException if no target was set
         * @throws io.github.udpkit.UdpException if no socket can be opened
         */
        public StatsdClient build() {
            if (target == null) {
                throw new IllegalStateException("a StatsD client needs a target; call target(host, port) first");
            }
            return new StatsdClient(this);
        }
    }

    /** Logs the 1st, 10th, 100th, ... failure. */
    private static final class PowersOfTenLog implements Consumer<Exception> {
        private long failures;
        private long next = 1;

        @Override
        public void accept(Exception e) {
            failures++;
            if (failures == next) {
                next *= 10;
                long n = failures;
                LOG.log(Level.WARNING, () -> "statsd: " + n + (n == 1 ? " failure" : " failures")
                        + " so far; metrics are being dropped. Latest: " + e.getMessage());
            }
        }
    }
}
