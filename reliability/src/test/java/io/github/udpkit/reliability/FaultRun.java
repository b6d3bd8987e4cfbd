package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.ReceiverStats;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.Faults;
import io.github.udpkit.testkit.LedgerEntry;
import io.github.udpkit.testkit.LedgerTotals;
import io.github.udpkit.testkit.UdpFaultProxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fault run: a sender talks to a {@link UdpReceiver} through a {@link UdpFaultProxy} with the given faults and
 * seed, while a rogue sender talks to the receiver directly and is filtered out. The receiver's listener throws on
 * every other datagram. At the end, the proxy's ledger and the receiver's stats must account for every datagram, and
 * the bytes received must be exactly what the ledger says the link delivered (truncated and bit-flipped as recorded).
 */
final class FaultRun {
    /** The receiver's limit: payloads are drawn from 16 to 600 bytes, so some are truncated by the receiver. */
    static final int MAX_DATAGRAM = 400;
    private static final int BATCH = 100;
    private static final Duration WAIT = Duration.ofSeconds(30);

    final long seed;
    final Faults faults;
    final int datagrams;
    final int rogueDatagrams;
    final InetSocketAddress bind;
    /** Whether the receiver uses the zero-copy {@code onDatagramView} listener instead of {@code onDatagram}. */
    boolean view;

    private final Queue<byte[]> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicLong listenerCalls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /** What the run observed, for the assertions and the figures. */
    record Outcome(ReceiverStats stats, LedgerTotals totals, List<LedgerEntry> entries, long listenerCalls) {
    }

