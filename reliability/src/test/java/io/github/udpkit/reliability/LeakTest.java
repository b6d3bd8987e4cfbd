package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.Faults;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 cycles of open, start, use and close of receivers, senders, peers and proxies leave no udpkit thread alive
 * and the process's open file descriptors back at the count they started from.
 */
@Timeout(180)
class LeakTest {
    static final int CYCLES = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void thousandCycles_leaveNoThreadAndNoFileDescriptor() throws Exception {
        Assumptions.assumeTrue(Resources.fdsVisible(), "/proc/self/fd is Linux only");
        for (int i = 0; i < 20; i++) {
            cycle(i); // warm-up: class loading and the JDK's lazily opened files happen once, before the baseline
        }
        awaitNoUdpkitThreads(List.of());
        List<String> threadsBefore = Resources.udpkitThreads();
        long fdsBefore = Resources.openFds();
        List<String> fdTargetsBefore = Resources.fdTargets();

        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle(i);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // bounded settle: daemon threads of a closed proxy may take a moment to be reaped
        awaitNoUdpkitThreads(threadsBefore);
        await().atMost(WAIT).until(() -> Resources.openFds() <= fdsBefore);
        assertThat(Resources.udpkitThreads()).isEqualTo(threadsBefore);
        // No socket that was not there before, and no more descriptors in all. Not "exactly as many": the baseline
        // may hold a transient descriptor (a directory being listed, a jar being read) that is gone afterwards.
        List<String> fdTargetsAfter = Resources.fdTargets();
        assertThat(sockets(fdTargetsAfter)).as("sockets after %d cycles; before: %s, now: %s", CYCLES,
                fdTargetsBefore, fdTargetsAfter).isSubsetOf(sockets(fdTargetsBefore));
        assertThat(Resources.openFds()).as("open file descriptors after %d cycles; before: %s, now: %s", CYCLES,
                fdTargetsBefore, fdTargetsAfter).isLessThanOrEqualTo(fdsBefore);
        System.out.println("FIGURE leaks: " + CYCLES + " cycles in " + millis + " ms, udpkit threads before "
                + threadsBefore.size() + " after " + Resources.udpkitThreads().size() + ", fds before " + fdsBefore
                + " after " + Resources.openFds());
    }

    private static void awaitNoUdpkitThreads(List<String> expected) {
        await().atMost(WAIT).until(() -> Resources.udpkitThreads().equals(expected));
    }

    /**
     * One cycle: a receiver and a connected sender exchange a datagram (every tenth receiver is closed from inside its
     * own listener); an unconnected sender talks to a UdpPeer through a UdpFaultProxy, and the peer answers.
     */
    private static void cycle(int i) throws InterruptedException {
        BlockingQueue<Datagram> got = new ArrayBlockingQueue<>(4);
        boolean closeInside = i % 10 == 0;
        UdpReceiver[] self = new UdpReceiver[1];
        try (UdpReceiver receiver = UdpReceiver.builder()
                .onDatagram(d -> {
                    got.add(d);
                    if (closeInside) {
                        self[0].close();
                    }
                })
                .start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            self[0] = receiver;
            sender.send("cycle " + i);
            Datagram d = got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(d).as("cycle %d: the receiver got the datagram", i).isNotNull();
            assertThat(d.text()).isEqualTo("cycle " + i);
            if (closeInside) {
                await().atMost(WAIT).until(() -> !receiver.isOpen());
            }
        }
        try (UdpPeer peer = UdpPeer.builder().echo().start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).seed(i)
                     .toTarget(Faults.none()).start();
             UdpSender client = UdpSender.builder().target(proxy.address()).connected(false).build()) {
            client.send("peer " + i);
            assertThat(peer.take(WAIT).text()).isEqualTo("peer " + i);
            Datagram echoed = client.receive(WAIT).orElseThrow(() -> new AssertionError("no echo in cycle " + i));
            assertThat(new String(echoed.payload(), StandardCharsets.UTF_8)).isEqualTo("peer " + i);
        }
    }

    /** The socket descriptors among {@link Resources#fdTargets()}: {@code "37 -> socket:[795946]"}. */
    private static List<String> sockets(List<String> fdTargets) {
        return fdTargets.stream().filter(t -> t.contains("-> socket:[")).toList();
    }
}
