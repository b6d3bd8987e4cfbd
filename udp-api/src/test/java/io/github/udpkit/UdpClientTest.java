package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.WAIT;
import static io.github.udpkit.TestDatagrams.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UdpClientTest {
    private final BlockingQueue<Datagram> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();

    /** A server that only records what it gets; the test answers through {@code server.reply}. */
    private UdpReceiver silentServer() {
        return UdpReceiver.builder().onDatagram(requests::add).start();
    }

    private static UdpReceiver echoServer() {
        return UdpReceiver.builder().onRequest((d, r) -> r.reply(d, d.payload())).start();
    }

    /** Correlation by the first byte of request and reply. */
    private UdpClient.Builder byFirstByte(InetSocketAddress target) {
        return UdpClient.builder().target(target).correlate(b -> b[0], b -> b.length == 0 ? null : b[0])
                .onError(errors::add);
    }

    private static Throwable failure(CompletableFuture<Datagram> future) {
        assertThatThrownBy(() -> future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class);
        return future.handle((d, t) -> t).join();
    }

    @Test
    void request_getsItsReply_fromTheTarget_andCountsIt() throws Exception {
        try (UdpReceiver server = echoServer();
             UdpClient client = UdpClient.builder().target(server.localAddress()).build()) {
            Datagram reply = client.request("ping", WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(reply.text()).isEqualTo("ping");
            assertThat(reply.sender()).isEqualTo(server.localAddress());
            UdpClientStats stats = client.stats();
            assertThat(stats.requests()).isEqualTo(1);
            assertThat(stats.sent()).isEqualTo(1);
            assertThat(stats.matched()).isEqualTo(1);
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.toString()).isEqualTo("UdpClientStats[requests=1, sent=1, retries=0, matched=1, "
                    + "timeouts=0, cancelled=0, failed=0, late=0, unmatched=0, correlationFailures=0, "
                    + "portUnreachable=0, inFlight=0]");
        }
    }

    @Test
    void manyRequestsInFlight_repliesInReverseOrder_eachReachesItsOwnFuture() throws Exception {
        try (UdpReceiver server = silentServer(); UdpClient client = byFirstByte(server.localAddress()).build()) {
            List<CompletableFuture<Datagram>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(client.request(new byte[] {(byte) i, 1}, WAIT));
            }
            List<Datagram> received = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                received.add(next(requests));
            }
            assertThat(client.inFlight()).isEqualTo(50);
            for (int i = received.size() - 1; i >= 0; i--) {
                Datagram d = received.get(i);
                server.reply(d, new byte[] {d.payload()[0], 2, (byte) i});
            }
            for (int i = 0; i < 50; i++) {
                byte[] reply = futures.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).payload();
                assertThat(reply[0]).isEqualTo((byte) i);
                assertThat(reply[1]).isEqualTo((byte) 2);
            }
            assertThat(client.stats().matched()).isEqualTo(50);
            assertThat(client.stats().unmatched()).isZero();
        }
    }

    @Test
    void silentTarget_timesOut_afterExactlyTheRetries_withTheMessage() throws Exception {
        try (UdpReceiver server = silentServer();
             UdpClient client = UdpClient.builder().target(server.localAddress())
                     .retries(2, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)).jitter(0).build()) {
            long start = System.nanoTime();
            Throwable error = failure(client.request("anyone?", Duration.ofMillis(700)));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(error).isInstanceOf(UdpTimeoutException.class).hasMessage("no reply from "
                    + server.localAddress() + " within 700 ms (3 attempts)");
            assertThat(((UdpTimeoutException) error).attempts()).isEqualTo(3);
            assertThat(elapsed).isBetween(Duration.ofMillis(700), Duration.ofMillis(700 + 3000));
            for (int i = 0; i < 3; i++) {
                assertThat(next(requests).text()).isEqualTo("anyone?");
            }
            assertThat(requests.poll(300, TimeUnit.MILLISECONDS)).isNull();
            UdpClientStats stats = client.stats();
            assertThat(stats.sent()).isEqualTo(3);
            assertThat(stats.retries()).isEqualTo(2);
            assertThat(stats.timeouts()).isEqualTo(1);
            assertThat(stats.inFlight()).isZero();
        }
    }

    @Test
    void lateReply_afterTheTimeout_isCountedAsLate_andReachesNoFuture() throws Exception {
        try (UdpReceiver server = silentServer(); UdpClient client = byFirstByte(server.localAddress()).build()) {
            CompletableFuture<Datagram> first = client.request(new byte[] {7}, Duration.ofMillis(100));
            Datagram request = next(requests);
            assertThat(failure(first)).isInstanceOf(UdpTimeoutException.class);
            CompletableFuture<Datagram> other = client.request(new byte[] {8}, WAIT);
            next(requests);
            server.reply(request, new byte[] {7, 42});          // too late for request 7
            server.reply(request, new byte[] {99});             // nobody asked for 99
            await().atMost(WAIT).until(() -> client.stats().late() == 1 && client.stats().unmatched() == 1);
            assertThat(other).isNotDone();
            server.reply(request, new byte[] {8, 1});
            assertThat(other.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).payload()).containsExactly(8, 1);
        }
    }

    @Test
    void duplicateReply_isLate() throws Exception {
        try (UdpReceiver server = silentServer(); UdpClient client = byFirstByte(server.localAddress()).build()) {
            CompletableFuture<Datagram> future = client.request(new byte[] {3}, WAIT);
            Datagram request = next(requests);
            server.reply(request, new byte[] {3, 1});
            server.reply(request, new byte[] {3, 2});
            assertThat(future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).payload()).containsExactly(3, 1);
            await().atMost(WAIT).until(() -> client.stats().late() == 1);
            assertThat(client.stats().matched()).isEqualTo(1);
        }
    }

    @Test
    void cancel_removesThePendingRequest_andStopsItsRetries() throws Exception {
        try (UdpReceiver server = silentServer();
             UdpClient client = byFirstByte(server.localAddress())
                     .retries(5, Duration.ofMillis(100), 1.0, Duration.ofMillis(100)).jitter(0).build()) {
            CompletableFuture<Datagram> future = client.request(new byte[] {5}, WAIT);
            Datagram request = next(requests);
            assertThat(future.cancel(true)).isTrue();
            assertThat(client.inFlight()).isZero();
            assertThat(client.stats().cancelled()).isEqualTo(1);
            assertThat(client.stats().inFlight()).isZero();
            long sent = client.stats().sent(); // retries that left before the cancel; none may leave after it
            await().during(Duration.ofMillis(400)).atMost(WAIT).until(() -> 1 + requests.size() == sent);
            assertThat(client.stats().sent()).isEqualTo(sent);
            server.reply(request, new byte[] {5});
            await().atMost(WAIT).until(() -> client.stats().late() == 1);
            assertThat(client.request(new byte[] {5}, WAIT)).isNotDone(); // the key is free again
        }
    }

    @Test
    void close_failsEveryPendingFuture_withAClearMessage() {
        try (UdpReceiver server = silentServer()) {
            UdpClient client = byFirstByte(server.localAddress()).build();
            CompletableFuture<Datagram> a = client.request(new byte[] {1}, WAIT);
            CompletableFuture<Datagram> b = client.request(new byte[] {2}, WAIT);
            client.close();
            client.close();
            for (CompletableFuture<Datagram> f : List.of(a, b)) {
                assertThat(failure(f)).isExactlyInstanceOf(UdpException.class).hasMessage("the client was closed "
                        + "while the request to " + server.localAddress() + " was pending");
            }
            assertThat(client.stats().failed()).isEqualTo(2);
            assertThat(client.isOpen()).isFalse();
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .noneMatch(name -> name.startsWith("udpkit-client-" + client.localAddress()));
            assertThatThrownBy(() -> client.request(new byte[] {3}, WAIT)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("client on " + client.localAddress() + " is closed; cannot send a request to "
                            + server.localAddress());
        }
    }

    @Test
    void throwingCorrelation_isCountedAndReported_andTheClientKeepsWorking() throws Exception {
        try (UdpReceiver server = echoServer();
             UdpClient client = UdpClient.builder().target(server.localAddress()).onError(errors::add)
                     .correlate(b -> {
                         if (b[0] == 99) {
                             throw new IllegalStateException("no key");
                         }
                         return b[0];
                     }, b -> {
                         if (b[0] == 0) {
                             throw new IllegalStateException("boom");
                         }
                         return b[0];
                     }).build()) {
            Throwable refused = failure(client.request(new byte[] {99}, WAIT));
            assertThat(refused).isInstanceOf(UdpListenerException.class).hasMessage("the request key function threw "
                    + "for the request to " + server.localAddress() + " (1 bytes); it was not sent: "
                    + "java.lang.IllegalStateException: no key");
            CompletableFuture<Datagram> lost = client.request(new byte[] {0}, Duration.ofMillis(200));
            assertThat(failure(lost)).isInstanceOf(UdpTimeoutException.class);
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).hasMessageStartingWith(
                    "the reply key function threw for the datagram from " + server.localAddress() + " (1 bytes)");
            assertThat(client.request(new byte[] {1}, WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).payload())
                    .containsExactly(1);
            UdpClientStats stats = client.stats();
            assertThat(stats.correlationFailures()).isEqualTo(2);
            assertThat(stats.failed()).isEqualTo(1);
            assertThat(stats.unmatched()).isEqualTo(1);
            assertThat(stats.matched()).isEqualTo(1);
        }
    }

    @Test
    void sameKeyTwice_theSecondFails_theFirstStillCompletes() throws Exception {
        try (UdpReceiver server = silentServer();
             UdpClient client = UdpClient.builder().target(server.localAddress()).build()) {
            CompletableFuture<Datagram> first = client.request("one", WAIT);
            CompletableFuture<Datagram> second = client.request("two", WAIT);
            assertThat(failure(second)).isInstanceOf(IllegalStateException.class).hasMessage("a request to "
                    + server.localAddress() + " with the key null is already in flight; wait for it, or "
                    + "correlate by a key that differs per request");
            Datagram request = next(requests);
            assertThat(request.text()).isEqualTo("one");
            server.reply(request, "answer".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).text()).isEqualTo("answer");
            assertThat(requests.poll(200, TimeUnit.MILLISECONDS)).as("the refused request was not sent").isNull();
            assertThat(client.stats().failed()).isEqualTo(1);
            assertThat(client.stats().matched()).isEqualTo(1);
        }
    }

    @Test
    void closedPort_connectedClient_timesOut_sayingThePortIsUnreachable() {
        InetSocketAddress closed;
        try (UdpReceiver gone = silentServer()) {
            closed = gone.localAddress();
        }
        try (UdpClient client = UdpClient.builder().target(closed)
                .retries(1, Duration.ofMillis(100), 1.0, Duration.ofMillis(100)).jitter(0).build()) {
            Throwable error = failure(client.request("hello?", Duration.ofMillis(300)));
            assertThat(error).hasMessage("no reply from " + closed + " within 300 ms (2 attempts); the target's port "
                    + "is unreachable: nothing listens there");
            assertThat(((UdpTimeoutException) error).portUnreachable()).isTrue();
            assertThat(client.stats().portUnreachable()).isPositive();
        }
    }

    @Test
    void futures_areCompletedOffTheReceiveThread() throws Exception {
        try (UdpReceiver server = echoServer();
             UdpClient client = UdpClient.builder().target(server.localAddress()).build()) {
            String thread = client.request("x", WAIT).thenApply(d -> Thread.currentThread().getName())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(thread).doesNotStartWith("udpkit-client");
        }
        AtomicInteger onCaller = new AtomicInteger();
        try (UdpReceiver server = echoServer();
             UdpClient client = UdpClient.builder().target(server.localAddress()).executor(Runnable::run).build()) {
            String thread = client.request("x", WAIT).thenApply(d -> {
                onCaller.incrementAndGet();
                return Thread.currentThread().getName();
            }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(thread).isIn("udpkit-client-" + client.localAddress(), Thread.currentThread().getName());
            assertThat(onCaller).hasValue(1);
        }
    }

    @Test
    void badArguments_areRejected_namingTheParameterAndValue() {
        UdpClient.Builder b = UdpClient.builder();
        assertThatThrownBy(() -> b.retries(101, Duration.ofMillis(1), 2, Duration.ofSeconds(1)))
                .hasMessage("maxRetries must be between 0 and 100, was 101");
        assertThatThrownBy(() -> b.retries(1, Duration.ZERO, 2, Duration.ofSeconds(1)))
                .hasMessage("firstDelay must be positive, was PT0S");
        assertThatThrownBy(() -> b.retries(1, Duration.ofMillis(1), 0.5, Duration.ofSeconds(1)))
                .hasMessage("backoff must be between 1.0 and 10.0, was 0.5");
        assertThatThrownBy(() -> b.retries(1, Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
                .hasMessage("maxDelay must be between firstDelay (PT2S) and PT24H, was PT1S");
        assertThatThrownBy(() -> b.jitter(1.5)).hasMessage("jitter must be between 0.0 and 1.0, was 1.5");
        assertThatThrownBy(() -> b.jitter(Double.NaN)).hasMessage("jitter must be between 0.0 and 1.0, was NaN");
        assertThatThrownBy(() -> b.maxReplySize(0)).hasMessage("maxReplySize must be between 1 and 65527, was 0");
        assertThatThrownBy(() -> b.maxInFlight(0)).hasMessage("maxInFlight must be between 1 and 1048576, was 0");
        assertThatThrownBy(() -> b.lateWindow(Duration.ofDays(2)))
                .hasMessage("window must be at most PT24H, was PT48H");
        assertThatThrownBy(() -> b.correlate(null, x -> x)).isInstanceOf(NullPointerException.class)
                .hasMessage("requestKey must not be null");
        assertThatThrownBy(() -> b.target("127.0.0.1", 0)).hasMessage("port must be between 1 and 65535, was 0");
        assertThatThrownBy(() -> b.executor(null)).hasMessage("executor must not be null");
        try (UdpReceiver server = silentServer();
             UdpClient client = UdpClient.builder().target(server.localAddress()).build();
             UdpClient free = UdpClient.builder().build()) {
            assertThatThrownBy(() -> client.request((byte[]) null, WAIT)).hasMessage("payload must not be null");
            assertThatThrownBy(() -> client.request(new byte[1], Duration.ofMillis(-1)))
                    .hasMessage("timeout must be positive, was PT-0.001S");
            assertThatThrownBy(() -> client.request(new byte[1], Duration.ofDays(2)))
                    .hasMessage("timeout must be at most PT24H, was PT48H");
            assertThatThrownBy(() -> client.request(new byte[65_508], WAIT))
                    .isInstanceOf(DatagramTooLargeException.class);
            InetSocketAddress elsewhere = new InetSocketAddress("127.0.0.1", 9);
            assertThatThrownBy(() -> client.request(elsewhere, new byte[1], WAIT))
                    .isInstanceOf(IllegalStateException.class).hasMessage("client is connected to "
                            + server.localAddress() + " and cannot send to " + elsewhere
                            + "; build it with connected(false) to send to many targets");
            assertThatThrownBy(() -> client.request(new byte[0], WAIT)).isExactlyInstanceOf(UdpException.class)
                    .hasMessageStartingWith("cannot send an empty request to " + server.localAddress());
            assertThatThrownBy(() -> free.request(new byte[1], WAIT)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("client has no target; set target(...) on the builder or use "
                            + "request(to, payload, timeout)");
            InetSocketAddress v6 = new InetSocketAddress("::1", 9);
            assertThatThrownBy(() -> free.request(v6, new byte[1], WAIT)).hasMessage("to must be an IPv4 address, "
                    + "as the client's socket is bound to " + free.localAddress() + ", was " + v6);
        }
        assertThat(errors).isEmpty();
        assertThat(requests).isEmpty();
    }

    /** An executor that throws anything, not only a rejection, never leaves a caller waiting: the reply completes. */
    @Test
    void anExecutorThatThrows_stillCompletesTheRequest_andIsReported() throws Exception {
        java.util.concurrent.Executor broken = task -> {
            throw new IllegalStateException("executor is broken");
        };
        try (UdpReceiver server = echoServer();
             UdpClient client = UdpClient.builder().target(server.localAddress()).executor(broken)
                     .onError(errors::add).build()) {
            assertThat(client.request("ping", WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).text())
                    .isEqualTo("ping");
            UdpException reported = errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(reported).isInstanceOf(UdpListenerException.class)
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the client's executor threw for a completion; it ran on ")
                    .hasMessageEndingWith(" instead: java.lang.IllegalStateException: executor is broken");
            assertThat(client.stats().matched()).isEqualTo(1);
        }
    }
}
