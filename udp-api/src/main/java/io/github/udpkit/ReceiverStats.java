package io.github.udpkit;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A snapshot of what a {@link UdpReceiver} has seen since it started. Every datagram read from the socket is counted
 * in {@link #received()} and, once its listener has returned, in exactly one of {@link #delivered()},
 * {@link #truncated()}, {@link #filtered()}, {@link #listenerFailures()}, {@link #rejected()} or
 * {@link #overflowed()}; so, when no callback is in flight,
 * {@code received == delivered + truncated + filtered + listenerFailures + rejected + overflowed}, and
 * {@link #inFlight()} is 0.
 *
 * <p>The counters are read one after another while the receiver runs, so a snapshot taken under traffic may be off by
 * the datagrams that arrived while it was taken; outcomes are read before {@code received}, so a snapshot never shows
 * more outcomes than receptions. An outcome is counted after its listener returns, so a thread that hears of a
 * datagram from inside a listener (a queue it filled, a latch) may read a snapshot that does not count it yet; wait
 * for {@code inFlight() == 0} before comparing outcomes.
 *
 * <p>A final class rather than a record, so that a counter added in a later version breaks no caller. Immutable and
 * thread-safe; {@link #equals(Object)} compares every counter.
 *
 * @since 0.1
 */
public final class ReceiverStats {
    private final long received;
    private final long bytes;
    private final long delivered;
    private final long truncated;
    private final long filtered;
    private final long listenerFailures;
    private final long rejected;
    private final long overflowed;
    private final long receiveErrors;
    private final OptionalLong kernelDrops;

    private ReceiverStats(Counts counts, OptionalLong kernelDrops) {
        this.received = counts.received;
        this.bytes = counts.bytes;
        this.delivered = counts.delivered;
        this.truncated = counts.truncated;
        this.filtered = counts.filtered;
        this.listenerFailures = counts.listenerFailures;
        this.rejected = counts.rejected;
        this.overflowed = counts.overflowed;
        this.receiveErrors = counts.receiveErrors;
        this.kernelDrops = Objects.requireNonNull(kernelDrops, "kernelDrops must not be null");
    }

    /**
     * Returns the datagrams read from the socket.
     *
     * @return the count, every outcome included
     */
    public long received() {
        return received;
    }

    /**
     * Returns the payload bytes read from the socket; for a truncated datagram, the bytes kept.
     *
     * @return the byte count
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Returns the complete datagrams whose {@code onDatagram}, {@code onDatagramView} or {@code onRequest} listener
     * returned normally.
     *
     * @return the count
     */
    public long delivered() {
        return delivered;
    }

    /**
     * Returns the datagrams over {@code maxDatagramSize}, passed to {@code onTruncated} or logged.
     *
     * @return the count
     */
    public long truncated() {
        return truncated;
    }

    /**
     * Returns the datagrams dropped because their sender was not accepted by an {@code acceptFrom} rule.
     *
     * @return the count
     */
    public long filtered() {
        return filtered;
    }

    /**
     * Returns the complete datagrams whose listener threw.
     *
     * @return the count
     */
    public long listenerFailures() {
        return listenerFailures;
    }

    /**
     * Returns the datagrams whose task the callback executor refused (it threw from {@code execute}).
     *
     * @return the count
     */
    public long rejected() {
        return rejected;
    }

    /**
     * Returns the datagrams dropped because {@code maxPending} datagrams, or {@code maxPendingBytes} bytes, were
     * already waiting for the callback executor.
     *
     * @return the count
     */
    public long overflowed() {
        return overflowed;
    }

    /**
     * Returns the failed reads from the socket: errors from the operating system, not datagrams.
     *
     * @return the count
     */
    public long receiveErrors() {
        return receiveErrors;
    }

    /**
     * Returns the datagrams the kernel discarded for this receiver's own sockets because their receive buffers were
     * full, so that udpkit never saw them. On Linux it is read from {@code /proc/net/udp} or {@code udp6}, for the
     * receiver's sockets only (not for other sockets on the same port); elsewhere, and after close, it is empty.
     *
     * @return the kernel's drop count, or empty where the operating system does not publish it
     */
    public OptionalLong kernelDrops() {
        return kernelDrops;
    }

    /**
     * Returns the datagrams received whose outcome is not yet counted: those whose listener is still running or,
     * with an executor, still queued.
     *
     * @return {@code received - delivered - truncated - filtered - listenerFailures - rejected - overflowed}
     */
    public long inFlight() {
        return received - delivered - truncated - filtered - listenerFailures - rejected - overflowed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReceiverStats s && received == s.received && bytes == s.bytes
                && delivered == s.delivered && truncated == s.truncated && filtered == s.filtered
                && listenerFailures == s.listenerFailures && rejected == s.rejected && overflowed == s.overflowed
                && receiveErrors == s.receiveErrors && kernelDrops.equals(s.kernelDrops);
    }

    @Override
    public int hashCode() {
        return Objects.hash(received, bytes, delivered, truncated, filtered, listenerFailures, rejected, overflowed,
                receiveErrors, kernelDrops);
    }

    /**
     * Returns every counter by name, for example
     * {@code ReceiverStats[received=2, bytes=7, delivered=1, truncated=0, filtered=0, listenerFailures=1,
     * rejected=0, overflowed=0, receiveErrors=0, kernelDrops=0, inFlight=0]}; {@code kernelDrops=n/a} where absent.
     *
     * @return the counters, by name
     */
    @Override
    public String toString() {
        return "ReceiverStats[received=" + received + ", bytes=" + bytes + ", delivered=" + delivered
                + ", truncated=" + truncated + ", filtered=" + filtered + ", listenerFailures=" + listenerFailures
                + ", rejected=" + rejected + ", overflowed=" + overflowed + ", receiveErrors=" + receiveErrors
                + ", kernelDrops=" + (kernelDrops.isPresent() ? String.valueOf(kernelDrops.getAsLong()) : "n/a")
                + ", inFlight=" + inFlight() + "]";
    }

    /**
     * The counters of a snapshot, filled by name: each receive loop adds its own, then {@link #snapshot} freezes them.
     * Not thread-safe.
     */
    static final class Counts {
        long received;
        long bytes;
        long delivered;
        long truncated;
        long filtered;
        long listenerFailures;
        long rejected;
        long overflowed;
        long receiveErrors;

        ReceiverStats snapshot(OptionalLong kernelDrops) {
            return new ReceiverStats(this, kernelDrops);
        }
    }
}