    FaultRun(long seed, Faults faults, int datagrams, int rogueDatagrams) {
        this(seed, faults, datagrams, rogueDatagrams, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    FaultRun(long seed, Faults faults, int datagrams, int rogueDatagrams, InetSocketAddress bind) {
        this.bind = bind;
        this.seed = seed;
        this.faults = faults;
        this.datagrams = datagrams;
        this.rogueDatagrams = rogueDatagrams;
    }

    /** The payload the sender sends as its {@code index}-th datagram (0-based): derived from seed and index only. */
    static byte[] payload(long seed, int index) {
        SplittableRandom random = new SplittableRandom(seed * 31 + index);
        byte[] bytes = new byte[16 + random.nextInt(585)];
        random.nextBytes(bytes);
        ByteBuffer.wrap(bytes).putInt(index);
        return bytes;
    }

    /** Runs the traffic, waits until nothing is in flight, checks the accounting and returns what was seen. */
    Outcome runAndCheck() {
        UdpReceiver.Builder builder = UdpReceiver.builder();
        if (view) {
            builder.onDatagramView(v -> {
                arrived.add(v.payload());
                if (listenerCalls.incrementAndGet() % 2 == 0) {
                    throw new IllegalStateException("listener fails on every other datagram");
                }
            });
        } else {
            builder.onDatagram(d -> {
                arrived.add(d.payload());
                if (listenerCalls.incrementAndGet() % 2 == 0) {
                    throw new IllegalStateException("listener fails on every other datagram");
                }
            });
        }
        try (UdpReceiver receiver = builder
                .bind(bind)
                .maxDatagramSize(MAX_DATAGRAM)
                .receiveBufferSize(4 * 1024 * 1024)
                .onTruncated(d -> arrived.add(d.payload()))
                .onError(e -> errors.incrementAndGet())
                .acceptFrom(this::notRogue)
                .start();
             UdpFaultProxy proxy = UdpFaultProxy.builder()
                     .target(receiver.localAddress())
                     .seed(seed)
                     .toTarget(faults)
                     .start();
             UdpSender sender = UdpSender.builder().target(proxy.address()).connected(false).build();
             UdpSender rogue = UdpSender.builder().target(receiver.localAddress()).build()) {
            roguePort = rogue.localAddress().getPort();
            int rogueEvery = rogueDatagrams == 0 ? Integer.MAX_VALUE : Math.max(1, datagrams / rogueDatagrams);
            int rogueSent = 0;
            for (int i = 0; i < datagrams; i++) {
                sender.send(payload(seed, i));
                if (i % rogueEvery == 0 && rogueSent < rogueDatagrams) {
                    rogue.send("rogue " + rogueSent++);
                }
                if ((i + 1) % BATCH == 0) {
                    int sent = i + 1;
                    // pace: the proxy has read everything sent so far, so no socket on the way can overflow
                    await().atMost(WAIT).until(() -> proxy.ledger().entries().size() >= sent);
                }
            }
            int rogues = rogueSent;
            await().atMost(WAIT).until(() -> proxy.ledger().entries().size() == datagrams && proxy.inFlight() == 0);
            LedgerTotals totals = proxy.ledger().totals(Direction.TO_TARGET);
            long expectedReceived = totals.datagramsSent() + rogues;
            await().atMost(WAIT).until(() -> {
                ReceiverStats s = receiver.stats();
                return s.received() >= expectedReceived && s.inFlight() == 0;
            });
            ReceiverStats stats = receiver.stats();
            List<LedgerEntry> entries = proxy.ledger().entries(Direction.TO_TARGET);
            String context = "seed " + seed + ", " + faults + "\n" + proxy.report() + "\n" + stats;

            assertThat(receiver.isOpen()).as("the receiver keeps running; " + context).isTrue();
            assertThat(proxy.errors()).as(context).isEmpty();
            assertThat(stats.kernelDrops()).as("kernel drops are readable on Linux; " + context).isPresent();
            assertThat(stats.kernelDrops().getAsLong()).as("kernel drops; " + context).isZero();
            assertThat(totals.received()).as(context).isEqualTo(datagrams);
            // the equation: nothing unaccounted
            assertThat(stats.received()).as("received == link delivered + rogue; " + context)
                    .isEqualTo(expectedReceived);
            assertThat(stats.delivered() + stats.truncated() + stats.filtered() + stats.listenerFailures()
                    + stats.rejected() + stats.overflowed()).as("outcomes; " + context).isEqualTo(stats.received());
            assertThat(stats.filtered()).as(context).isEqualTo(rogues);
            assertThat(stats.rejected()).as(context).isZero();
            assertThat(stats.overflowed()).as(context).isZero();
            assertThat(stats.receiveErrors()).as(context).isZero();

            long overLimit = 0;
            long bytes = 0;
            Map<ByteBuffer, Integer> expected = new HashMap<>();
            for (LedgerEntry e : entries) {
                if (e.dropped()) {
                    continue;
                }
                byte[] onWire = wire(e);
                boolean cut = onWire.length > MAX_DATAGRAM;
                byte[] kept = cut ? java.util.Arrays.copyOf(onWire, MAX_DATAGRAM) : onWire;
                overLimit += cut ? e.copies() : 0;
                bytes += (long) e.copies() * kept.length;
                expected.merge(ByteBuffer.wrap(kept), e.copies(), Integer::sum);
            }
            long rogueBytes = 0;
            for (int r = 0; r < rogues; r++) {
                rogueBytes += ("rogue " + r).length();
            }
            assertThat(stats.truncated()).as(context).isEqualTo(overLimit);
            assertThat(stats.delivered() + stats.listenerFailures()).as(context)
                    .isEqualTo(totals.datagramsSent() - overLimit);
            assertThat(stats.listenerFailures()).as(context).isEqualTo(listenerCalls.get() / 2);
            assertThat(errors.get()).as("each listener failure reported once; " + context)
                    .isEqualTo(stats.listenerFailures());
            assertThat(stats.bytes()).as(context).isEqualTo(bytes + rogueBytes);

            Map<ByteBuffer, Integer> actual = new HashMap<>();
            for (byte[] p : arrived) {
                actual.merge(ByteBuffer.wrap(p), 1, Integer::sum);
            }
            assertThat(actual).as("every payload the link delivered arrived, byte for byte, and nothing else; "
                    + context).isEqualTo(expected);
            return new Outcome(stats, totals, entries, listenerCalls.get());
        }
    }

    private volatile int roguePort = -1;

    private boolean notRogue(InetSocketAddress from) {
        return from.getPort() != roguePort;
    }

    /** The bytes the proxy put on the wire for an entry: the sender's payload, truncated and bit-flipped. */
    private byte[] wire(LedgerEntry e) {
        byte[] out = java.util.Arrays.copyOf(payload(seed, (int) (e.sequence() - 1)), e.sentSize());
        for (int bit : e.flippedBits()) {
            out[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return out;
    }
}
