package io.github.udpkit;

import java.util.OptionalLong;

/** Expected {@link ReceiverStats} for assertions, filled by name through the package-private {@code Counts}. */
final class TestStats {
    private final ReceiverStats.Counts counts = new ReceiverStats.Counts();

    private TestStats() {
    }

    static TestStats expect() {
        return new TestStats();
    }

    TestStats received(long n) {
        counts.received = n;
        return this;
    }

    TestStats bytes(long n) {
        counts.bytes = n;
        return this;
    }

    TestStats delivered(long n) {
        counts.delivered = n;
        return this;
    }

    TestStats truncated(long n) {
        counts.truncated = n;
        return this;
    }

    TestStats filtered(long n) {
        counts.filtered = n;
        return this;
    }

    TestStats listenerFailures(long n) {
        counts.listenerFailures = n;
        return this;
    }

    TestStats rejected(long n) {
        counts.rejected = n;
        return this;
    }

    TestStats overflowed(long n) {
        counts.overflowed = n;
        return this;
    }

    ReceiverStats kernelDrops(OptionalLong drops) {
        return counts.snapshot(drops);
    }
}
