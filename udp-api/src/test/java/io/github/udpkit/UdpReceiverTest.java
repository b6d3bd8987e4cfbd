package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.next;
import static io.github.udpkit.TestDatagrams.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.internal.KernelUdpTable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UdpReceiverTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** What an idle receiver reports for kernel drops: 0 on Linux, absent elsewhere. */
    static final OptionalLong NO_KERNEL_DROPS = KernelUdpTable.available() ? OptionalLong.of(0) : OptionalLong.empty();

    private final BlockingQueue<Datagram> delivered = new LinkedBlockingQueue<>();
    private final BlockingQueue<Datagram> truncated = new LinkedBlockingQueue<>();
    private final BlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();

    private UdpReceiver.Builder collecting() {
        return UdpReceiver.builder().onDatagram(delivered::add).onTruncated(truncated::add).onError(errors::add);
    }

    private static UdpSender senderTo(UdpReceiver receiver) {
        return UdpSender.builder().target(receiver.localAddress()).build();
    }



    private static List<Thread> receiverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("udpkit-receiver-") && t.isAlive()).toList();
    }

    @Test
    void defaults_bindLoopbackOnEphemeralPort_andAllowTheLargestPayload() {
        try (UdpReceiver receiver = collecting().start()) {
            assertThat(receiver.localAddress().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(receiver.localAddress().getPort()).isPositive();
            assertThat(receiver.maxDatagramSize()).isEqualTo(65_527);
            assertThat(receiver.isOpen()).isTrue();
        }
    }

    @Test
    void payloadsOfZeroOneLimitMinusOneAndLimit_arriveByteIdenticalInOrderWithSender() throws Exception {
        int limit = 1024;
        try (UdpReceiver receiver = collecting().maxDatagramSize(limit).start();
             // unconnected: the JDK cannot send an empty datagram on a connected socket
             UdpSender sender = UdpSender.builder().bind("127.0.0.1", 0).target(receiver.localAddress())
                     .connected(false).build()) {
            int[] sizes = {0, 1, limit - 1, limit};
            for (int size : sizes) {
                sender.send(pattern(size));
            }
            for (int size : sizes) {
                Datagram d = next(delivered);
                assertThat(d.payload()).isEqualTo(pattern(size));
                assertThat(d.length()).isEqualTo(size);
                assertThat(d.truncated()).isFalse();
                assertThat(d.sender()).isEqualTo(sender.localAddress());
            }
            assertThat(truncated).isEmpty();
            await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.stats())
                    .isEqualTo(
                            TestStats.expect().received(4).bytes(2 * limit).delivered(4)
                            .kernelDrops(NO_KERNEL_DROPS)));
        }
    }

    @Test
    void payloadsOverTheLimit_goToOnTruncatedWithExactlyTheFirstLimitBytes_neverToOnDatagram() throws Exception {
        try (UdpReceiver receiver = collecting().maxDatagramSize(1024).start();
             UdpSender sender = senderTo(receiver)) {
            sender.send(pattern(1025));
            sender.send(pattern(65_507));
            sender.send("after");
            for (int size : new int[] {1025, 65_507}) {
                Datagram d = next(truncated);
                assertThat(d.truncated()).isTrue();
                assertThat(d.length()).isEqualTo(1024);
                assertThat(d.payload()).isEqualTo(Arrays.copyOf(pattern(size), 1024));
            }
            assertThat(next(delivered).text()).isEqualTo("after");
            assertThat(delivered).isEmpty();
            ReceiverStats stats = TestStats.settled(receiver, 3);
            assertThat(stats.truncated()).isEqualTo(2);
            assertThat(stats.delivered()).isEqualTo(1);
            assertThat(stats.received()).isEqualTo(3);
            assertThat(stats.bytes()).isEqualTo(1024 + 1024 + 5);
        }
    }

    @Test
    void truncatedWithoutOnTruncated_isCountedAndLoggedWithSenderAndLimit() throws Exception {
        try (LogCapture log = new LogCapture(UdpReceiver.class);
             UdpReceiver receiver = UdpReceiver.builder().maxDatagramSize(1024).onDatagram(delivered::add).start();
             UdpSender sender = senderTo(receiver)) {
            sender.send(pattern(1025));
            sender.send(pattern(65_507));
            sender.send("after");
            assertThat(next(delivered).text()).isEqualTo("after");
            assertThat(delivered).isEmpty();
            await().atMost(WAIT).until(() -> receiver.stats().truncated() == 2);
            String expected = "WARNING truncated datagram from " + sender.localAddress() + ": more than 1024 bytes"
                    + " (maxDatagramSize 1024); only the first 1024 bytes were kept. Set onTruncated to handle it.";
            assertThat(log.messages()).containsExactly(expected, expected);
        }
    }

    @Test
    void bindingATakenPort_throwsUdpBindExceptionNamingTheAddress() {
        try (UdpReceiver first = collecting().start()) {
            InetSocketAddress taken = first.localAddress();
            assertThatThrownBy(() -> collecting().bind(taken).start())
                    .isInstanceOf(UdpBindException.class)
                    .hasMessageStartingWith("cannot bind UDP socket to " + taken + ": ")
                    .hasMessageContaining("in use")
                    .hasCauseInstanceOf(java.net.BindException.class)
                    .satisfies(e -> assertThat(((UdpBindException) e).address()).isEqualTo(taken));
        }
    }

    @Test
    void listenerThatThrows_isReportedToOnError_andTheNextDatagramIsDelivered() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        try (UdpReceiver receiver = UdpReceiver.builder()
                .onDatagram(d -> {
                    if (d.text().equals("bad")) {
                        throw boom;
                    }
                    delivered.add(d);
                })
                .onError(errors::add)
                .start();
             UdpSender sender = senderTo(receiver)) {
            sender.send("bad");
            sender.send("good");
            assertThat(next(delivered).text()).isEqualTo("good");
            UdpException error = errors.poll(5, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(UdpListenerException.class).hasCause(boom);
            assertThat(error).hasMessage("onDatagram threw for the datagram from " + sender.localAddress()
                    + " (3 bytes): java.lang.IllegalStateException: boom");
            await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.stats())
                    .isEqualTo(
                            TestStats.expect().received(2).bytes(7).delivered(1).listenerFailures(1)
                            .kernelDrops(NO_KERNEL_DROPS)));
        }
    }

    @Test
    void listenerThatThrows_withoutOnError_isLogged() throws Exception {
        try (LogCapture log = new LogCapture(UdpReceiver.class);
             UdpReceiver receiver = UdpReceiver.builder()
                     .onDatagram(d -> {
                         throw new IllegalArgumentException("nope");
                     })
                     .start();
             UdpSender sender = senderTo(receiver)) {
            sender.send("x");
            await().atMost(WAIT).until(() -> receiver.stats().listenerFailures() == 1);
            await().atMost(WAIT).untilAsserted(() -> assertThat(log.messages()).containsExactly(
                    "WARNING onDatagram threw for the datagram from " + sender.localAddress()
                            + " (1 bytes): java.lang.IllegalArgumentException: nope"));
        }
    }

    @Test
    void close_whenIdle_isPromptIdempotentLeavesNoThreadAndFreesThePort() {
        UdpReceiver receiver = collecting().start();
        InetSocketAddress address = receiver.localAddress();
        assertThat(receiverThreads()).extracting(Thread::getName).contains("udpkit-receiver-" + address);
        long start = System.nanoTime();
        receiver.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        receiver.close();
        assertThat(receiver.isOpen()).isFalse();
        assertThat(receiverThreads()).extracting(Thread::getName).doesNotContain("udpkit-receiver-" + address);
        try (UdpReceiver again = collecting().bind(address).start()) {
            assertThat(again.localAddress()).isEqualTo(address);
        }
    }

    @Test
    void close_whileACallbackIsRunning_returnsWithinASecond_andTheThreadEnds() throws Exception {
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UdpReceiver receiver = UdpReceiver.builder()
                .onDatagram(d -> {
                    inCallback.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .start();
        String threadName = "udpkit-receiver-" + receiver.localAddress();
        try (UdpSender sender = senderTo(receiver)) {
            sender.send("block");
            assertThat(inCallback.await(5, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            receiver.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            release.countDown();
            await().atMost(WAIT).until(() -> receiverThreads().stream().noneMatch(t -> t.getName().equals(threadName)));
            assertThat(receiver.stats().delivered()).isEqualTo(1);
        }
    }

    @Test
    void close_fromAnotherThread_unblocksTheReceiveAndReturnsWithinASecond() throws Exception {
        UdpReceiver receiver = collecting().start();
        String threadName = "udpkit-receiver-" + receiver.localAddress();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Long> took = other.submit(() -> {
                long start = System.nanoTime();
                receiver.close();
                return System.nanoTime() - start;
            });
            assertThat(Duration.ofNanos(took.get(5, TimeUnit.SECONDS))).isLessThan(Duration.ofSeconds(1));
            assertThat(receiverThreads()).extracting(Thread::getName).doesNotContain(threadName);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void close_fromInsideACallback_returnsPromptlyAndStopsTheReceiver() throws Exception {
        AtomicReference<UdpReceiver> self = new AtomicReference<>();
        BlockingQueue<Long> closeNanos = new LinkedBlockingQueue<>();
        UdpReceiver receiver = UdpReceiver.builder()
                .onDatagram(d -> {
                    long start = System.nanoTime();
                    self.get().close();
                    self.get().close();
                    closeNanos.add(System.nanoTime() - start);
                })
                .start();
        self.set(receiver);
        String threadName = "udpkit-receiver-" + receiver.localAddress();
        try (UdpSender sender = senderTo(receiver)) {
            sender.send("close yourself");
            Long nanos = closeNanos.poll(5, TimeUnit.SECONDS);
            assertThat(nanos).isNotNull();
            assertThat(Duration.ofNanos(nanos)).isLessThan(Duration.ofSeconds(1));
            assertThat(receiver.isOpen()).isFalse();
            await().atMost(WAIT).until(() -> receiverThreads().stream().noneMatch(t -> t.getName().equals(threadName)));
        }
    }

    @Test
    void eightThreadsTimesAThousandConcurrentSends_allArriveExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 1000;
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                expected.add("t" + t + "-m" + i);
            }
        }
        try (UdpReceiver receiver = collecting().receiveBufferSize(4 * 1024 * 1024).start();
             UdpSender sender = senderTo(receiver)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            sender.send("t" + thread + "-m" + i);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() >= threads * perThread);
            List<String> texts = delivered.stream().map(Datagram::text).toList();
            assertThat(texts).hasSize(threads * perThread);
            assertThat(new HashSet<>(texts)).isEqualTo(expected);
            assertThat(TestStats.settled(receiver, 8000).delivered()).isEqualTo(8000);
        }
    }

    @Test
    void executor_runsListeners_andARejectedTaskIsCountedAndReported() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (UdpReceiver receiver = collecting().executor(pool).start();
             UdpSender sender = senderTo(receiver)) {
            sender.send("on the pool");
            Datagram d = next(delivered);
            assertThat(d.text()).isEqualTo("on the pool");
            pool.shutdown();
            sender.send("refused");
            UdpException error = errors.poll(5, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(UdpListenerException.class)
                    .hasCauseInstanceOf(RejectedExecutionException.class)
                    .hasMessage("executor rejected the datagram from " + sender.localAddress()
                            + " (7 bytes); it was not delivered");
            // the first datagram is counted as delivered only after its listener returned on the pool thread
            assertThat(TestStats.settled(receiver, 2)).isEqualTo(
                    TestStats.expect().received(2).bytes(18).delivered(1).rejected(1)
                    .kernelDrops(NO_KERNEL_DROPS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void slowListenerOnAnExecutor_boundsThePendingDatagrams_andCountsAndReportsTheOverflow() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try (UdpReceiver receiver = UdpReceiver.builder()
                .executor(pool)
                .maxPending(10)
                .onDatagram(d -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    delivered.add(d);
                })
                .onError(errors::add)
                .start();
             UdpSender sender = senderTo(receiver)) {
            for (int i = 0; i < 50; i++) {
                sender.send("m" + i);
            }
            // an overflow is counted just after its reception: wait for all 40, with the 10 admitted still held
            await().atMost(WAIT).until(() -> receiver.stats().received() == 50 && receiver.stats().inFlight() == 10);
            ReceiverStats stats = receiver.stats();
            assertThat(stats.overflowed()).isEqualTo(40);
            assertThat(stats.inFlight()).isEqualTo(10);
            UdpException first = errors.poll(5, TimeUnit.SECONDS);
            assertThat(first).isInstanceOf(UdpListenerException.class)
                    .hasMessage("the callback executor is 10 datagrams behind; dropped the datagram from "
                            + sender.localAddress() + " (1 dropped by this socket so far, see stats().overflowed()); "
                            + "raise maxPending or speed up the listener");
            assertThat(errors).isEmpty();
            release.countDown();
            await().atMost(WAIT).until(() -> receiver.stats().delivered() == 10);
            assertThat(delivered).extracting(Datagram::text)
                    .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
            assertThat(receiver.stats().inFlight()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reply_goesOutFromTheBoundPort() {
        AtomicReference<UdpReceiver> self = new AtomicReference<>();
        try (UdpReceiver receiver = UdpReceiver.builder()
                .onDatagram(d -> self.get().reply(d, ("pong:" + d.text()).getBytes(StandardCharsets.UTF_8)))
                .onError(errors::add)
                .start();
             UdpSender client = senderTo(receiver)) {
            self.set(receiver);
            client.send("ping");
            Datagram answer = client.receive(WAIT).orElseThrow();
            assertThat(answer.text()).isEqualTo("pong:ping");
            assertThat(answer.sender()).isEqualTo(receiver.localAddress());
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void onRequest_handsTheListenerItsReceiver_toAnswerFromTheBoundPort() {
        AtomicReference<UdpReceiver> seen = new AtomicReference<>();
        try (UdpReceiver server = UdpReceiver.builder()
                .onRequest((request, receiver) -> {
                    seen.set(receiver);
                    receiver.reply(request, ("re:" + request.text()).getBytes(StandardCharsets.UTF_8));
                })
                .onError(errors::add)
                .start();
             UdpSender client = senderTo(server)) {
            client.send("ping");
            Datagram answer = client.receive(WAIT).orElseThrow();
            assertThat(answer.text()).isEqualTo("re:ping");
            assertThat(answer.sender()).isEqualTo(server.localAddress());
            assertThat(seen.get()).isSameAs(server);
            assertThat(errors).isEmpty();
            await().atMost(WAIT).until(() -> server.stats().delivered() == 1);
        }
    }

    @Test
    void receiveBufferSize_isReadBack() {
        try (UdpReceiver receiver = collecting().receiveBufferSize(256 * 1024).start()) {
            // Linux doubles the request for its bookkeeping; other systems report it as set.
            assertThat(receiver.receiveBufferSize()).isGreaterThanOrEqualTo(256 * 1024);
        }
    }

    @Test
    void sendTo_fromAClosedReceiver_isAClearError() {
        UdpReceiver receiver = collecting().start();
        InetSocketAddress address = receiver.localAddress();
        receiver.close();
        assertThatThrownBy(() -> receiver.sendTo(address, "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("receiver on " + address + " is closed; cannot send to " + address);
    }

    @Test
    void toString_namesTheAddress() {
        UdpReceiver receiver = collecting().start();
        assertThat(receiver).hasToString("UdpReceiver[" + receiver.localAddress() + "]");
        receiver.close();
        assertThat(receiver).hasToString("UdpReceiver[" + receiver.localAddress() + ", closed]");
    }
}
