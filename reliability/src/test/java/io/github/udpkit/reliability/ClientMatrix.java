package io.github.udpkit.reliability;

import static io.github.udpkit.reliability.ApiMatrix.NO_SUCH_HOST;
import static io.github.udpkit.reliability.ApiMatrix.UNRESOLVED;
import static io.github.udpkit.reliability.ApiMatrix.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.Datagram;
import io.github.udpkit.DatagramTooLargeException;
import io.github.udpkit.SenderStats;
import io.github.udpkit.UdpClient;
import io.github.udpkit.UdpClientStats;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.UdpTimeoutException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

/** The matrix rows of udpkit 0.2's request/reply client, its stats, and the sender's stats. */
final class ClientMatrix {
    private static final Duration SHORT = Duration.ofMillis(200);

    private ClientMatrix() {
    }

    static void addTo(Matrix m) {
        clientBuilder(m);
        client(m);
        clientStats(m);
        senderStats(m);
    }

    static UdpReceiver echo() {
        return UdpReceiver.builder().onRequest((d, r) -> r.reply(d, d.payload())).start();
    }

    private static void clientBuilder(Matrix m) {
        String b = "UdpClient.Builder#";
        m.holds("UdpClient#builder()", "a new builder each call; defaults: loopback, ephemeral port, connected", () -> {
            assertThat(UdpClient.builder()).isNotSameAs(UdpClient.builder());
            try (UdpReceiver server = echo(); UdpClient c = UdpClient.builder().target(server.localAddress()).build()) {
                assertThat(c.localAddress().getAddress().isLoopbackAddress()).isTrue();
                assertThat(c.localAddress().getPort()).isPositive();
                assertThat(c.isConnected()).isTrue();
            }
        });
        m.rejects(b + "target(String,int)", "null host", () -> UdpClient.builder().target(null, 7),
                NullPointerException.class, "host must not be null");
        m.rejects(b + "target(String,int)", "port 0", () -> UdpClient.builder().target("127.0.0.1", 0),
                IllegalArgumentException.class, "port must be between 1 and 65535, was 0");
        m.rejects(b + "target(String,int)", "unresolvable host", () -> UdpClient.builder().target(NO_SUCH_HOST, 7),
                IllegalArgumentException.class, "host cannot be resolved, was '" + NO_SUCH_HOST + "'");
        m.rejects(b + "target(InetSocketAddress)", "unresolved", () -> UdpClient.builder().target(UNRESOLVED),
                IllegalArgumentException.class, "target must be a resolved address, was " + UNRESOLVED);
        m.rejects(b + "target(InetSocketAddress)", "port 0",
                () -> UdpClient.builder().target(new InetSocketAddress("127.0.0.1", 0)),
                IllegalArgumentException.class, "target port must be between 1 and 65535, was 0");
        m.rejects(b + "bind(String,int)", "port out of range", () -> UdpClient.builder().bind("127.0.0.1", 65_536),
                IllegalArgumentException.class, "port must be between 0 and 65535, was 65536");
        m.rejects(b + "bind(InetSocketAddress)", "null", () -> UdpClient.builder().bind(null),
                NullPointerException.class, "address must not be null");
        m.holds(b + "connected(boolean)", "false: requests to any address", () -> {
            try (UdpReceiver a = echo(); UdpReceiver other = echo();
                 UdpClient c = UdpClient.builder().target(a.localAddress()).connected(false).build()) {
                assertThat(c.isConnected()).isFalse();
                assertThat(c.request(other.localAddress(), new byte[] {1}, WAIT).get(10, TimeUnit.SECONDS).sender())
                        .isEqualTo(other.localAddress());
            }
        });
        m.rejects(b + "correlate(Function,Function)", "null replyKey",
                () -> UdpClient.builder().correlate(x -> x, null), NullPointerException.class,
                "replyKey must not be null");
        m.rejects(b + "retries(int,Duration,double,Duration)", "negative retries",
                () -> UdpClient.builder().retries(-1, SHORT, 2, SHORT), IllegalArgumentException.class,
                "maxRetries must be between 0 and 100, was -1");
        m.rejects(b + "retries(int,Duration,double,Duration)", "backoff NaN",
                () -> UdpClient.builder().retries(1, SHORT, Double.NaN, SHORT), IllegalArgumentException.class,
                "backoff must be between 1.0 and 10.0, was NaN");
        m.rejects(b + "retries(int,Duration,double,Duration)", "null maxDelay",
                () -> UdpClient.builder().retries(1, SHORT, 2, null), NullPointerException.class,
                "maxDelay must not be null");
        m.rejects(b + "jitter(double)", "negative", () -> UdpClient.builder().jitter(-0.1),
                IllegalArgumentException.class, "jitter must be between 0.0 and 1.0, was -0.1");
        m.rejects(b + "maxReplySize(int)", "over the UDP maximum", () -> UdpClient.builder().maxReplySize(65_528),
                IllegalArgumentException.class, "maxReplySize must be between 1 and 65527, was 65528");
        m.rejects(b + "maxInFlight(int)", "zero", () -> UdpClient.builder().maxInFlight(0),
                IllegalArgumentException.class, "maxInFlight must be between 1 and 1048576, was 0");
        m.holds(b + "maxInFlight(int)", "one more than the limit fails at once, counted as failed", () -> {
            try (UdpReceiver silent = ApiMatrix.receiver();
                 UdpClient c = UdpClient.builder().target(silent.localAddress()).maxInFlight(1)
                         .correlate(x -> x[0], x -> x[0]).build()) {
                c.request(new byte[] {1}, WAIT);
                CompletableFuture<Datagram> second = c.request(new byte[] {2}, WAIT);
                assertThat(second.handle((d, e) -> e).join()).isExactlyInstanceOf(UdpException.class)
                        .hasMessage("1 requests are already in flight (maxInFlight); the request to "
                                + silent.localAddress() + " was not sent");
                assertThat(c.stats().failed()).isEqualTo(1);
            }
        });
        m.rejects(b + "lateWindow(Duration)", "zero", () -> UdpClient.builder().lateWindow(Duration.ZERO),
                IllegalArgumentException.class, "window must be positive, was PT0S");
        m.rejects(b + "executor(Executor)", "null", () -> UdpClient.builder().executor(null),
                NullPointerException.class, "executor must not be null");
        m.rejects(b + "onError(ErrorListener)", "null", () -> UdpClient.builder().onError(null),
                NullPointerException.class, "listener must not be null");
        m.holds(b + "build()", "a port already taken is a UdpBindException naming it", () -> {
            try (UdpReceiver taken = ApiMatrix.receiver()) {
                assertThatThrownBy(() -> UdpClient.builder().bind(taken.localAddress()).build())
                        .isInstanceOf(io.github.udpkit.UdpBindException.class)
                        .hasMessageContaining(taken.localAddress().toString());
            }
        });
    }

