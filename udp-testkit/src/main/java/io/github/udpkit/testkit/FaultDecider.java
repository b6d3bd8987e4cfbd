package io.github.udpkit.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Decides each datagram's fate from the seed, the direction, the datagram's sequence number and its size only: a
 * fresh random source per datagram, drawn in a fixed order, so no decision depends on timing or on earlier draws.
 */
final class FaultDecider {
    private FaultDecider() {
    }

    static LedgerEntry decide(long seed, Direction direction, long sequence, int client, int size, Faults f) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L
                + (direction.ordinal() + 1) * 0xBF58476D1CE4E5B9L + sequence * 0x94D049BB133111EBL);
        double uDrop = random.nextDouble();
        double uTruncate = random.nextDouble();
        double uCorrupt = random.nextDouble();
        double uDuplicate = random.nextDouble();
        double uDelay = random.nextDouble();
        double uReorder = random.nextDouble();

        LedgerEntry.Drop drop = LedgerEntry.Drop.NONE;
        if (sequence <= f.dropFirst) {
            drop = LedgerEntry.Drop.FIRST;
        } else if (f.dropEvery > 0 && sequence % f.dropEvery == 0) {
            drop = LedgerEntry.Drop.EVERY_NTH;
        } else if (uDrop < f.dropProbability) {
            drop = LedgerEntry.Drop.PROBABILITY;
        }
        if (drop != LedgerEntry.Drop.NONE) {
            return new LedgerEntry(direction, sequence, client, size, drop, 0, 0, List.of(), Duration.ZERO, 0);
        }
        int sentSize = f.truncateTo >= 0 && size > f.truncateTo && uTruncate < f.truncateProbability
                ? f.truncateTo : size;
        List<Integer> flipped = new ArrayList<>();
        if (uCorrupt < f.corruptProbability && sentSize > 0) {
            // Floyd's sampling: exactly `bits` draws give `bits` distinct positions out of sentSize * 8.
            int total = sentSize * 8;
            int bits = Math.min(f.corruptBits, total);
            Set<Integer> chosen = new HashSet<>();
            for (int j = total - bits; j < total; j++) {
                int t = random.nextInt(j + 1);
                int bit = chosen.add(t) ? t : j;
                chosen.add(bit);
                flipped.add(bit);
            }
        }
        int copies = uDuplicate < f.duplicateProbability ? 2 : 1;
        Duration delay = f.delay.plusNanos((long) (uDelay * f.jitter.toNanos()));
        int heldFor = uReorder < f.reorderProbability ? f.reorderWindow : 0;
        return new LedgerEntry(direction, sequence, client, size, drop, copies, sentSize, flipped, delay, heldFor);
    }

    /** Returns the bytes to send for a forwarded datagram: truncated and corrupted as the entry says. */
    static byte[] apply(byte[] payload, LedgerEntry entry) {
        byte[] out = Arrays.copyOf(payload, entry.sentSize());
        for (int bit : entry.flippedBits()) {
            out[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return out;
    }
}
