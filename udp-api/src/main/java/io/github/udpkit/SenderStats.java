package io.github.udpkit;

import java.util.concurrent.atomic.LongAdder;

/**
 * A snapshot of what a {@link UdpSender} has sent since it was built. Every send that got past its argument checks
 * (a {@code null}, a bad slice, an unresolved address, a missing target) is counted in exactly one of
 * {@link #sent()}, {@link #refusedTooLarge()}, {@link #refusedClosed()}, {@link #portUnreachable()} or
 * {@link #failed()}; so {@code attempts == sent + refusedTooLarge + refusedClosed + portUnreachable + failed}.
 *
 * <p>Batches: a batch send counts once in {@link #batches()} and each datagram it sent once in {@link #segments()}
 * and once in {@link #sent()}. Both are 0 until udpkit sends batches.
 *
 * <p>The counters are read one after another, so a snapshot taken while other threads send may be off by the sends
 * that finished while it was taken.
 *
 * @since 0.2
 */
public final class SenderStats {
    private final long sent;
    private final long bytes;
    private final long refusedTooLarge;
    private final long refusedClosed;
    private final long portUnreachable;
    private final long failed;
    private final long batches;
    private final long segments;

    private SenderStats(Counters c) {
        this.sent = c.sent.sum();
        this.bytes = c.bytes.sum();
        this.refusedTooLarge = c.refusedTooLarge.sum();
        this.refusedClosed = c.refusedClosed.sum();
        this.portUnreachable = c.portUnreachable.sum();
        this.failed = c.failed.sum();
        this.batches = c.batches.sum();
        this.segments = c.segments.sum();
    }

    /** The live counters of one sender; {@link #snapshot()} reads them by name. */
    static final class Counters {
        final LongAdder sent = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder refusedTooLarge = new LongAdder();
        final LongAdder refusedClosed = new LongAdder();
        final LongAdder portUnreachable = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder batches = new LongAdder();
        final LongAdder segments = new LongAdder();

        SenderStats snapshot() {
            return new SenderStats(this);
        }
    }

    /**
     * Returns the datagrams the operating system accepted.
     *
     * @return the number of datagrams sent
     */
    public long sent() {
        return sent;
    }

    /**
     * Returns the payload bytes of the datagrams sent.
     *
     * @return the number of bytes sent
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Returns the sends refused before any system call because the payload exceeded the UDP maximum or the sender's
     * {@code maxDatagramSize} ({@link DatagramTooLargeException}).
     *
     * @return the number of oversize sends
     */
    public long refusedTooLarge() {
        return refusedTooLarge;
    }

    /**
     * Returns the sends refused because the sender was closed.
     *
     * @return the number of sends after close
     */
    public long refusedClosed() {
        return refusedClosed;
    }

    /**
     * Returns the sends that failed with {@link UdpPortUnreachableException}: an earlier datagram to the connected
     * target was refused, and this one was not sent.
     *
     * @return the number of port-unreachable failures
     */
    public long portUnreachable() {
        return portUnreachable;
    }

    /**
     * Returns the sends that failed otherwise: refused by the operating system (a full buffer, a broken route, ...),
     * a broadcast with broadcast off, an empty datagram on a connected socket, an interrupted thread, an address of
     * the other family.
     *
     * @return the number of failed sends
     */
    public long failed() {
        return failed;
    }

    /**
     * Returns the batch sends. Always 0 in this version: udpkit has no batch send yet.
     *
     * @return the number of batch sends
     */
    public long batches() {
        return batches;
    }

    /**
     * Returns the datagrams sent within batches (also counted in {@link #sent()}). Always 0 in this version.
     *
     * @return the number of datagrams sent in batches
     */
    public long segments() {
        return segments;
    }

    /**
     * Returns every send counted: sent, refused or failed.
     *
     * @return {@code sent + refusedTooLarge + refusedClosed + portUnreachable + failed}
     */
    public long attempts() {
        return sent + refusedTooLarge + refusedClosed + portUnreachable + failed;
    }

    @Override
    public String toString() {
        return "SenderStats[sent=" + sent + ", bytes=" + bytes + ", refusedTooLarge=" + refusedTooLarge
                + ", refusedClosed=" + refusedClosed + ", portUnreachable=" + portUnreachable + ", failed=" + failed
                + ", batches=" + batches + ", segments=" + segments + "]";
    }
}