    private static void client(Matrix m) {
        String c = "UdpClient#";
        m.holds(c + "request(byte[],Duration)", "null payload; zero timeout; oversize", () -> {
            try (UdpReceiver server = echo(); UdpClient client = UdpClient.builder().target(server.localAddress())
                    .build()) {
                assertThatThrownBy(() -> client.request((byte[]) null, WAIT))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                assertThatThrownBy(() -> client.request(new byte[1], Duration.ZERO))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("timeout must be positive, was PT0S");
                assertThatThrownBy(() -> client.request(new byte[65_508], WAIT))
                        .isExactlyInstanceOf(DatagramTooLargeException.class);
            }
        });
        m.holds(c + "request(String,Duration)", "null text; the reply to UTF-8 text", () -> {
            try (UdpReceiver server = echo(); UdpClient client = UdpClient.builder().target(server.localAddress())
                    .build()) {
                assertThatThrownBy(() -> client.request((String) null, WAIT))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("text must not be null");
                assertThat(client.request("é", WAIT).get(10, TimeUnit.SECONDS).text()).isEqualTo("é");
            }
        });
        m.holds(c + "request(InetSocketAddress,byte[],Duration)", "unresolved; port 0; after close", () -> {
            UdpClient client = UdpClient.builder().build();
            assertThatThrownBy(() -> client.request(UNRESOLVED, new byte[1], WAIT))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("to must be a resolved address, was " + UNRESOLVED);
            InetSocketAddress zero = new InetSocketAddress("127.0.0.1", 0);
            assertThatThrownBy(() -> client.request(zero, new byte[1], WAIT))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("to port must be between 1 and 65535, was 0 (" + zero + ")");
            client.close();
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", 9);
            assertThatThrownBy(() -> client.request(to, new byte[1], WAIT))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("client on " + client.localAddress() + " is closed; cannot send a request to " + to);
        });
        m.holds(c + "close()", "idempotent; fails the pending future; callable from a future's callback", () -> {
            try (UdpReceiver silent = ApiMatrix.receiver()) {
                UdpClient client = UdpClient.builder().target(silent.localAddress()).build();
                AtomicReference<Throwable> seen = new AtomicReference<>();
                CompletableFuture<Datagram> pending = client.request(new byte[1], WAIT);
                CompletableFuture<?> after = pending.whenComplete((d, e) -> {
                    seen.set(e);
                    client.close();
                });
                client.close();
                client.close();
                after.handle((d, e) -> e).get(10, TimeUnit.SECONDS);
                assertThat(seen.get()).isExactlyInstanceOf(UdpException.class).hasMessage("the client was closed "
                        + "while the request to " + silent.localAddress() + " was pending");
                assertThat(client.isOpen()).isFalse();
            }
        });
        m.holds(c + "isOpen()", "true until closed", () -> {
            UdpClient client = UdpClient.builder().build();
            assertThat(client.isOpen()).isTrue();
            client.close();
            assertThat(client.isOpen()).isFalse();
        });
        m.holds(c + "isConnected()", "false without a target", () -> {
            try (UdpClient client = UdpClient.builder().build()) {
                assertThat(client.isConnected()).isFalse();
                assertThat(client.target()).isEmpty();
            }
        });
        m.holds(c + "target()", "as given", () -> {
            try (UdpReceiver server = echo(); UdpClient client = UdpClient.builder().target(server.localAddress())
                    .build()) {
                assertThat(client.target()).contains(server.localAddress());
            }
        });
        m.holds(c + "localAddress()", "where replies come back; after close too", () -> {
            UdpClient client = UdpClient.builder().bind("127.0.0.1", 0).build();
            InetSocketAddress local = client.localAddress();
            client.close();
            assertThat(client.localAddress()).isEqualTo(local);
            assertThat(local.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        });
        m.holds(c + "inFlight()", "counts pending requests", () -> {
            try (UdpReceiver silent = ApiMatrix.receiver(); UdpClient client = UdpClient.builder()
                    .target(silent.localAddress()).correlate(x -> x[0], x -> x[0]).build()) {
                client.request(new byte[] {1}, WAIT);
                client.request(new byte[] {2}, WAIT).cancel(true);
                assertThat(client.inFlight()).isEqualTo(1);
            }
        });
        m.holds(c + "stats()", "after close too", () -> {
            UdpClient client = UdpClient.builder().build();
            client.close();
            assertThat(client.stats().requests()).isZero();
        });
        m.holds(c + "receiverStats()", "the socket's own counters: a reply over maxReplySize is truncated", () -> {
            try (UdpReceiver server = echo(); UdpClient client = UdpClient.builder().target(server.localAddress())
                    .maxReplySize(2).build()) {
                CompletableFuture<Datagram> f = client.request(new byte[3], SHORT);
                assertThat(f.handle((d, e) -> e).get(10, TimeUnit.SECONDS)).isInstanceOf(UdpTimeoutException.class);
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> client.receiverStats().received() == 1
                        && client.receiverStats().inFlight() == 0); // counted only after the client handled it
                assertThat(client.receiverStats().truncated()).isEqualTo(1);
                assertThat(client.stats().unmatched()).isEqualTo(1);
            }
        });
    }

