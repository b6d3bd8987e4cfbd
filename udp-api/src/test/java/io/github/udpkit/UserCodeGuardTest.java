package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every piece of user code that runs on the receive thread is guarded the same way: whatever it throws is counted and
 * reported, an interrupt it leaves is cleared and reported, and the loop goes on with the socket open. One test per
 * member of that class: onDatagram, onDatagramView, onTruncated, onError, acceptFrom, the executor's execute (throwing
 * something other than RejectedExecutionException, before and after running the task), a direct executor and a
 * caller-runs executor.
 */
@Timeout(60)
class UserCodeGuardTest {
    private static final String CLEARED = " left it interrupted after the datagram from ";

    private final BlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();

    /** Sends "first" and "second" and asserts both were handled, the receiver is open and the interrupt reported. */
    private void assertSurvivesInterrupt(UdpReceiver receiver, String what) throws Exception {
        try (UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("first");
            assertThat(delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as(what).isEqualTo("first");
            sender.send("second");
            assertThat(delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as(what).isEqualTo("second");
            UdpException error = errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(error).as(what).isInstanceOf(UdpListenerException.class);
            assertThat(error.getMessage()).as(what).isEqualTo("code run by the receive thread of "
                    + receiver.localAddress() + " (a listener, acceptFrom, the executor or onError)" + CLEARED
                    + sender.localAddress() + "; udpkit cleared the interrupt to keep the socket open");
            assertThat(receiver.isOpen()).as(what).isTrue();
            assertThat(receiver.failure()).as(what).isEmpty();
        }
    }

    private void onceInterrupt(AtomicInteger calls) {
        if (calls.getAndIncrement() == 0) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void directExecutorWhoseListenerInterrupts_receiverKeepsItsSocket() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (UdpReceiver receiver = UdpReceiver.builder().executor(Runnable::run)
                .onDatagram(d -> {
                    delivered.add(d.text());
                    onceInterrupt(calls);
                })
                .onError(errors::add).start()) {
            assertSurvivesInterrupt(receiver, "direct executor");
        }
    }

    @Test
    void callerRunsExecutorWhoseListenerInterrupts_receiverKeepsItsSocket() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new ThreadPoolExecutor.CallerRunsPolicy());
        pool.execute(() -> {
            try {
                busy.await(30, TimeUnit.SECONDS); // occupies the only worker: every task runs on the caller
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicInteger calls = new AtomicInteger();
        try (UdpReceiver receiver = UdpReceiver.builder().executor(pool)
                .onDatagram(d -> {
                    delivered.add(d.text() + (Thread.currentThread().getName().startsWith("udpkit-") ? "" : "?"));
                    onceInterrupt(calls);
                })
                .onError(errors::add).start()) {
            assertSurvivesInterrupt(receiver, "caller-runs executor");
        } finally {
            busy.countDown();
            pool.shutdown();
        }
    }

    @Test
    void acceptFromThatInterrupts_receiverKeepsItsSocket() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (UdpReceiver receiver = UdpReceiver.builder()
                .acceptFrom(a -> {
                    onceInterrupt(calls);
                    return true;
                })
                .onDatagram(d -> delivered.add(d.text()))
                .onError(errors::add).start()) {
            assertSurvivesInterrupt(receiver, "acceptFrom");
        }
    }

    @Test
    void onErrorThatInterrupts_receiverKeepsItsSocket() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BlockingQueue<String> reported = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder()
                .onDatagram(d -> {
                    delivered.add(d.text());
                    if (d.text().equals("first")) {
                        throw new IllegalStateException("fails once");
                    }
                })
                .onError(e -> {
                    reported.add(e.getMessage());
                    onceInterrupt(calls); // while handling the listener's failure
                })
                .start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("first");
            sender.send("second");
            assertThat(delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("first");
            assertThat(delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("second");
            assertThat(reported.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("onDatagram threw");
            assertThat(reported.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).contains(CLEARED);
            assertThat(receiver.isOpen()).isTrue();
            ReceiverStats stats = TestStats.settled(receiver, 2);
            assertThat(stats.delivered()).isEqualTo(1);
            assertThat(stats.listenerFailures()).isEqualTo(1);
        }
    }

    @Test
    void onTruncatedAndOnDatagramViewThatInterrupt_receiverKeepsItsSocket() throws Exception {
        AtomicInteger viewCalls = new AtomicInteger();
        try (UdpReceiver receiver = UdpReceiver.builder().maxDatagramSize(5)
                .onDatagramView(v -> {
                    delivered.add(v.text());
                    onceInterrupt(viewCalls);
                })
                .onTruncated(d -> {
                    delivered.add("cut:" + d.text());
                    Thread.currentThread().interrupt();
                })
                .onError(errors::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("first");
            sender.send("too long");
            sender.send("third");
            assertThat(List.of(delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)))
                    .containsExactly("first", "cut:too l", "third");
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).getMessage()).contains(CLEARED);
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).getMessage()).contains(CLEARED);
            assertThat(receiver.isOpen()).isTrue();
        }
    }

    /** An executor whose execute throws IllegalStateException without running the task. */
    @Test
    void executorThrowingIllegalState_isCountedAsRejected_andTheLoopGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Executor flaky = task -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("executor is shutting down");
            }
            task.run();
        };
        try (UdpReceiver receiver = UdpReceiver.builder().executor(flaky)
                .onDatagram(d -> delivered.add(d.text())).onError(errors::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("lost");
            sender.send("kept");
            assertThat(delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("kept");
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(UdpListenerException.class)
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessage("executor threw for the datagram from " + sender.localAddress() + " (4 bytes); it "
                            + "was not delivered: java.lang.IllegalStateException: executor is shutting down");
            await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.stats()).isEqualTo(
                    TestStats.expect().received(2).bytes(8).delivered(1).rejected(1)
                            .kernelDrops(UdpReceiverTest.NO_KERNEL_DROPS)));
            assertThat(receiver.isOpen()).isTrue();
        }
    }

    /** An executor that runs the task and then throws: the datagram counts once, as delivered. */
    @Test
    void executorThrowingAfterRunningTheTask_countsTheDatagramOnce() throws Exception {
        Executor runsThenThrows = task -> {
            task.run();
            throw new IllegalStateException("after the fact");
        };
        try (UdpReceiver receiver = UdpReceiver.builder().executor(runsThenThrows)
                .onDatagram(d -> delivered.add(d.text())).onError(errors::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("once");
            sender.send("twice");
            assertThat(delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("once");
            assertThat(delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("twice");
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).hasMessage("executor threw after it ran "
                    + "the task for the datagram from " + sender.localAddress() + " (4 bytes), which was handled: "
                    + "java.lang.IllegalStateException: after the fact");
            await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.stats()).isEqualTo(
                    TestStats.expect().received(2).bytes(9).delivered(2)
                            .kernelDrops(UdpReceiverTest.NO_KERNEL_DROPS)));
        }
    }

    /** Errors, not only exceptions, from every listener are caught: an OutOfMemoryError a listener throws. */
    @Test
    void listenersThrowingErrors_areCountedAndTheLoopGoesOn() throws Exception {
        Consumer<String> thrower = text -> {
            if (text.startsWith("oom")) {
                throw new OutOfMemoryError("simulated by the listener");
            }
            if (text.startsWith("soe")) {
                throw new StackOverflowError();
            }
        };
        try (UdpReceiver receiver = UdpReceiver.builder()
                .acceptFrom(a -> {
                    throw new AssertionError("acceptFrom is an error too");
                })
                .onDatagram(d -> thrower.accept(d.text())).onError(errors::add).start()) {
            try (UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
                sender.send("oom");
            }
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).hasCauseInstanceOf(AssertionError.class);
            await().atMost(WAIT).until(() -> receiver.stats().filtered() == 1);
        }
        try (UdpReceiver receiver = UdpReceiver.builder()
                .onDatagram(d -> thrower.accept(d.text())).onError(e -> {
                    errors.add(e);
                    throw new OutOfMemoryError("and onError too");
                }).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("oom");
            sender.send("soe");
            sender.send("fine");
            await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.stats()).isEqualTo(
                    TestStats.expect().received(3).bytes(10).delivered(1).listenerFailures(2)
                            .kernelDrops(UdpReceiverTest.NO_KERNEL_DROPS)));
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).hasCauseInstanceOf(OutOfMemoryError.class);
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(StackOverflowError.class);
            assertThat(receiver.isOpen()).isTrue();
        }
    }

    /**
     * An interrupt from outside (not user code on the receive thread) while the thread waits in receive closes a
     * DatagramChannel: the receiver reports it, names its address (read before the close), closes every socket and
     * reports itself failed, instead of looking alive with a dead thread.
     */
    @Test
    void externalInterruptOfABlockedReceiveThread_failsTheReceiverVisibly() throws Exception {
        BlockingQueue<Thread> thread = new ArrayBlockingQueue<>(1);
        UdpReceiver receiver = UdpReceiver.builder().engine(UdpEngine.NIO).reusePort(2) // NIO: interrupts close it
                .bind("127.0.0.1", 0)
                .threadFactory(r -> {
                    Thread t = new Thread(r, "udpkit-test-receive");
                    thread.offer(t);
                    return t;
                })
                .onDatagram(d -> { }).onError(errors::add).start();
        try {
            InetSocketAddress address = receiver.localAddress();
            Thread receiveThread = thread.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(WAIT).until(() -> receiveThread.getState() == Thread.State.RUNNABLE
                    && java.util.Arrays.stream(receiveThread.getStackTrace())
                    .anyMatch(f -> f.getMethodName().contains("eceive") && f.getClassName().startsWith("sun.nio.ch")));
            receiveThread.interrupt();
            UdpException error = errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(error).hasMessage("the receive thread of " + address + " was interrupted while it waited for "
                    + "a datagram, which closed its socket (a DatagramChannel is an InterruptibleChannel); the "
                    + "receiver has closed its sockets: never interrupt its thread, and start a new receiver");
            assertThat(receiver.isOpen()).isFalse();
            assertThat(receiver.failure()).containsSame(error);
            await().atMost(WAIT).until(() -> !receiveThread.isAlive());
            // every socket released: the port can be bound again, without reusePort
            try (UdpReceiver again = UdpReceiver.builder().bind(address).onDatagram(d -> { }).start()) {
                assertThat(again.localAddress()).isEqualTo(address);
            }
        } finally {
            receiver.close();
        }
    }
}
