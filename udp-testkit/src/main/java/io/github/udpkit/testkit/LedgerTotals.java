package io.github.udpkit.testkit;

/**
 * Counts over the entries of one direction of a {@link Ledger}. For every run,
 * {@code forwarded + dropped == received} and {@code datagramsSent == forwarded + duplicated}.
 *
 * @param received datagrams the proxy received in this direction
 * @param forwarded datagrams sent on at least once
 * @param dropped datagrams not sent on
 * @param duplicated datagrams sent twice (the extra copies)
 * @param truncated forwarded datagrams cut short
 * @param corrupted forwarded datagrams with flipped bits
 * @param delayed forwarded datagrams held back by a delay
 * @param reordered forwarded datagrams held back for reordering
 * @param datagramsSent copies sent in all
 * @param bytesSent payload bytes sent in all, over every copy
 * @since 0.1
 */
public record LedgerTotals(long received, long forwarded, long dropped, long duplicated, long truncated,
                           long corrupted, long delayed, long reordered, long datagramsSent, long bytesSent) {

    /**
     * Returns the share of received datagrams that were dropped.
     *
     * @return {@code dropped / received}, or 0.0 when nothing was received
     */
    public double dropRate() {
        return received == 0 ? 0.0 : (double) dropped / received;
    }
}