    /** One client's stats after a known run: 3 requests, 1 answered, 1 timed out, 1 cancelled, 1 duplicate. */
    private static UdpClientStats knownRun() throws Exception {
        try (UdpReceiver server = UdpReceiver.builder().onRequest((d, r) -> {
            if (d.payload()[0] == 1) {
                r.reply(d, d.payload());
                r.reply(d, d.payload());          // a duplicate: late
                r.reply(d, new byte[] {9});       // nobody asked: unmatched
            }
        }).start();
             UdpClient client = UdpClient.builder().target(server.localAddress())
                     .correlate(x -> x[0], x -> x[0]).retries(1, Duration.ofMillis(150), 1, Duration.ofMillis(150))
                     .jitter(0).build()) {
            client.request(new byte[] {1}, WAIT).get(10, TimeUnit.SECONDS);
            CompletableFuture<Datagram> lost = client.request(new byte[] {2}, Duration.ofMillis(250));
            client.request(new byte[] {3}, WAIT).cancel(true);
            lost.handle((d, e) -> e).get(10, TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().atMost(WAIT)
                    .until(() -> client.stats().late() == 1 && client.stats().unmatched() == 1);
            return client.stats();
        }
    }

    private static void clientStats(Matrix m) {
        List<Object[]> expected = List.of(
                new Object[] {"requests()", (ToLongFunction<UdpClientStats>) UdpClientStats::requests, 3L},
                new Object[] {"sent()", (ToLongFunction<UdpClientStats>) UdpClientStats::sent, 4L},
                new Object[] {"retries()", (ToLongFunction<UdpClientStats>) UdpClientStats::retries, 1L},
                new Object[] {"matched()", (ToLongFunction<UdpClientStats>) UdpClientStats::matched, 1L},
                new Object[] {"timeouts()", (ToLongFunction<UdpClientStats>) UdpClientStats::timeouts, 1L},
                new Object[] {"cancelled()", (ToLongFunction<UdpClientStats>) UdpClientStats::cancelled, 1L},
                new Object[] {"failed()", (ToLongFunction<UdpClientStats>) UdpClientStats::failed, 0L},
                new Object[] {"late()", (ToLongFunction<UdpClientStats>) UdpClientStats::late, 1L},
                new Object[] {"unmatched()", (ToLongFunction<UdpClientStats>) UdpClientStats::unmatched, 1L},
                new Object[] {"correlationFailures()",
                        (ToLongFunction<UdpClientStats>) UdpClientStats::correlationFailures, 0L},
                new Object[] {"portUnreachable()", (ToLongFunction<UdpClientStats>) UdpClientStats::portUnreachable,
                        0L},
                new Object[] {"inFlight()", (ToLongFunction<UdpClientStats>) UdpClientStats::inFlight, 0L});
        for (Object[] row : expected) {
            @SuppressWarnings("unchecked")
            ToLongFunction<UdpClientStats> field = (ToLongFunction<UdpClientStats>) row[1];
            m.holds("UdpClientStats#" + row[0], "exact after a known run (answer, duplicate, stray, timeout with a "
                    + "retry, cancel)", () -> {
                        UdpClientStats s = knownRun();
                        assertThat(field.applyAsLong(s)).as(s.toString()).isEqualTo((long) row[2]);
                    });
        }
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", 4000);
        UdpTimeoutException timeout = new UdpTimeoutException(to, Duration.ofMillis(700), 3, true);
        m.holds("UdpTimeoutException#<init>(InetSocketAddress,Duration,int,boolean)", "names target, timeout, "
                + "attempts", () -> {
                    assertThat(timeout).hasMessage("no reply from /127.0.0.1:4000 within 700 ms (3 attempts); the "
                            + "target's port is unreachable: nothing listens there");
                    assertThat(new UdpTimeoutException(to, Duration.ofSeconds(1), 1, false))
                            .hasMessage("no reply from /127.0.0.1:4000 within 1000 ms (1 attempt)");
                });
        m.holds("UdpTimeoutException#target()", "as given", () -> assertThat(timeout.target()).isEqualTo(to));
        m.holds("UdpTimeoutException#timeout()", "as given",
                () -> assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(700)));
        m.holds("UdpTimeoutException#attempts()", "as given", () -> assertThat(timeout.attempts()).isEqualTo(3));
        m.holds("UdpTimeoutException#portUnreachable()", "as given",
                () -> assertThat(timeout.portUnreachable()).isTrue());
    }

