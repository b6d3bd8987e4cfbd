package io.github.udpkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
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

    /**
     * Waits until {@code receiver} has read exactly {@code received} datagrams and counted every outcome, and returns
     * that snapshot. An outcome is counted after its listener returns, so a test that learnt of the last datagram
     * from its listener must wait for this before it asserts on outcomes.
     */
    static ReceiverStats settled(UdpReceiver receiver, long received) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.stats().received() == received && receiver.stats().inFlight() == 0);
        return receiver.stats();
    }
}
