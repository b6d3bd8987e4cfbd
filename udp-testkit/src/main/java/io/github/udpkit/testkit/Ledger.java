package io.github.udpkit.testkit;

import io.github.udpkit.internal.Args;
import java.util.List;

/**
 * The decisions of a {@link UdpFaultProxy}, one entry per datagram received, in the order received, with the seed
 * that produced them. Two runs with the same seed and the same traffic have equal entries.
 *
 * @param seed the proxy's seed
 * @param entries the decisions, in the order the proxy received the datagrams
 * @since 0.1
 */
public record Ledger(long seed, List<LedgerEntry> entries) {

    /**
     * Checks and copies the entries.
     *
     * @param seed the proxy's seed
     * @param entries the decisions; copied
     * @throws NullPointerException if {@code entries} is {@code null} or holds {@code null}
     */
    public Ledger {
        entries = List.copyOf(Args.notNull(entries, "entries"));
    }

    /**
     * Returns the entries of one direction, in order.
     *
     * @param direction the direction
     * @return an immutable list
     * @throws NullPointerException if {@code direction} is {@code null}
     */
    public List<LedgerEntry> entries(Direction direction) {
        Args.notNull(direction, "direction");
        return entries.stream().filter(e -> e.direction() == direction).toList();
    }

    /**
     * Counts the entries of one direction.
     *
     * @param direction the direction
     * @return the totals
     * @throws NullPointerException if {@code direction} is {@code null}
     */
    public LedgerTotals totals(Direction direction) {
        long received = 0;
        long forwarded = 0;
        long dropped = 0;
        long duplicated = 0;
        long truncated = 0;
        long corrupted = 0;
        long delayed = 0;
        long reordered = 0;
        long datagramsSent = 0;
        long bytesSent = 0;
        for (LedgerEntry e : entries(direction)) {
            received++;
            if (e.dropped()) {
                dropped++;
                continue;
            }
            forwarded++;
            duplicated += e.copies() - 1;
            truncated += e.truncated() ? 1 : 0;
            corrupted += e.corrupted() ? 1 : 0;
            delayed += e.delay().isZero() ? 0 : 1;
            reordered += e.heldFor() > 0 ? 1 : 0;
            datagramsSent += e.copies();
            bytesSent += (long) e.copies() * e.sentSize();
        }
        return new LedgerTotals(received, forwarded, dropped, duplicated, truncated, corrupted, delayed, reordered,
                datagramsSent, bytesSent);
    }

    /**
     * Describes the ledger for a failure report: the seed and how to replay it, the totals per direction, and the
     * last entries.
     *
     * @param lastEntries how many of the last entries to list, at least 0
     * @return a multi-line text
     */
    public String report(int lastEntries) {
        StringBuilder out = new StringBuilder("seed ").append(seed).append(" (replay with -D")
                .append(UdpFaultProxy.SEED_PROPERTY).append('=').append(seed).append(" or .seed(").append(seed)
                .append("L))");
        for (Direction d : Direction.values()) {
            out.append('\n').append(d).append(": ").append(totals(d));
        }
        int from = Math.max(0, entries.size() - Math.max(0, lastEntries));
        if (from > 0) {
            out.append("\n... ").append(from).append(" earlier entries");
        }
        for (LedgerEntry e : entries.subList(from, entries.size())) {
            out.append("\n  ").append(e);
        }
        return out.toString();
    }
}
