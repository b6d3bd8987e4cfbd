package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.internal.linux.LinuxNative;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Which engine runs, and what each refuses. This suite runs twice on JDK 22+: from the class directory (where the
 * JVM ignores {@code META-INF/versions}, so NIO) and on the packaged jar with native access ({@code
 * udpkit.expectedEngine=NATIVE}, set by that execution).
 */
class EngineTest {
    private static final UdpEngine EXPECTED = UdpEngine.valueOf(System.getProperty("udpkit.expectedEngine", "NIO"));

    @Test
    void auto_runsTheEngineThisJvmCanRun_andSaysWhich() throws Exception {
        assertThat(LinuxNative.isAvailable()).isEqualTo(EXPECTED == UdpEngine.NATIVE);
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(got::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            assertThat(receiver.engine()).isEqualTo(EXPECTED);
            assertThat(sender.engine()).isEqualTo(EXPECTED);
            sender.send("engine");
            assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).text()).isEqualTo("engine");
        }
    }

    @Test
    void nio_isAlwaysAvailable_andAnEngineOfEachKindTalkToEachOther() throws Exception {
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().engine(UdpEngine.NIO).onDatagram(got::add).start();
             UdpSender sender = UdpSender.builder().engine(UdpEngine.AUTO).target(receiver.localAddress()).build()) {
            assertThat(receiver.engine()).isEqualTo(UdpEngine.NIO);
            sender.send("nio");
            assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).text()).isEqualTo("nio");
        }
    }

    @Test
    void native_whereItCannotRun_isRefusedSayingWhyAndWhatToAdd() {
        if (EXPECTED == UdpEngine.NATIVE) {
            try (UdpReceiver receiver = UdpReceiver.builder().engine(UdpEngine.NATIVE).onDatagram(d -> { }).start()) {
                assertThat(receiver.engine()).isEqualTo(UdpEngine.NATIVE);
            }
            return;
        }
        String reason = LinuxNative.unavailableReason().orElseThrow();
        assertThatThrownBy(() -> UdpReceiver.builder().engine(UdpEngine.NATIVE).onDatagram(d -> { }).start())
                .isExactlyInstanceOf(UdpException.class)
                .hasMessage("engine(NATIVE) cannot run here: " + reason + "; or use engine(AUTO), which falls back "
                        + "to NIO");
        assertThatThrownBy(() -> UdpSender.builder().engine(UdpEngine.NATIVE).build())
                .isExactlyInstanceOf(UdpException.class)
                .hasMessage("engine(NATIVE) cannot run here: " + reason + "; or use engine(AUTO), which falls back "
                        + "to NIO");
    }

    @Test
    void whatAnEngineCannotDo_isRefusedAtBuild() {
        assertThatThrownBy(() -> UdpReceiver.builder().engine(UdpEngine.NIO).receiveOffload(true)
                .onDatagram(d -> { }).start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("receiveOffload(true) needs the native engine (UDP_GRO), but engine(NIO) was chosen; use "
                        + "engine(AUTO) or engine(NATIVE)");
        assertThatThrownBy(() -> UdpSender.builder().dontFragment(true).pathMtuDiscovery(PathMtuDiscovery.WANT)
                .build())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("dontFragment(true) is pathMtuDiscovery(DO) and contradicts pathMtuDiscovery(WANT); set "
                        + "only one of them");
    }

    @Test
    void dontFragment_runsOnTheEngineAutoPicks_theNativeOneToo() {
        Assumptions.assumeTrue(EXPECTED == UdpEngine.NATIVE || Runtime.version().feature() >= 19,
                "dontFragment on NIO needs JDK 19 (IP_DONTFRAGMENT); SocketOptionsTest checks the refusal");
        try (UdpSender sender = UdpSender.builder().dontFragment(true).build()) {
            assertThat(sender.engine()).isEqualTo(EXPECTED);
        }
        if (EXPECTED == UdpEngine.NATIVE) {
            try (UdpSender sender = UdpSender.builder().engine(UdpEngine.NATIVE).dontFragment(true)
                    .pathMtuDiscovery(PathMtuDiscovery.DO).build()) {
                assertThat(sender.engine()).isEqualTo(UdpEngine.NATIVE);
            }
        }
    }

    @Test
    void options_areValidated() {
        assertThatThrownBy(() -> UdpReceiver.builder().engine(null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("engine must not be null");
        assertThatThrownBy(() -> UdpSender.builder().engine(null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("engine must not be null");
        assertThatThrownBy(() -> UdpReceiver.builder().receiveBatch(0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("receiveBatch must be between 1 and 1024, was 0");
        assertThatThrownBy(() -> UdpReceiver.builder().receiveBatch(1025))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("receiveBatch must be between 1 and 1024, was 1025");
    }

    @Test
    void truncatedDatagrams_sayTheirRealLengthWhereTheEngineKnowsIt() throws Exception {
        BlockingQueue<Datagram> cut = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().maxDatagramSize(10).onDatagram(d -> { })
                .onTruncated(cut::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send(TestDatagrams.pattern(25));
            Datagram d = cut.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(d.truncated()).isTrue();
            assertThat(d.payload()).isEqualTo(java.util.Arrays.copyOf(TestDatagrams.pattern(25), 10));
            if (receiver.engine() == UdpEngine.NATIVE) {
                assertThat(d.originalLength()).hasValue(25);
            } else {
                assertThat(d.originalLength()).isEmpty();
            }
        }
    }

    @Test
    void aConnectedNativeSender_sendsEmptyDatagrams() throws Exception {
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(got::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            if (sender.engine() == UdpEngine.NIO) {
                assertThatThrownBy(() -> sender.send(new byte[0])).isExactlyInstanceOf(UdpException.class);
                return;
            }
            sender.send(new byte[0]);
            sender.send("after");
            assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).length()).isZero();
            assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).text()).isEqualTo("after");
        }
    }

    /**
     * A native socket cannot be closed by an interrupt: an interrupt of a receive thread from outside, while it waits
     * in the kernel, leaves the receiver running (the interrupt is cleared and reported after the next datagram). NIO's
     * behaviour is in InterruptTest and UserCodeGuardTest.
     */
    @Test
    void nativeSockets_surviveInterrupts() throws Exception {
        if (EXPECTED != UdpEngine.NATIVE) {
            return;
        }
        BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        BlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().threadFactory(r -> {
            Thread t = new Thread(r, "udpkit-test-native-receive");
            threads.add(t);
            return t;
        }).onDatagram(got::add).onError(errors::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            Thread receiveThread = threads.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            sender.send("before");
            assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).text()).isEqualTo("before");
            receiveThread.interrupt();
            sender.send("after");
            assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).text()).isEqualTo("after");
            assertThat(receiver.isOpen()).isTrue();
            assertThat(receiver.failure()).isEmpty();
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).hasMessageContaining("left it interrupted");

            assertThat(sender.isOpen()).isTrue();
        }
    }

    /**
     * Receive offload through the seam: a GSO batch (one target, one size, a shorter last) into a receiver with
     * {@code receiveOffload(true)} arrives as exactly the datagrams sent, in order, counted one by one.
     */
    @Test
    void receiveOffload_splitsCoalescedReadsBackIntoTheDatagramsSent() throws Exception {
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().receiveOffload(true).onDatagram(got::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build();
             DatagramBatch batch = sender.newBatch(40)) {
            for (int i = 0; i < 39; i++) {
                byte[] payload = TestDatagrams.pattern(1000);
                payload[0] = (byte) i;
                batch.add(payload);
            }
            batch.add(TestDatagrams.pattern(123));
            for (int round = 0; round < 5; round++) {
                sender.send(batch);
                for (int i = 0; i < 39; i++) {
                    Datagram d = got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(d.length()).as("round %d datagram %d", round, i).isEqualTo(1000);
                    assertThat(d.payload()[0]).isEqualTo((byte) i);
                }
                assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).payload())
                        .isEqualTo(TestDatagrams.pattern(123));
            }
            assertThat(TestStats.settled(receiver, 200).delivered()).isEqualTo(200);
        }
    }
}
