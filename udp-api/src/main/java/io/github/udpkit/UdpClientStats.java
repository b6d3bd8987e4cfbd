package io.github.udpkit;

import java.util.concurrent.atomic.LongAdder;

/**
 * A snapshot of what a {@link UdpClient} has done since it was built. Every request that returned a future is counted
 * in {@link #requests()} and, once its future is completed, in exactly one of {@link #matched()}, {@link #timeouts()},
 * {@link #cancelled()} or {@link #failed()}; so
 * {@code requests == matched + timeouts + cancelled + failed + inFlight}. Every datagram the client's socket read is
 * counted in exactly one of {@link #matched()}, {@link #late()} or {@link #unmatched()}.
 *
 * <p>The counters are read one after another, so a snapshot taken while requests run may be off by the requests that
 * completed while it was taken; outcomes are read before {@code requests}, so {@link #inFlight()} is never negative.
 *
 * @since 0.2
 */
public final class UdpClientStats {
    private final long requests;
    private final long sent;
    private final long retries;
    private final long matched;
    private final long timeouts;
    private final long cancelled;
    private final long failed;
    private final long late;
    private final long unmatched;
    private final long correlationFailures;
    private final long portUnreachable;

    private UdpClientStats(Counters c) {
        this.matched = c.matched.sum();
        this.timeouts = c.timeouts.sum();
        this.cancelled = c.cancelled.sum();
        this.failed = c.failed.sum();
        this.late = c.late.sum();
        this.unmatched = c.unmatched.sum();
        this.correlationFailures = c.correlationFailures.sum();
        this.portUnreachable = c.portUnreachable.sum();
        this.retries = c.retries.sum();
        this.sent = c.sent.sum();
        this.requests = c.requests.sum();
    }

    /** The live counters of one client; {@link #snapshot()} reads them by name. */
    static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder sent = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder matched = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        final LongAdder cancelled = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder late = new LongAdder();
        final LongAdder unmatched = new LongAdder();
        final LongAdder correlationFailures = new LongAdder();
        final LongAdder portUnreachable = new LongAdder();

        UdpClientStats snapshot() {
            return new UdpClientStats(this);
        }
    }

    /**
     * Returns the requests made: calls to {@code request} that returned a future.
     *
     * @return the number of requests
     */
    public long requests() {
        return requests;
    }

    /**
     * Returns the request datagrams sent: first attempts and retries.
     *
     * @return the number of datagrams sent
     */
    public long sent() {
        return sent;
    }

    /**
     * Returns the retries: request datagrams sent again because no reply had come.
     *
     * @return the number of retries
     */
    public long retries() {
        return retries;
    }

    /**
     * Returns the requests answered: replies matched to a pending request, whose future got the reply.
     *
     * @return the number of matched replies
     */
    public long matched() {
        return matched;
    }

    /**
     * Returns the requests that got no reply before their timeout; their futures failed with
     * {@link UdpTimeoutException}.
     *
     * @return the number of timeouts
     */
    public long timeouts() {
        return timeouts;
    }

    /**
     * Returns the requests whose future was cancelled (or completed) by the caller before a reply or a timeout.
     *
     * @return the number of cancelled requests
     */
    public long cancelled() {
        return cancelled;
    }

    /**
     * Returns the requests that failed otherwise: the send failed, the request key function threw, another request
     * with the same key was in flight, too many were in flight, or the client was closed.
     *
     * @return the number of failed requests
     */
    public long failed() {
        return failed;
    }

    /**
     * Returns the replies dropped because their request was no longer pending (already answered, so a duplicate;
     * timed out; or cancelled) within the client's {@code lateWindow}.
     *
     * @return the number of late replies
     */
    public long late() {
        return late;
    }

    /**
     * Returns the datagrams dropped because they matched no request, pending or recent: a key nobody asked for, a
     * reply over {@code maxReplySize}, or one whose reply key function threw.
     *
     * @return the number of unmatched datagrams
     */
    public long unmatched() {
        return unmatched;
    }

    /**
     * Returns how often a correlation function threw (on a request, which then failed, or on a reply, which was then
     * unmatched).
     *
     * @return the number of correlation function failures
     */
    public long correlationFailures() {
        return correlationFailures;
    }

    /**
     * Returns the ICMP port-unreachable reports a connected client received from its target.
     *
     * @return the number of port-unreachable reports
     */
    public long portUnreachable() {
        return portUnreachable;
    }

    /**
     * Returns the requests still waiting for a reply or a timeout.
     *
     * @return {@code requests - matched - timeouts - cancelled - failed}
     */
    public long inFlight() {
        return requests - matched - timeouts - cancelled - failed;
    }

    @Override
    public String toString() {
        return "UdpClientStats[requests=" + requests + ", sent=" + sent + ", retries=" + retries + ", matched="
                + matched + ", timeouts=" + timeouts + ", cancelled=" + cancelled + ", failed=" + failed + ", late="
                + late + ", unmatched=" + unmatched + ", correlationFailures=" + correlationFailures
                + ", portUnreachable=" + portUnreachable + ", inFlight=" + inFlight() + "]";
    }
}
