package io.github.udpkit.micrometer;

import java.time.Duration;
import java.util.function.Function;

/**
 * The stats snapshot the meters of one binding share: taken at most once per {@code maxAge}, so that one scrape reads
 * the owner's {@code stats()} once (a receiver's reads {@code /proc/net/udp}) and all its meters agree with each
 * other. Holds the last snapshot only, never the owner, so Micrometer's weak reference to the owner still decides how
 * long the meters report.
 *
 * @param <T> the udpkit object
 * @param <S> its stats type
 */
final class Snapshot<T, S> {
    private record Taken<S>(S stats, long at) {
    }

    private final Function<T, S> read;
    private final long maxAgeNanos;
    private volatile Taken<S> last;

    Snapshot(Function<T, S> read, Duration maxAge) {
        this.read = read;
        this.maxAgeNanos = maxAge.toNanos();
    }

    S of(T owner) {
        Taken<S> taken = last;
        long now = System.nanoTime();
        if (taken == null || now - taken.at() >= maxAgeNanos) {
            taken = new Taken<>(read.apply(owner), now);
            last = taken;
        }
        return taken.stats();
    }
}
