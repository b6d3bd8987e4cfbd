package io.github.udpkit;

import io.github.udpkit.internal.Jfr;
import java.net.InetSocketAddress;

/**
 * Counts the outcome of each send of a {@link UdpSender} into its {@link SenderStats.Counters}, and emits the JFR
 * events for failures. Kept apart from {@code UdpSender} so the sender's send paths change by one call each.
 */
final class SendOutcomes {
    private final SenderStats.Counters counters = new SenderStats.Counters();

    /** A datagram of {@code length} bytes was sent. No allocation. */
    void sent(int length) {
        counters.sent.increment();
        counters.bytes.add(length);
    }

    /**
     * Counts a failed send by its exception and returns the exception, for {@code throw outcomes.failed(e, to)}.
     *
     * @param error what the send threw
     * @param to where it was going
     * @return {@code error}
     */
    RuntimeException failed(RuntimeException error, InetSocketAddress to) {
        if (error instanceof DatagramTooLargeException) {
            counters.refusedTooLarge.increment();
        } else if (error instanceof IllegalStateException) {
            counters.refusedClosed.increment(); // the only IllegalStateException past the target checks
        } else if (error instanceof UdpPortUnreachableException) {
            counters.portUnreachable.increment();
            Jfr.portUnreachable(to);
            return error;
        } else {
            counters.failed.increment();
        }
        Jfr.sendFailure(to, error);
        return error;
    }

    SenderStats snapshot() {
        return counters.snapshot();
    }
}
