package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.internal.KernelUdpTable;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close() from many threads and interrupted threads; thread factories that misbehave; the executor byte bound. */
@Timeout(120)
class LifecycleTest {

    private static List<Thread> aliveThreadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).toList();
    }

    private static long openFds() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Each of 8 threads calls close(); when any call returns, no receive thread lives and the port binds again. */
    @Test
    void concurrentClose_everyCallerReturnsOnlyAfterTheThreadsEnded() throws Exception {
        ExecutorService closers = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                UdpReceiver receiver = UdpReceiver.builder().bind("127.0.0.1", 0).reusePort(16)
                        .onDatagram(d -> { }).start();
                InetSocketAddress address = receiver.localAddress();
                String prefix = "udpkit-receiver-" + address;
                CyclicBarrier together = new CyclicBarrier(8);
                List<Future<List<Thread>>> results = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    results.add(closers.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        receiver.close();
                        return aliveThreadsNamed(prefix);
                    }));
                }
                for (Future<List<Thread>> result : results) {
                    assertThat(result.get(10, TimeUnit.SECONDS)).as("round %d: receive threads alive after a close "
                            + "returned", round).isEmpty();
                }
                try (UdpReceiver again = UdpReceiver.builder().bind(address).onDatagram(d -> { }).start()) {
                    assertThat(again.localAddress()).isEqualTo(address);
                }
            }
        } finally {
            closers.shutdownNow();
        }
    }

    @Test
    void closeOnAnInterruptedThread_stillWaits_andKeepsTheInterrupt() throws Exception {
        for (int round = 0; round < 20; round++) {
            UdpReceiver receiver = UdpReceiver.builder().reusePort(4).bind("127.0.0.1", 0)
                    .onDatagram(d -> { }).start();
            String prefix = "udpkit-receiver-" + receiver.localAddress();
            Thread.currentThread().interrupt();
            try {
                receiver.close();
                assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(aliveThreadsNamed(prefix)).as("round %d", round).isEmpty();
        }
    }

    @Test
    void receiveBehindAnotherReceive_honoursItsOwnTimeout() throws Exception {
        try (UdpSender sender = UdpSender.builder().bind("127.0.0.1", 0).build()) {
            CountDownLatch holding = new CountDownLatch(1);
            Thread first = new Thread(() -> {
                holding.countDown();
                sender.receive(Duration.ofSeconds(3));
            });
            first.start();
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(WAIT).until(() -> first.getState() == Thread.State.RUNNABLE
                    || first.getState() == Thread.State.TIMED_WAITING);
            long start = System.nanoTime();
            assertThat(sender.receive(Duration.ofMillis(100))).isEmpty();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).as("receive(100 ms) behind receive(3 s)").isLessThan(1_500);
            first.join(10_000);
        }
    }

    @Test
    void receiveWaitingBehindAnother_isInterruptible_andLeavesTheSocketOpen() throws Exception {
        try (UdpSender sender = UdpSender.builder().bind("127.0.0.1", 0).build()) {
            Thread holder = new Thread(() -> sender.receive(Duration.ofSeconds(3)));
            holder.start();
            await().atMost(WAIT).until(() -> holder.getState() == Thread.State.RUNNABLE);
            BlockingQueue<Throwable> thrown = new LinkedBlockingQueue<>();
            Thread waiter = new Thread(() -> {
                try {
                    sender.receive(Duration.ofSeconds(30));
                } catch (Throwable t) {
                    thrown.add(t);
                }
            });
            waiter.start();
            await().atMost(WAIT).until(() -> waiter.getState() == Thread.State.WAITING
                    || waiter.getState() == Thread.State.TIMED_WAITING);
            waiter.interrupt();
            assertThat(thrown.poll(5, TimeUnit.SECONDS)).isInstanceOf(UdpException.class)
                    .hasMessage("receive on " + sender.localAddress() + " was interrupted while it waited for another "
                            + "thread's receive to finish; the socket stays open");
            assertThat(sender.isOpen()).isTrue();
            holder.join(10_000);
        }
    }

    @Test
    void threadFactoryReturningAStartedThread_isRefused_andNothingIsLeftOpen() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd");
        long before = openFds();
        ThreadFactory startsIt = r -> {
            Thread t = new Thread(r, "udpkit-test-prestarted");
            t.start();
            return t;
        };
        assertThatThrownBy(() -> UdpReceiver.builder().threadFactory(startsIt).onDatagram(d -> { }).start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("threadFactory returned a thread that was already started "
                        + "(udpkit-test-prestarted, ")
                .hasMessageEndingWith("; it must return a new, unstarted thread");
        await().atMost(WAIT).until(() -> aliveThreadsNamed("udpkit-test-prestarted").isEmpty());
        await().atMost(WAIT).until(() -> openFds() == before);
    }

    @Test
    void threadFactoryReturningTheSameThreadTwice_isRefused_andNothingIsLeftOpen() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd");
        long before = openFds();
        Thread[] once = new Thread[1];
        ThreadFactory same = r -> {
            if (once[0] == null) {
                once[0] = new Thread(r, "udpkit-test-same");
            }
            return once[0];
        };
        assertThatThrownBy(() -> UdpReceiver.builder().bind("127.0.0.1", 0).reusePort(2).threadFactory(same)
                .onDatagram(d -> { }).start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("threadFactory returned the same thread twice (udpkit-test-same) for the "
                        + "receiver on /127.0.0.1:")
                .hasMessageEndingWith("; it must return a new thread on every call");
        assertThat(once[0].getState()).isEqualTo(Thread.State.NEW);
        await().atMost(WAIT).until(() -> openFds() == before);
    }

    @Test
    void threadFactoryReturningNullThrowingOrIgnoringTheTask_isRefused_andNothingIsLeftOpen() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd");
        long before = openFds();
        assertThatThrownBy(() -> UdpReceiver.builder().threadFactory(r -> null).onDatagram(d -> { }).start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("threadFactory returned null for the receiver on /127.0.0.1:");
        assertThatThrownBy(() -> UdpReceiver.builder().threadFactory(r -> {
            throw new SecurityException("no threads for you");
        }).onDatagram(d -> { }).start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasCauseExactlyInstanceOf(SecurityException.class)
                .hasMessageEndingWith(": java.lang.SecurityException: no threads for you");
        assertThatThrownBy(() -> UdpReceiver.builder().threadFactory(r -> new Thread(() -> { }, "udpkit-test-idle"))
                .onDatagram(d -> { }).start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the thread udpkit-test-idle made by threadFactory did not run the receive "
                        + "loop of the receiver on /127.0.0.1:")
                .hasMessageEndingWith(": it ended without running it; a thread factory must return a thread that "
                        + "runs the Runnable it is given");
        await().atMost(WAIT).until(() -> openFds() == before);
    }

    /** 20 datagrams of 60,000 bytes against a blocked executor and maxPendingBytes of 3 of them: 3 wait, 17 drop. */
    @Test
    void maxPendingBytes_boundsTheHeapHeldForTheExecutor() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        BlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().executor(pool).maxPendingBytes(3 * 60_000L)
                .onDatagram(d -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .onError(errors::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            for (int i = 0; i < 20; i++) {
                sender.send(new byte[60_000]);
            }
            // an overflow is counted just after its reception: wait for all 17, with the 3 admitted still held
            await().atMost(WAIT).until(() -> receiver.stats().received() == 20 && receiver.stats().inFlight() == 3);
            // the first is running (it left the backlog only when it returns), two more wait: 3 admitted in all
            assertThat(receiver.stats().overflowed()).isEqualTo(17);
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).hasMessage("the callback executor is "
                    + 180_000 + " bytes behind (maxPendingBytes); dropped the 60000-byte datagram from "
                    + sender.localAddress() + " (1 dropped by this socket so far, see stats().overflowed()); raise "
                    + "maxPendingBytes or speed up the listener");
            release.countDown();
            await().atMost(WAIT).until(() -> receiver.stats().inFlight() == 0);
            assertThat(receiver.stats()).isEqualTo(TestStats.expect().received(20).bytes(1_200_000).delivered(3)
                    .overflowed(17).kernelDrops(UdpReceiverTest.NO_KERNEL_DROPS));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A second, independent reusePort receiver on the same port is warned about, and each receiver's kernelDrops
     * counts its own sockets only.
     */
    @Test
    void kernelDrops_countOnlyTheReceiversOwnSockets_andASharedPortIsWarnedAbout() throws Exception {
        Assumptions.assumeTrue(KernelUdpTable.available(), "the kernel's UDP table (/proc/net/udp) is Linux only");
        CountDownLatch release = new CountDownLatch(1);
        try (LogCapture log = new LogCapture(UdpReceiver.class);
             UdpReceiver first = UdpReceiver.builder().bind("127.0.0.1", 0).reusePort(2)
                     .onDatagram(d -> { }).start()) {
            assertThat(log.messages()).isEmpty();
            try (UdpReceiver second = UdpReceiver.builder().bind(first.localAddress()).reusePort(2)
                    .receiveBufferSize(4096)
                    .onDatagram(d -> {
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }).start()) {
                assertThat(log.messages()).singleElement().asString()
                        .startsWith("WARNING another socket already listens on " + first.localAddress()
                                + " with SO_REUSEPORT (inode ")
                        .contains(" (in this process), inode ")
                        .endsWith("the kernel splits incoming datagrams between it and this receiver's 2 sockets, "
                                + "so this receiver sees only part of the traffic; bind another port unless that is "
                                + "what you want");
                // one sender per source port: the kernel hashes each to one socket; some land on `second`'s
                for (int s = 0; s < 16 && second.stats().kernelDrops().orElse(0) == 0; s++) {
                    try (UdpSender sender = UdpSender.builder().target(first.localAddress()).build()) {
                        for (int i = 0; i < 300; i++) {
                            sender.send(new byte[1024]);
                        }
                    }
                }
                await().atMost(WAIT).until(() -> second.stats().kernelDrops().orElse(0) > 0);
                assertThat(first.stats().kernelDrops()).hasValue(0);
                release.countDown();
            }
        }
    }
}
