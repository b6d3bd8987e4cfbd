package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpBindException;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.Faults;
import io.github.udpkit.testkit.Ledger;
import io.github.udpkit.testkit.LedgerEntry;
import io.github.udpkit.testkit.LedgerTotals;
import io.github.udpkit.testkit.Payload;
import io.github.udpkit.testkit.UdpAssertions;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpPeer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The matrix rows of udp-testkit ({@code io.github.udpkit.testkit}). */
final class TestkitMatrix {
    private static final Duration WAIT = ApiMatrix.WAIT;
    private static final Duration SHORT = Duration.ofMillis(100);

    private TestkitMatrix() {
    }

    static void addTo(Matrix m) {
        faults(m);
        ledger(m);
        peer(m);
        proxy(m);
        assertions(m);
        junit(m);
        LinkMatrix.addTo(m);
    }

    /** Runs a fixture class through the JUnit engine and returns what failed, containers and tests alike. */
    static List<Throwable> failures(Class<?> fixture) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
                .execute();
        return results.allEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .toList();
    }

    static long succeeded(Class<?> fixture) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
                .execute();
        assertThat(results.allEvents().failed().stream().map(Event::toString).toList()).isEmpty();
        return results.testEvents().succeeded().count();
    }

    private static void faults(Matrix m) {
        String f = "Faults#";
        m.holds(f + "none()", "a perfect link, the same value each call", () -> {
            assertThat(Faults.none()).isSameAs(Faults.none());
            assertThat(Faults.none()).hasToString("Faults[none]");
        });
        for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
            m.rejects(f + "dropProbability(double)", "out of range: " + bad,
                    () -> Faults.none().dropProbability(bad), IllegalArgumentException.class,
                    "dropProbability must be between 0.0 and 1.0, was " + bad);
        }
        m.rejects(f + "dropEvery(int)", "zero", () -> Faults.none().dropEvery(0), IllegalArgumentException.class,
                "dropEvery must be at least 1, was 0");
        m.rejects(f + "dropFirst(int)", "negative", () -> Faults.none().dropFirst(-1),
                IllegalArgumentException.class, "dropFirst must be at least 0, was -1");
        m.rejects(f + "duplicateProbability(double)", "over 1", () -> Faults.none().duplicateProbability(2),
                IllegalArgumentException.class, "duplicateProbability must be between 0.0 and 1.0, was 2.0");
        m.rejects(f + "reorder(double,int)", "window 0", () -> Faults.none().reorder(0.5, 0),
                IllegalArgumentException.class, "window must be at least 1, was 0");
        m.rejects(f + "reorder(double,int)", "negative probability", () -> Faults.none().reorder(-1, 2),
                IllegalArgumentException.class, "reorderProbability must be between 0.0 and 1.0, was -1.0");
        m.rejects(f + "reorder(double,int,Duration)", "null maxHold", () -> Faults.none().reorder(0.5, 2, null),
                NullPointerException.class, "maxHold must not be null");
        m.rejects(f + "reorder(double,int,Duration)", "zero maxHold",
                () -> Faults.none().reorder(0.5, 2, Duration.ZERO), IllegalArgumentException.class,
                "maxHold must be positive, was PT0S");
        m.rejects(f + "delay(Duration)", "null", () -> Faults.none().delay(null), NullPointerException.class,
                "delay must not be null");
        m.rejects(f + "delay(Duration)", "negative", () -> Faults.none().delay(Duration.ofMillis(-1)),
                IllegalArgumentException.class, "delay must not be negative, was PT-0.001S");
        m.rejects(f + "delay(Duration)", "Long.MAX_VALUE / 2 seconds (overflowed the proxy's clock before)",
                () -> Faults.none().delay(Duration.ofSeconds(Long.MAX_VALUE / 2)), IllegalArgumentException.class,
                "delay must be at most PT1H, was " + Duration.ofSeconds(Long.MAX_VALUE / 2));
        m.rejects(f + "delay(Duration,Duration)", "jitter over an hour",
                () -> Faults.none().delay(Duration.ZERO, Duration.ofSeconds(Long.MAX_VALUE)),
                IllegalArgumentException.class, "jitter must be at most PT1H, was PT2562047788015215H30M7S");
        m.rejects(f + "reorder(double,int,Duration)", "maxHold over an hour",
                () -> Faults.none().reorder(0.5, 2, Duration.ofHours(2)), IllegalArgumentException.class,
                "maxHold must be at most PT1H, was PT2H");
        m.rejects(f + "delay(Duration,Duration)", "null jitter", () -> Faults.none().delay(Duration.ZERO, null),
                NullPointerException.class, "jitter must not be null");
        m.rejects(f + "delay(Duration,Duration)", "negative jitter",
                () -> Faults.none().delay(Duration.ZERO, Duration.ofSeconds(-1)), IllegalArgumentException.class,
                "jitter must not be negative, was PT-1S");
        m.rejects(f + "truncate(int)", "negative", () -> Faults.none().truncate(-1), IllegalArgumentException.class,
                "truncate bytes must be at least 0, was -1");
        m.rejects(f + "truncate(int,double)", "probability over 1", () -> Faults.none().truncate(1, 1.01),
                IllegalArgumentException.class, "truncateProbability must be between 0.0 and 1.0, was 1.01");
        m.rejects(f + "corruptProbability(double)", "NaN", () -> Faults.none().corruptProbability(Double.NaN),
                IllegalArgumentException.class, "corruptProbability must be between 0.0 and 1.0, was NaN");
        m.rejects(f + "corrupt(double,int)", "zero bits", () -> Faults.none().corrupt(0.5, 0),
                IllegalArgumentException.class, "bits must be at least 1, was 0");
        m.holds(f + "corrupt(double,int)", "immutable: each setter returns a new value", () -> {
            Faults base = Faults.none();
            Faults changed = base.corrupt(1.0, 2);
            assertThat(base).hasToString("Faults[none]");
            assertThat(changed).hasToString("Faults[corrupt=2bits@1.0]");
        });
    }

    private static void ledger(Matrix m) {
        LedgerEntry sent = new LedgerEntry(Direction.TO_TARGET, 1, 1, 10, LedgerEntry.Drop.NONE, 2, 4, List.of(3),
                Duration.ofMillis(5), 1);
        LedgerEntry dropped = new LedgerEntry(Direction.TO_TARGET, 2, 1, 10, LedgerEntry.Drop.PROBABILITY, 0, 0,
                List.of(), Duration.ZERO, 0);
        m.rejects("Ledger#<init>(long,List)", "null entries", () -> new Ledger(1, null),
                NullPointerException.class, "entries must not be null");
        m.holds("Ledger#<init>(long,List)", "a null entry", () -> assertThatThrownBy(() -> new Ledger(1,
                java.util.Arrays.asList(sent, null))).isExactlyInstanceOf(NullPointerException.class));
        Ledger ledger = new Ledger(7, List.of(sent, dropped));
        m.rejects("Ledger#entries(Direction)", "null", () -> ledger.entries(null), NullPointerException.class,
                "direction must not be null");
        m.holds("Ledger#entries(Direction)", "per direction", () -> {
            assertThat(ledger.entries(Direction.TO_TARGET)).containsExactly(sent, dropped);
            assertThat(ledger.entries(Direction.TO_CLIENT)).isEmpty();
        });
        m.rejects("Ledger#totals(Direction)", "null", () -> ledger.totals(null), NullPointerException.class,
                "direction must not be null");
        m.holds("Ledger#totals(Direction)", "exact counts", () -> assertThat(ledger.totals(Direction.TO_TARGET))
                .isEqualTo(new LedgerTotals(2, 1, 1, 1, 1, 1, 1, 1, 2, 8)));
        m.holds("Ledger#report(int)", "negative count lists no entries, never throws", () ->
                assertThat(ledger.report(-5)).startsWith("seed 7 (replay with -Dudpkit.seed=7 or .seed(7L))")
                        .contains("... 2 earlier entries"));
        m.rejects("LedgerEntry#<init>(Direction,long,int,int,Drop,int,int,List,Duration,int)", "null direction",
                () -> new LedgerEntry(null, 1, 1, 1, LedgerEntry.Drop.NONE, 1, 1, List.of(), Duration.ZERO, 0),
                NullPointerException.class, "direction must not be null");
        m.rejects("LedgerEntry#<init>(Direction,long,int,int,Drop,int,int,List,Duration,int)", "null drop",
                () -> new LedgerEntry(Direction.TO_CLIENT, 1, 1, 1, null, 1, 1, List.of(), Duration.ZERO, 0),
                NullPointerException.class, "drop must not be null");
        m.rejects("LedgerEntry#<init>(Direction,long,int,int,Drop,int,int,List,Duration,int)", "null flippedBits",
                () -> new LedgerEntry(Direction.TO_CLIENT, 1, 1, 1, LedgerEntry.Drop.NONE, 1, 1, null,
                        Duration.ZERO, 0), NullPointerException.class, "flippedBits must not be null");
        m.rejects("LedgerEntry#<init>(Direction,long,int,int,Drop,int,int,List,Duration,int)", "null delay",
                () -> new LedgerEntry(Direction.TO_CLIENT, 1, 1, 1, LedgerEntry.Drop.NONE, 1, 1, List.of(), null, 0),
                NullPointerException.class, "delay must not be null");
        m.rejects("LedgerEntry#<init>(Direction,long,int,int,Drop,int,int,List,Duration,int)", "negative delay",
                () -> new LedgerEntry(Direction.TO_TARGET, 1, 1, 1, LedgerEntry.Drop.NONE, 1, 1, List.of(),
                        Duration.ofSeconds(-1), 0), IllegalArgumentException.class,
                "delay must not be negative, was PT-1S");
        m.holds("LedgerEntry#dropped()", "by drop reason", () -> {
            assertThat(sent.dropped()).isFalse();
            assertThat(dropped.dropped()).isTrue();
        });
        m.holds("LedgerEntry#truncated()", "sent shorter than received; never for a drop", () -> {
            assertThat(sent.truncated()).isTrue();
            assertThat(dropped.truncated()).isFalse();
        });
        m.holds("LedgerEntry#corrupted()", "bits flipped", () -> {
            assertThat(sent.corrupted()).isTrue();
            assertThat(dropped.corrupted()).isFalse();
        });
        m.holds("LedgerTotals#<init>(long,long,long,long,long,long,long,long,long,long)", "plain value", () ->
                assertThat(new LedgerTotals(1, 2, 3, 4, 5, 6, 7, 8, 9, 10).bytesSent()).isEqualTo(10));
        m.holds("LedgerTotals#dropRate()", "0.0 with nothing received, never NaN", () -> {
            assertThat(new LedgerTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0).dropRate()).isZero();
            assertThat(new LedgerTotals(4, 3, 1, 0, 0, 0, 0, 0, 3, 0).dropRate()).isEqualTo(0.25);
        });
        m.rejects("Payload#<init>(byte[],boolean,long)", "null bytes", () -> new Payload(null, false, 1),
                NullPointerException.class, "bytes must not be null");
        Payload payload = new Payload(new byte[] {1, 2}, true, 99);
        m.holds("Payload#bytes()", "a copy each call", () -> {
            payload.bytes()[0] = 7;
            assertThat(payload.bytes()).containsExactly(1, 2);
        });
        m.holds("Payload#size()", "as given", () -> assertThat(payload.size()).isEqualTo(2));
        m.holds("Payload#edge()", "as given", () -> assertThat(payload.edge()).isTrue());
        m.holds("Payload#seed()", "as given", () -> assertThat(payload.seed()).isEqualTo(99));
    }

    private static void peer(Matrix m) {
        String b = "UdpPeer.Builder#";
        String p = "UdpPeer#";
        m.holds("UdpPeer#start()", "defaults: IPv4 loopback, ephemeral port", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                assertThat(peer.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                assertThat(peer.port()).isPositive();
            }
        });
        m.holds("UdpPeer#builder()", "a new builder each call", () ->
                assertThat(UdpPeer.builder()).isNotSameAs(UdpPeer.builder()));
        m.holds(b + "ipv6()", "listens on ::1", () -> {
            try (UdpPeer peer = UdpPeer.builder().ipv6().start()) {
                assertThat(peer.address().getAddress()).isEqualTo(ApiMatrix.ip("::1"));
            }
        });
        m.rejects(b + "port(int)", "negative", () -> UdpPeer.builder().port(-1), IllegalArgumentException.class,
                "port must be between 0 and 65535, was -1");
        m.rejects(b + "port(int)", "too large", () -> UdpPeer.builder().port(65_536), IllegalArgumentException.class,
                "port must be between 0 and 65535, was 65536");
        m.holds(b + "port(int)", "a port already taken: UdpBindException naming it", () -> {
            try (UdpPeer first = UdpPeer.start()) {
                UdpPeer.Builder second = UdpPeer.builder().port(first.port());
                assertThatThrownBy(second::start).isExactlyInstanceOf(UdpBindException.class)
                        .hasMessageStartingWith("cannot bind UDP socket to localhost/127.0.0.1:" + first.port()
                                + ": ");
            }
        });
        m.rejects(b + "maxDatagramSize(int)", "zero", () -> UdpPeer.builder().maxDatagramSize(0),
                IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was 0");
        m.rejects(b + "maxDatagramSize(int)", "too large", () -> UdpPeer.builder().maxDatagramSize(65_528),
                IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was 65528");
        m.holds(b + "echo()", "answers with the same bytes", () -> {
            try (UdpPeer peer = UdpPeer.builder().echo().start();
                 UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                s.send("same");
                assertThat(s.receive(WAIT).orElseThrow().text()).isEqualTo("same");
            }
        });
        m.holds(b + "start()", "twice on one builder: two peers", () -> {
            UdpPeer.Builder builder = UdpPeer.builder();
            try (UdpPeer one = builder.start(); UdpPeer two = builder.start()) {
                assertThat(one.port()).isNotEqualTo(two.port());
            }
        });
        m.holds(p + "address()", "kept after close", () -> {
            UdpPeer peer = UdpPeer.start();
            InetSocketAddress a = peer.address();
            peer.close();
            assertThat(peer.address()).isEqualTo(a);
        });
        m.holds(p + "port()", "the address's port", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                assertThat(peer.port()).isEqualTo(peer.address().getPort());
            }
        });
        m.holds(p + "maxDatagramSize()", "as configured", () -> {
            try (UdpPeer peer = UdpPeer.builder().maxDatagramSize(5).start()) {
                assertThat(peer.maxDatagramSize()).isEqualTo(5);
            }
        });
        m.holds(p + "take(Duration)", "Duration.ofSeconds(Long.MAX_VALUE) waits forever, no overflow", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                s.send("f");
                assertThat(peer.take(Duration.ofSeconds(Long.MAX_VALUE)).text()).isEqualTo("f");
                s.send("g");
                assertThat(peer.take(1, Duration.ofSeconds(Long.MAX_VALUE))).hasSize(1);
            }
        });
        m.holds(p + "take(Duration)", "null, zero; nothing arrives: AssertionError naming the peer and the wait",
                () -> {
                    try (UdpPeer peer = UdpPeer.start()) {
                        assertThatThrownBy(() -> peer.take(null)).isExactlyInstanceOf(NullPointerException.class)
                                .hasMessage("timeout must not be null");
                        assertThatThrownBy(() -> peer.take(Duration.ZERO))
                                .isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessage("timeout must be positive, was PT0S");
                        assertThatThrownBy(() -> peer.take(SHORT)).isExactlyInstanceOf(AssertionError.class)
                                .hasMessage(peer + ": nothing received within 100 ms\njournal: empty");
                    }
                });
        m.holds(p + "take(int,Duration)", "count 0; too few arrive", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                assertThatThrownBy(() -> peer.take(0, SHORT)).isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("count must be at least 1, was 0");
                s.send("one");
                assertThatThrownBy(() -> peer.take(2, Duration.ofMillis(300)))
                        .isExactlyInstanceOf(AssertionError.class)
                        .hasMessageStartingWith(peer + ": expected 2 datagrams within 300 ms, received 1\n");
            }
        });
        m.holds(p + "expectNothing(Duration)", "negative wait; something arrives", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                assertThatThrownBy(() -> peer.expectNothing(Duration.ofMillis(-1)))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("wait must be positive, was PT-0.001S");
                s.send("surprise");
                assertThatThrownBy(() -> peer.expectNothing(WAIT)).isExactlyInstanceOf(AssertionError.class)
                        .hasMessageStartingWith(peer + ": expected nothing within 10000 ms, received 1 datagram:\n");
            }
        });
        m.holds(p + "journal()", "immutable snapshot, readable after close", () -> {
            UdpPeer peer = UdpPeer.start();
            try (UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                s.send("j");
                peer.take(WAIT);
            }
            peer.close();
            assertThat(peer.journal()).hasSize(1);
            assertThatThrownBy(() -> peer.journal().clear()).isInstanceOf(UnsupportedOperationException.class);
        });
        m.holds(p + "receivedCount()", "counts arrivals, taken or not", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                s.send("a");
                s.send("b");
                peer.take(2, WAIT);
                assertThat(peer.receivedCount()).isEqualTo(2);
            }
        });
        m.holds(p + "errors()", "a reply function that throws is kept, the peer goes on", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                peer.replyWith(d -> {
                    throw new IllegalStateException("reply failed");
                });
                s.send("a");
                peer.take(WAIT);
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> peer.errors().size() == 1);
                assertThat(peer.errors().get(0)).hasMessage("reply failed");
                s.send("b");
                assertThat(peer.take(WAIT).text()).isEqualTo("b");
            }
        });
        m.holds(p + "startedAt()", "not in the future", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                assertThat(peer.startedAt()).isBeforeOrEqualTo(Instant.now());
            }
        });
        m.holds(p + "sendTo(InetSocketAddress,byte[])", "null to, null payload, closed", () -> {
            try (UdpPeer target = UdpPeer.start()) {
                UdpPeer peer = UdpPeer.start();
                assertThatThrownBy(() -> peer.sendTo(null, new byte[1]))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("to must not be null");
                assertThatThrownBy(() -> peer.sendTo(target.address(), (byte[]) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                peer.close();
                assertThatThrownBy(() -> peer.sendTo(target.address(), new byte[1]))
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage(peer + " is closed; cannot send to " + target.address());
            }
        });
        m.holds(p + "sendTo(InetSocketAddress,String)", "null text", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                assertThatThrownBy(() -> peer.sendTo(peer.address(), (String) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("text must not be null");
            }
        });
        m.holds(p + "echo()", "switches echo on later", () -> {
            try (UdpPeer peer = UdpPeer.start().echo();
                 UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                s.send("e");
                assertThat(s.receive(WAIT).orElseThrow().text()).isEqualTo("e");
            }
        });
        m.holds(p + "replyWith(Function)", "null; null result sends nothing", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                assertThatThrownBy(() -> peer.replyWith(null)).isExactlyInstanceOf(NullPointerException.class)
                        .hasMessage("function must not be null");
                Function<Datagram, byte[]> silent = d -> null;
                peer.replyWith(silent);
                s.send("q");
                peer.take(WAIT);
                assertThat(s.receive(SHORT)).isEmpty();
            }
        });
        m.holds(p + "enqueueReply(byte[])", "null; a scripted reply is copied", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                assertThatThrownBy(() -> peer.enqueueReply((byte[]) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                byte[] reply = {1};
                peer.enqueueReply(reply);
                reply[0] = 2;
                s.send("q");
                assertThat(s.receive(WAIT).orElseThrow().payload()).containsExactly(1);
            }
        });
        m.holds(p + "enqueueReply(String)", "null", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                assertThatThrownBy(() -> peer.enqueueReply((String) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("text must not be null");
            }
        });
        m.holds(p + "noReplies()", "clears echo and script", () -> {
            try (UdpPeer peer = UdpPeer.builder().echo().start().enqueueReply("x").noReplies();
                 UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                s.send("q");
                peer.take(WAIT);
                assertThat(s.receive(SHORT)).isEmpty();
            }
        });
        m.holds(p + "journalReport()", "payloads capped at 64 bytes, escaped", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                s.send("A".repeat(1_000));
                peer.take(WAIT);
                assertThat(peer.journalReport()).doesNotContain("A".repeat(65)).contains("1000 bytes");
            }
        });
        m.holds(p + "isOpen()", "false after close", () -> {
            UdpPeer peer = UdpPeer.start();
            peer.close();
            assertThat(peer.isOpen()).isFalse();
        });
        m.holds(p + "close()", "twice; the thread ends", () -> {
            UdpPeer peer = UdpPeer.start();
            peer.close();
            peer.close();
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> Resources.udpkitThreads().stream()
                    .noneMatch(n -> n.equals("udpkit-peer-" + peer.address())));
        });
    }

    private static void proxy(Matrix m) {
        String b = "UdpFaultProxy.Builder#";
        String p = "UdpFaultProxy#";
        m.holds("UdpFaultProxy#builder()", "a new builder each call", () ->
                assertThat(UdpFaultProxy.builder()).isNotSameAs(UdpFaultProxy.builder()));
        m.rejects(b + "target(InetSocketAddress)", "null", () -> UdpFaultProxy.builder().target(null),
                NullPointerException.class, "target must not be null");
        m.rejects(b + "target(InetSocketAddress)", "unresolved",
                () -> UdpFaultProxy.builder().target(ApiMatrix.UNRESOLVED), IllegalArgumentException.class,
                "target must be a resolved address, was " + ApiMatrix.UNRESOLVED);
        m.rejects(b + "target(InetSocketAddress)", "port 0",
                () -> UdpFaultProxy.builder().target(new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 0)),
                IllegalArgumentException.class, "target port must be between 1 and 65535, was 0");
        m.holds(b + "seed(long)", "fixed seed is reported", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).seed(-3).start()) {
                assertThat(proxy.seed()).isEqualTo(-3);
                assertThat(proxy.ledger().seed()).isEqualTo(-3);
            }
        });
        m.rejects(b + "toTarget(Faults)", "null", () -> UdpFaultProxy.builder().toTarget(null),
                NullPointerException.class, "faults must not be null");
        m.rejects(b + "toClient(Faults)", "null", () -> UdpFaultProxy.builder().toClient(null),
                NullPointerException.class, "faults must not be null");
        m.rejects(b + "bothWays(Faults)", "null", () -> UdpFaultProxy.builder().bothWays(null),
                NullPointerException.class, "faults must not be null");
        m.rejects(b + "start()", "no target", () -> UdpFaultProxy.builder().start(), IllegalStateException.class,
                "a proxy needs a target; call target(...) first");
        m.holds(b + "start()", "listens on loopback of the target's family", () -> {
            try (UdpPeer peer6 = UdpPeer.builder().ipv6().start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer6.address()).start()) {
                assertThat(proxy.address().getAddress()).isEqualTo(ApiMatrix.ip("::1"));
            }
        });
        m.holds(p + "address()", "differs from the target", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).start()) {
                assertThat(proxy.address()).isNotEqualTo(peer.address());
                assertThat(proxy.target()).isEqualTo(peer.address());
            }
        });
        m.holds(p + "target()", "as built", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).start()) {
                assertThat(proxy.target()).isEqualTo(peer.address());
            }
        });
        m.holds(p + "seed()", "as built", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).seed(5).start()) {
                assertThat(proxy.seed()).isEqualTo(5);
            }
        });
        m.holds(p + "ledger()", "readable after close; dropEvery(1) drops everything", () -> {
            UdpFaultProxy proxy;
            try (UdpPeer peer = UdpPeer.start()) {
                proxy = UdpFaultProxy.builder().target(peer.address()).toTarget(Faults.none().dropEvery(1)).start();
                try (UdpSender s = UdpSender.builder().target(proxy.address()).build()) {
                    s.send("gone");
                    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> proxy.ledger().entries().size() == 1);
                    peer.expectNothing(SHORT);
                }
                proxy.close();
            }
            assertThat(proxy.ledger().totals(Direction.TO_TARGET).dropped()).isEqualTo(1);
        });
        m.holds(p + "inFlight()", "0 when idle", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).start()) {
                assertThat(proxy.inFlight()).isZero();
            }
        });
        m.holds(p + "errors()", "empty in a clean run, immutable", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).start()) {
                assertThat(proxy.errors()).isEmpty();
                assertThatThrownBy(() -> proxy.errors().add(new Throwable()))
                        .isInstanceOf(UnsupportedOperationException.class);
            }
        });
        m.holds(p + "report()", "names the seed and how to replay it", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).seed(11).start()) {
                assertThat(proxy.report()).startsWith(proxy.toString())
                        .contains("seed 11 (replay with -Dudpkit.seed=11 or .seed(11L))");
            }
        });
        m.holds(p + "close()", "twice; both threads end", () -> {
            UdpFaultProxy proxy;
            try (UdpPeer peer = UdpPeer.start()) {
                proxy = UdpFaultProxy.builder().target(peer.address()).start();
                proxy.close();
                proxy.close();
            }
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> Resources.udpkitThreads().stream()
                    .noneMatch(n -> n.startsWith("udpkit-proxy-" + proxy.address())));
        });
    }

    private static void assertions(Matrix m) {
        Datagram d = new Datagram(new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 4000),
                "hello".getBytes(StandardCharsets.UTF_8), Instant.EPOCH, false);
        String da = "DatagramAssert#";
        m.holds("UdpAssertions#assertThat(Datagram)", "null datagram fails as an assertion", () ->
                assertThatThrownBy(() -> UdpAssertions.assertThat((Datagram) null).hasText("x"))
                        .isInstanceOf(AssertionError.class));
        m.holds("UdpAssertions#assertThat(UdpPeer)", "null peer fails as an assertion", () ->
                assertThatThrownBy(() -> UdpAssertions.assertThat((UdpPeer) null).hasReceivedCount(0))
                        .isInstanceOf(AssertionError.class));
        m.holds(da + "hasPayload(byte[])", "null expected; a difference names the byte", () -> {
            assertThatThrownBy(() -> UdpAssertions.assertThat(d).hasPayload(null))
                    .isExactlyInstanceOf(NullPointerException.class).hasMessage("expected must not be null");
            assertThatThrownBy(() -> UdpAssertions.assertThat(d).hasPayload("help".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("first difference at byte 3");
        });
        m.holds(da + "hasText(String)", "null expected; a different text", () -> {
            assertThatThrownBy(() -> UdpAssertions.assertThat(d).hasText(null))
                    .isExactlyInstanceOf(NullPointerException.class).hasMessage("expected must not be null");
            assertThatThrownBy(() -> UdpAssertions.assertThat(d).hasText("bye"))
                    .isInstanceOf(AssertionError.class).hasMessageContainingAll("bye", "hello");
        });
        m.holds(da + "hasLength(int)", "a negative length never matches", () -> assertThatThrownBy(
                () -> UdpAssertions.assertThat(d).hasLength(-1)).isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("-1", "5"));
        m.holds(da + "isFrom(InetSocketAddress)", "null expected; another sender", () -> {
            assertThatThrownBy(() -> UdpAssertions.assertThat(d).isFrom(null))
                    .isExactlyInstanceOf(NullPointerException.class).hasMessage("expected must not be null");
            assertThatThrownBy(() -> UdpAssertions.assertThat(d).isFrom(ApiMatrix.UNRESOLVED))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("127.0.0.1:4000");
        });
        m.holds(da + "isTruncated()", "a complete datagram fails", () -> assertThatThrownBy(
                () -> UdpAssertions.assertThat(d).isTruncated()).isInstanceOf(AssertionError.class));
        m.holds(da + "isNotTruncated()", "a complete datagram passes", () ->
                UdpAssertions.assertThat(d).isNotTruncated());
        String pa = "UdpPeerAssert#";
        m.holds(pa + "receivedWithin(Duration)", "nothing arrives: the peer's own message", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                assertThatThrownBy(() -> UdpAssertions.assertThat(peer).receivedWithin(SHORT))
                        .isInstanceOf(AssertionError.class)
                        .hasMessage(peer + ": nothing received within 100 ms\njournal: empty");
            }
        });
        m.holds(pa + "receivedNothingFor(Duration)", "zero wait", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                assertThatThrownBy(() -> UdpAssertions.assertThat(peer).receivedNothingFor(Duration.ZERO))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("wait must be positive, was PT0S");
            }
        });
        m.holds(pa + "receivedInOrder(Duration,String[])", "null array; null element", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                assertThatThrownBy(() -> UdpAssertions.assertThat(peer).receivedInOrder(SHORT, (String[]) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("expected must not be null");
                assertThatThrownBy(() -> UdpAssertions.assertThat(peer).receivedInOrder(SHORT, "a", null))
                        .isExactlyInstanceOf(NullPointerException.class)
                        .hasMessage("expected texts must not be null");
            }
        });
        m.holds(pa + "receivedPayloadsInOrder(Duration,byte[][])", "empty", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                assertThatThrownBy(() -> UdpAssertions.assertThat(peer).receivedPayloadsInOrder(SHORT))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("expected must name at least one payload, was empty");
            }
        });
        m.holds(pa + "hasReceivedCount(int)", "a wrong count fails naming both", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                assertThatThrownBy(() -> UdpAssertions.assertThat(peer).hasReceivedCount(3))
                        .isInstanceOf(AssertionError.class).hasMessageContainingAll("3", "0");
            }
        });
    }

    private static void junit(Matrix m) {
        m.holds("UdpPeerOptions#maxDatagramSize()", "0: the test fails naming the option and the value", () ->
                assertThat(failures(MatrixFixtures.PeerOptionsZeroSize.class)).singleElement()
                        .satisfies(t -> assertThat(t).isExactlyInstanceOf(ParameterResolutionException.class)
                                .hasMessageEndingWith(": maxDatagramSize must be between 1 and 65527, was 0")
                                .cause().isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessage("maxDatagramSize must be between 1 and 65527, was 0")));
        m.holds("UdpPeerOptions#ipv6()", "true: an IPv6 peer is injected", () ->
                assertThat(succeeded(MatrixFixtures.PeerOptionsIpv6.class)).isEqualTo(1));
        m.holds("UdpPeerOptions#echo()", "true: the injected peer echoes", () ->
                assertThat(succeeded(MatrixFixtures.PeerOptionsEcho.class)).isEqualTo(1));
        m.holds("UdpPeerExtension#<init>()", "used through @RegisterExtension", () ->
                assertThat(succeeded(MatrixFixtures.Registered.class)).isEqualTo(1));
        m.holds("UdpPeerExtension#supportsParameter(ParameterContext,ExtensionContext)",
                "an unsupported parameter type is left to JUnit, which says no resolver exists", () ->
                        assertThat(failures(MatrixFixtures.UnsupportedParameter.class)).singleElement()
                                .satisfies(t -> assertThat(t.getMessage()).contains("No ParameterResolver registered "
                                        + "for parameter [java.lang.String")));
        m.holds("UdpPeerExtension#resolveParameter(ParameterContext,ExtensionContext)",
                "a peer and a proxy builder are injected and closed after the test", () -> {
                    assertThat(succeeded(MatrixFixtures.PeerAndProxy.class)).isEqualTo(1);
                    assertThat(MatrixFixtures.PeerAndProxy.PEER.get().isOpen()).isFalse();
                });
        m.holds("UdpPeerExtension#handleTestExecutionException(ExtensionContext,Throwable)",
                "the failure keeps its type and message and carries the journal", () ->
                        assertThat(failures(MatrixFixtures.FailingTest.class)).singleElement().satisfies(t -> {
                            assertThat(t).isExactlyInstanceOf(AssertionError.class).hasMessage("test failed");
                            assertThat(t.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                                    .asString().contains("journal: empty");
                        }));
        m.holds("UdpPeerExtension#handleBeforeEachMethodExecutionException(ExtensionContext,Throwable)",
                "a failing @BeforeEach keeps its exception and carries the journal", () ->
                        assertThat(failures(MatrixFixtures.FailingBeforeEach.class)).singleElement().satisfies(t -> {
                            assertThat(t).isExactlyInstanceOf(IllegalStateException.class)
                                    .hasMessage("before each failed");
                            assertThat(t.getSuppressed()).hasSize(1);
                        }));
        m.holds("UdpPeerExtension#handleAfterEachMethodExecutionException(ExtensionContext,Throwable)",
                "a failing @AfterEach keeps its exception and carries the journal", () ->
                        assertThat(failures(MatrixFixtures.FailingAfterEach.class)).singleElement().satisfies(t -> {
                            assertThat(t).isExactlyInstanceOf(IllegalStateException.class)
                                    .hasMessage("after each failed");
                            assertThat(t.getSuppressed()).hasSize(1);
                        }));
        m.holds("RandomPayloads#maxSize()", "0", () -> assertThat(failures(MatrixFixtures.PayloadsZeroMax.class))
                .singleElement().satisfies(t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("@RandomPayloads maxSize must be at least 1, was 0")));
        m.holds("RandomPayloads#minSize()", "above maxSize", () ->
                assertThat(failures(MatrixFixtures.PayloadsMinAboveMax.class)).singleElement()
                        .satisfies(t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessage("@RandomPayloads minSize must be between 0 and maxSize (10), was 11")));
        m.holds("RandomPayloads#samples()", "0", () -> assertThat(failures(MatrixFixtures.PayloadsZeroSamples.class))
                .singleElement().satisfies(t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("@RandomPayloads samples must be at least 1, was 0")));
        m.holds("RandomPayloads#largestSize()", "not above maxSize", () ->
                assertThat(failures(MatrixFixtures.PayloadsLargestTooSmall.class)).singleElement()
                        .satisfies(t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessage("@RandomPayloads largestSize must be -1 or between maxSize + 1 (11) and "
                                        + "16777216, was 5")));
        m.holds("RandomPayloads#seed()", "not a number", () -> assertThat(
                failures(MatrixFixtures.PayloadsBadSeed.class))
                .singleElement().satisfies(t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("seed must be a long, was 'abc'")));
        m.holds("RandomText#maxUtf8Bytes()", "3", () -> assertThat(failures(MatrixFixtures.TextTooSmall.class))
                .singleElement().satisfies(t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("@RandomText maxUtf8Bytes must be at least 4, was 3")));
        m.holds("RandomText#samples()", "0", () -> assertThat(failures(MatrixFixtures.TextZeroSamples.class))
                .singleElement().satisfies(t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("@RandomText samples must be at least 1, was 0")));
        m.holds("RandomText#seed()", "not a number", () -> assertThat(failures(MatrixFixtures.TextBadSeed.class))
                .singleElement().satisfies(t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("seed must be a long, was '1.5'")));
    }
}
