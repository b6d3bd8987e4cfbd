package io.github.udpkit.micrometer;

import io.github.udpkit.ReceiverStats;
import io.github.udpkit.SenderStats;
import io.github.udpkit.UdpClient;
import io.github.udpkit.UdpClientStats;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the stats of one {@link UdpReceiver}, {@link UdpSender} or {@link UdpClient} to a Micrometer
 * {@link MeterRegistry}: one {@link FunctionCounter} per counter of its stats, a {@link Gauge} for what is in flight,
 * all tagged with {@code name} (yours) and {@code local.address} (the socket's, as {@code 127.0.0.1:5005} or
 * {@code [::1]:5005}).
 *
 * <pre>{@code
 * UdpkitMetrics.of(receiver, "syslog").bindTo(registry);   // udpkit.receiver.received{name=syslog,...}, ...
 * UdpkitMetrics.of(client, "dns").tags("zone", "eu").bindTo(registry);
 * }</pre>
 *
 * <p>Meter names: {@code udpkit.receiver.}{@code received}, {@code bytes}, {@code delivered}, {@code truncated},
 * {@code filtered}, {@code listener.failures}, {@code rejected}, {@code overflowed}, {@code receive.errors},
 * {@code kernel.drops} (where the operating system tells) and the gauge {@code in.flight};
 * {@code udpkit.sender.}{@code sent}, {@code bytes}, {@code refused.too.large}, {@code refused.closed},
 * {@code port.unreachable}, {@code failed}, {@code batches}, {@code segments};
 * {@code udpkit.client.}{@code requests}, {@code sent}, {@code retries}, {@code matched}, {@code timeouts},
 * {@code cancelled}, {@code failed}, {@code late}, {@code unmatched}, {@code correlation.failures},
 * {@code port.unreachable} and the gauge {@code in.flight}. Each meter's value is the stats field of the same name.
 *
 * <p>All meters of one binding read one stats snapshot, taken at most once per {@link #maxAge(Duration) maxAge}, so
 * a scrape sees counters that add up. Micrometer holds the udpkit object weakly: once it is unreachable the meters
 * report {@code NaN}. Instances are immutable and thread-safe.
 *
 * @since 0.2
 */
public final class UdpkitMetrics implements MeterBinder {
    private static final Duration DEFAULT_MAX_AGE = Duration.ofMillis(100);
    private static final String DATAGRAMS = "datagrams";

    private final Object owner;
    private final String name;
    private final Tags tags;
    private final Duration maxAge;

    private UdpkitMetrics(Object owner, String name, Tags tags, Duration maxAge) {
        this.owner = owner;
        this.name = name;
        this.tags = tags;
        this.maxAge = maxAge;
    }

    /**
     * Returns a binder for a receiver's stats.
     *
     * @param receiver the receiver
     * @param name the value of the {@code name} tag, for example the service or port it serves
     * @return the binder
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static UdpkitMetrics of(UdpReceiver receiver, String name) {
        return new UdpkitMetrics(Objects.requireNonNull(receiver, "receiver must not be null"), checkName(name),
                Tags.empty(), DEFAULT_MAX_AGE);
    }

    /**
     * Returns a binder for a sender's stats.
     *
     * @param sender the sender
     * @param name the value of the {@code name} tag
     * @return the binder
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static UdpkitMetrics of(UdpSender sender, String name) {
        return new UdpkitMetrics(Objects.requireNonNull(sender, "sender must not be null"), checkName(name),
                Tags.empty(), DEFAULT_MAX_AGE);
    }

    /**
     * Returns a binder for a client's stats.
     *
     * @param client the client
     * @param name the value of the {@code name} tag
     * @return the binder
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static UdpkitMetrics of(UdpClient client, String name) {
        return new UdpkitMetrics(Objects.requireNonNull(client, "client must not be null"), checkName(name),
                Tags.empty(), DEFAULT_MAX_AGE);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
        return name;
    }

    /**
     * Returns a binder that also adds these tags to every meter.
     *
     * @param keyValues tag keys and values, alternating
     * @return a new binder
     * @throws NullPointerException if {@code keyValues} or one of them is {@code null}
     * @throws IllegalArgumentException if there is an odd number of them
     */
    public UdpkitMetrics tags(String... keyValues) {
        Objects.requireNonNull(keyValues, "keyValues must not be null");
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must be keys and values in pairs, was " + keyValues.length
                    + " strings");
        }
        for (int i = 0; i < keyValues.length; i++) {
            Objects.requireNonNull(keyValues[i], "keyValues[" + i + "] must not be null");
        }
        return new UdpkitMetrics(owner, name, tags.and(keyValues), maxAge);
    }

    /**
     * Returns a binder that also adds these tags to every meter.
     *
     * @param extra the tags
     * @return a new binder
     * @throws NullPointerException if {@code extra} is {@code null}
     */
    public UdpkitMetrics tags(Iterable<Tag> extra) {
        return new UdpkitMetrics(owner, name, tags.and(Objects.requireNonNull(extra, "extra must not be null")),
                maxAge);
    }

    /**
     * Returns a binder whose meters share a stats snapshot for at most this long. If never called, 100 ms: enough
     * for one scrape to read all meters from one snapshot. {@link Duration#ZERO} reads the stats for every meter.
     *
     * @param maxAge how old a snapshot may be, 0 to 1 minute
     * @return a new binder
     * @throws NullPointerException if {@code maxAge} is {@code null}
     * @throws IllegalArgumentException if {@code maxAge} is negative or over a minute
     */
    public UdpkitMetrics maxAge(Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge must not be null");
        if (maxAge.isNegative() || maxAge.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("maxAge must be between PT0S and PT1M, was " + maxAge);
        }
        return new UdpkitMetrics(owner, name, tags, maxAge);
    }

    /**
     * Registers the meters.
     *
     * @param registry where to register them
     * @throws NullPointerException if {@code registry} is {@code null}
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry must not be null");
        if (owner instanceof UdpReceiver receiver) {
            bindReceiver(receiver, registry);
        } else if (owner instanceof UdpSender sender) {
            bindSender(sender, registry);
        } else {
            bindClient((UdpClient) owner, registry);
        }
    }

    private Tags allTags(InetSocketAddress local) {
        return tags.and("name", name, "local.address", format(local));
    }

    static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Registers meters named {@code prefix + suffix} over one object's shared snapshot. */
    private final class Meters<T, S> {
        private final T obj;
        private final String prefix;
        private final Tags all;
        private final Snapshot<T, S> snapshot;
        private final MeterRegistry registry;

        Meters(T obj, String prefix, InetSocketAddress local, java.util.function.Function<T, S> read,
               MeterRegistry registry) {
            this.obj = obj;
            this.prefix = prefix;
            this.all = allTags(local);
            this.snapshot = new Snapshot<>(read, maxAge);
            this.registry = registry;
        }

        Meters<T, S> counter(String suffix, String unit, String description, ToDoubleFunction<S> field) {
            FunctionCounter.builder(prefix + suffix, obj, o -> field.applyAsDouble(snapshot.of(o)))
                    .tags(all).baseUnit(unit).description(description).register(registry);
            return this;
        }

        Meters<T, S> gauge(String suffix, String unit, String description, ToDoubleFunction<S> field) {
            Gauge.builder(prefix + suffix, obj, o -> field.applyAsDouble(snapshot.of(o)))
                    .tags(all).baseUnit(unit).description(description).register(registry);
            return this;
        }

        Meters<T, S> also(Consumer<Meters<T, S>> more) {
            more.accept(this);
            return this;
        }
    }

    private void bindReceiver(UdpReceiver receiver, MeterRegistry registry) {
        String d = DATAGRAMS;
        new Meters<UdpReceiver, ReceiverStats>(receiver, "udpkit.receiver.", receiver.localAddress(),
                UdpReceiver::stats, registry)
                .counter("received", d, "Datagrams read from the socket", ReceiverStats::received)
                .counter("bytes", BaseUnits.BYTES, "Payload bytes read from the socket", ReceiverStats::bytes)
                .counter("delivered", d, "Datagrams whose listener returned normally", ReceiverStats::delivered)
                .counter("truncated", d, "Datagrams over maxDatagramSize", ReceiverStats::truncated)
                .counter("filtered", d, "Datagrams from senders not accepted", ReceiverStats::filtered)
                .counter("listener.failures", d, "Datagrams whose listener threw", ReceiverStats::listenerFailures)
                .counter("rejected", d, "Datagrams the callback executor rejected", ReceiverStats::rejected)
                .counter("overflowed", d, "Datagrams dropped with maxPending waiting", ReceiverStats::overflowed)
                .counter("receive.errors", "errors", "Failed reads from the socket", ReceiverStats::receiveErrors)
                .also(m -> {
                    if (receiver.stats().kernelDrops().isPresent()) {
                        m.counter("kernel.drops", d, "Datagrams the kernel dropped for the receiver's sockets",
                                s -> s.kernelDrops().orElse(0));
                    }
                })
                .gauge("in.flight", d, "Datagrams whose listener is running or queued", ReceiverStats::inFlight);
    }

    private void bindSender(UdpSender sender, MeterRegistry registry) {
        String d = DATAGRAMS;
        new Meters<UdpSender, SenderStats>(sender, "udpkit.sender.", sender.localAddress(), UdpSender::stats,
                registry)
                .counter("sent", d, "Datagrams sent", SenderStats::sent)
                .counter("bytes", BaseUnits.BYTES, "Payload bytes sent", SenderStats::bytes)
                .counter("refused.too.large", d, "Sends refused as too large", SenderStats::refusedTooLarge)
                .counter("refused.closed", d, "Sends refused on a closed sender", SenderStats::refusedClosed)
                .counter("port.unreachable", d, "Sends failed with port unreachable", SenderStats::portUnreachable)
                .counter("failed", d, "Sends failed otherwise", SenderStats::failed)
                .counter("batches", "batches", "Batch sends", SenderStats::batches)
                .counter("segments", d, "Datagrams sent in batches", SenderStats::segments);
    }

    private void bindClient(UdpClient client, MeterRegistry registry) {
        String r = "requests";
        String d = DATAGRAMS;
        new Meters<UdpClient, UdpClientStats>(client, "udpkit.client.", client.localAddress(), UdpClient::stats,
                registry)
                .counter("requests", r, "Requests made", UdpClientStats::requests)
                .counter("sent", d, "Request datagrams sent, retries included", UdpClientStats::sent)
                .counter("retries", d, "Request datagrams sent again", UdpClientStats::retries)
                .counter("matched", r, "Requests answered", UdpClientStats::matched)
                .counter("timeouts", r, "Requests timed out", UdpClientStats::timeouts)
                .counter("cancelled", r, "Requests cancelled by the caller", UdpClientStats::cancelled)
                .counter("failed", r, "Requests failed otherwise", UdpClientStats::failed)
                .counter("late", d, "Replies to requests no longer pending", UdpClientStats::late)
                .counter("unmatched", d, "Datagrams matching no request", UdpClientStats::unmatched)
                .counter("correlation.failures", "errors", "Correlation functions that threw",
                        UdpClientStats::correlationFailures)
                .counter("port.unreachable", "errors", "ICMP port-unreachable reports",
                        UdpClientStats::portUnreachable)
                .gauge("in.flight", r, "Requests waiting for a reply or a timeout", UdpClientStats::inFlight);
    }

    @Override
    public String toString() {
        return "UdpkitMetrics[" + owner + ", name=" + name + (tags.stream().findAny().isPresent() ? ", " + tags : "")
                + "]";
    }
}