    /** One sender's stats after a known run: 2 sent (5 bytes), 1 too large, 1 failed, 1 after close. */
    private static SenderStats senderRun() {
        try (UdpReceiver server = ApiMatrix.receiver()) {
            // NIO: its connected socket refuses the empty datagram, the "failed" send this run counts
            UdpSender s = UdpSender.builder().engine(io.github.udpkit.UdpEngine.NIO).target(server.localAddress())
                    .maxDatagramSize(3).build();
            s.send("abc");
            s.send("de");
            assertThatThrownBy(() -> s.send("long")).isInstanceOf(DatagramTooLargeException.class);
            assertThatThrownBy(() -> s.send(new byte[0])).isExactlyInstanceOf(UdpException.class);
            s.close();
            assertThatThrownBy(() -> s.send("x")).isInstanceOf(IllegalStateException.class);
            return s.stats();
        }
    }

    private static void senderStats(Matrix m) {
        m.holds("UdpSender#stats()", "after close too; every counted send in one outcome", () -> {
            SenderStats s = senderRun();
            assertThat(s.attempts()).isEqualTo(5);
        });
        List<Object[]> expected = List.of(
                new Object[] {"sent()", (ToLongFunction<SenderStats>) SenderStats::sent, 2L},
                new Object[] {"bytes()", (ToLongFunction<SenderStats>) SenderStats::bytes, 5L},
                new Object[] {"refusedTooLarge()", (ToLongFunction<SenderStats>) SenderStats::refusedTooLarge, 1L},
                new Object[] {"refusedClosed()", (ToLongFunction<SenderStats>) SenderStats::refusedClosed, 1L},
                new Object[] {"portUnreachable()", (ToLongFunction<SenderStats>) SenderStats::portUnreachable, 0L},
                new Object[] {"failed()", (ToLongFunction<SenderStats>) SenderStats::failed, 1L},
                new Object[] {"batches()", (ToLongFunction<SenderStats>) SenderStats::batches, 0L},
                new Object[] {"segments()", (ToLongFunction<SenderStats>) SenderStats::segments, 0L},
                new Object[] {"attempts()", (ToLongFunction<SenderStats>) SenderStats::attempts, 5L});
        for (Object[] row : expected) {
            @SuppressWarnings("unchecked")
            ToLongFunction<SenderStats> field = (ToLongFunction<SenderStats>) row[1];
            m.holds("SenderStats#" + row[0], "exact after a known run (2 sent, too large, empty on connected, "
                    + "after close)", () -> assertThat(field.applyAsLong(senderRun())).isEqualTo((long) row[2]));
        }
    }
}
