package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.WAIT;
import static io.github.udpkit.TestDatagrams.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.internal.linux.LinuxNative;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the kernel knows about each datagram (destination, TTL, ECN, arrival time, drops) and ICMP errors, with real
 * traffic on loopback. The native-engine tests run in the suite's native execution ({@code udpkit.expectedEngine=
 * NATIVE}) and are skipped, saying so, in the NIO one; the refusals are checked in both.
 */
class DatagramMetadataTest {
    private static final UdpEngine EXPECTED = UdpEngine.valueOf(System.getProperty("udpkit.expectedEngine", "NIO"));

    private static void assumeNative() {
        Assumptions.assumeTrue(EXPECTED == UdpEngine.NATIVE,
                "needs the native engine: runs in the suite's native execution (JDK 22+, native access)");
    }

    private static InetSocketAddress at(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    private static int loopbackIndex() throws Exception {
        return NetworkInterface.getByName("lo").getIndex();
    }

    /** A port nothing listens on: bound, then closed. */
    private static int deadPort() {
        try (UdpReceiver r = UdpReceiver.builder().engine(UdpEngine.NIO).onDatagram(d -> { }).start()) {
            return r.localAddress().getPort();
        }
    }

    @Test
    void wildcardReceiver_reportsEachDestination_andRepliesFromTheAddressTheRequestCameTo() throws Exception {
        assumeNative();
        BlockingQueue<Datagram> requests = new LinkedBlockingQueue<>();
        try (UdpReceiver server = UdpReceiver.builder().bind("0.0.0.0", 0).onRequest((request, receiver) -> {
            requests.add(request);
            receiver.reply(request, "re: " + request.text());
        }).start();
             UdpSender client = UdpSender.builder().bind("127.0.0.1", 0).build()) {
            int port = server.localAddress().getPort();
            for (String host : new String[] {"127.0.0.1", "127.0.0.2"}) {
                client.sendTo(at(host, port), "to " + host);
                Datagram request = next(requests);
                assertThat(request.text()).isEqualTo("to " + host);
                assertThat(request.destination()).contains(at(host, port));
                assertThat(request.interfaceIndex()).hasValue(loopbackIndex());
                Datagram reply = client.receive(WAIT).orElseThrow();
                assertThat(reply.text()).isEqualTo("re: to " + host);
                assertThat(reply.sender()).as("the reply leaves from the address asked").isEqualTo(at(host, port));
            }
        }
    }

    @Test
    void wildcardReceiverOnNio_cannotTellTheDestination_andRepliesFromTheRoutesAddress() throws Exception {
        BlockingQueue<Datagram> requests = new LinkedBlockingQueue<>();
        try (UdpReceiver server = UdpReceiver.builder().engine(UdpEngine.NIO).bind("0.0.0.0", 0)
                .onRequest((request, receiver) -> {
                    requests.add(request);
                    receiver.reply(request, "re");
                }).start();
             UdpSender client = UdpSender.builder().engine(UdpEngine.NIO).bind("127.0.0.1", 0).build()) {
            int port = server.localAddress().getPort();
            client.sendTo(at("127.0.0.2", port), "to .2");
            assertThat(next(requests).destination()).isEmpty();
            // the problem the native engine solves: the answer comes from another address than the one asked
            assertThat(client.receive(WAIT).orElseThrow().sender()).isEqualTo(at("127.0.0.1", port));
        }
    }

    @Test
    void dualStackWildcardReceiver_reportsIpv4AndIpv6Destinations_andAnswersFromEach() throws Exception {
        assumeNative();
        BlockingQueue<Datagram> requests = new LinkedBlockingQueue<>();
        try (UdpReceiver server = UdpReceiver.builder().bind("::", 0).onRequest((request, receiver) -> {
            requests.add(request);
            receiver.reply(request, request.payload());
        }).start();
             UdpSender v4 = UdpSender.builder().bind("127.0.0.1", 0).build();
             UdpSender v6 = UdpSender.builder().bind("::1", 0).build()) {
            int port = server.localAddress().getPort();
            v4.sendTo(at("127.0.0.2", port), "four");
            Datagram four = next(requests);
            assertThat(four.destination()).contains(at("127.0.0.2", port));
            assertThat(v4.receive(WAIT).orElseThrow().sender()).isEqualTo(at("127.0.0.2", port));
            v6.sendTo(at("::1", port), "six");
            Datagram six = next(requests);
            assertThat(six.destination()).contains(at("::1", port));
            assertThat(six.interfaceIndex()).hasValue(loopbackIndex());
            assertThat(v6.receive(WAIT).orElseThrow().sender()).isEqualTo(at("::1", port));
        }
    }

    @Test
    void receiverBoundToOneAddress_reportsThatAddress_onEitherEngine() throws Exception {
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        for (UdpEngine engine : EXPECTED == UdpEngine.NATIVE ? new UdpEngine[] {UdpEngine.NIO, UdpEngine.NATIVE}
                : new UdpEngine[] {UdpEngine.NIO}) {
            try (UdpReceiver receiver = UdpReceiver.builder().engine(engine).bind("127.0.0.2", 0)
                    .onDatagram(got::add).start();
                 UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
                sender.send("x");
                Datagram d = next(got);
                assertThat(d.destination()).as(engine.name()).contains(receiver.localAddress());
                assertThat(d.ttl()).as("not asked for").isEmpty();
                assertThat(d.ecn()).isEmpty();
                assertThat(d.kernelDrops()).isEmpty();
                assertThat(d.kernelTimestamp()).isFalse();
            }
        }
    }

    @Test
    void ttlAndHopLimit_setByTheSender_areReadByTheReceiver() throws Exception {
        assumeNative();
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        try (UdpReceiver v4 = UdpReceiver.builder().metadata(DatagramMetadata.TTL).onDatagram(got::add).start();
             UdpReceiver v6 = UdpReceiver.builder().bind("::1", 0).metadata(DatagramMetadata.TTL)
                     .onDatagram(got::add).start();
             UdpSender seven = UdpSender.builder().ttl(7).build();
             UdpSender plain = UdpSender.builder().build()) {
            assertThat(seven.engine()).isEqualTo(UdpEngine.NATIVE);
            seven.sendTo(v4.localAddress(), "seven");
            assertThat(next(got).ttl()).hasValue(7);
            plain.sendTo(v4.localAddress(), "default");
            assertThat(next(got).ttl()).as("Linux's default TTL").hasValue(64);
            seven.sendTo(v6.localAddress(), "seven hops");
            Datagram d = next(got);
            assertThat(d.text()).isEqualTo("seven hops");
            assertThat(d.ttl()).hasValue(7);
        }
    }

    @Test
    void withReceiveOffload_everyDatagramOfACoalescedRead_carriesTheReadsMetadata() throws Exception {
        assumeNative();
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().bind("0.0.0.0", 0).receiveOffload(true)
                .metadata(DatagramMetadata.TTL).onDatagram(got::add).start();
             UdpSender sender = UdpSender.builder().ttl(5)
                     .target(at("127.0.0.2", receiver.localAddress().getPort())).build();
             DatagramBatch batch = sender.newBatch(16)) {
            for (int i = 0; i < 16; i++) {
                batch.add(new byte[] {(byte) i, 1, 2, 3, 4, 5, 6, 7});
            }
            sender.send(batch);
            for (int i = 0; i < 16; i++) {
                Datagram d = next(got);
                assertThat(d.payload()).as("datagram %d", i).containsExactly(i, 1, 2, 3, 4, 5, 6, 7);
                assertThat(d.ttl()).hasValue(5);
                assertThat(d.destination()).contains(at("127.0.0.2", receiver.localAddress().getPort()));
            }
        }
    }

    @Test
    void ecnPerDatagram_isReadBackByTheReceiver_andKeepsTheSocketsDscp() throws Exception {
        assumeNative();
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().metadata(DatagramMetadata.ECN, DatagramMetadata.TTL)
                .onDatagram(got::add).start();
             UdpReceiver v6 = UdpReceiver.builder().bind("::1", 0).metadata(DatagramMetadata.ECN)
                     .onDatagram(got::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).trafficClass(0xb8).build();
             UdpSender sixSender = UdpSender.builder().target(v6.localAddress()).build()) {
            for (Ecn ecn : Ecn.values()) {
                sender.send(ByteBuffer.wrap(ecn.name().getBytes(StandardCharsets.UTF_8)), ecn);
                Datagram d = next(got);
                assertThat(d.text()).isEqualTo(ecn.name());
                assertThat(d.ecn()).contains(ecn);
            }
            sender.send("socket default"); // 0xb8: DSCP EF, not ECN-capable
            assertThat(next(got).ecn()).contains(Ecn.NOT_ECT);
            sixSender.send(ByteBuffer.wrap(new byte[] {6}), Ecn.CE);
            assertThat(next(got).ecn()).contains(Ecn.CE);
        }
    }

    @Test
    void replyWithEcn_carriesTheCodepoint() throws Exception {
        assumeNative();
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        try (UdpReceiver server = UdpReceiver.builder().onRequest((request, receiver) ->
                receiver.reply(request, ByteBuffer.wrap(request.payload()), Ecn.ECT_1)).start();
             UdpReceiver client = UdpReceiver.builder().metadata(DatagramMetadata.ECN).onDatagram(got::add).start()) {
            client.sendTo(server.localAddress(), "ping".getBytes(StandardCharsets.UTF_8));
            Datagram reply = next(got);
            assertThat(reply.text()).isEqualTo("ping");
            assertThat(reply.ecn()).contains(Ecn.ECT_1);
        }
    }

    @Test
    void kernelTimestamps_areTheKernelsArrivalTime() throws Exception {
        assumeNative();
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().metadata(DatagramMetadata.KERNEL_TIMESTAMP)
                .onDatagram(got::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            Instant before = Instant.now();
            sender.send("now");
            Datagram d = next(got);
            Instant after = Instant.now();
            assertThat(d.kernelTimestamp()).isTrue();
            assertThat(d.receivedAt()).isBetween(before.minusMillis(50), after);
        }
    }

    @Test
    void dropsProvokedWithATinyBuffer_areAttributedToTheRightGap() throws Exception {
        assumeNative();
        int total = 300;
        List<Datagram> got = new ArrayList<>();
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (UdpReceiver receiver = UdpReceiver.builder().receiveBufferSize(4096).receiveBatch(1)
                .metadata(DatagramMetadata.KERNEL_DROPS).onDatagram(d -> {
                    synchronized (got) {
                        got.add(d);
                    }
                    inListener.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send(sequence(0));
            assertThat(inListener.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < total - 1; i++) { // the loop is held in the listener: the buffer fills, then drops
                sender.send(sequence(i));
            }
            release.countDown();
            await().atMost(WAIT).until(() -> receiver.stats().inFlight() == 0
                    && receiver.stats().kernelDrops().orElse(0) + receiver.stats().received() == total - 1);
            long before = receiver.stats().received();
            sender.send(sequence(total - 1)); // a last one, to carry the count past the last gap
            TestStats.settled(receiver, before + 1);
            List<Datagram> seen;
            synchronized (got) {
                seen = List.copyOf(got);
            }
            long gaps = 0;
            for (int i = 1; i < seen.size(); i++) {
                int lost = seq(seen.get(i)) - seq(seen.get(i - 1)) - 1;
                long counted = seen.get(i).kernelDrops().orElseThrow() - seen.get(i - 1).kernelDrops().orElseThrow();
                assertThat(counted).as("drops counted between %d and %d", seq(seen.get(i - 1)), seq(seen.get(i)))
                        .isEqualTo(lost);
                gaps += lost;
            }
            assertThat(seen.get(0).kernelDrops()).hasValue(0);
            assertThat(seq(seen.get(seen.size() - 1))).isEqualTo(total - 1);
            assertThat(gaps).as("a buffer of 4 KiB must overflow").isPositive().isEqualTo(total - seen.size());
            assertThat(receiver.stats().kernelDrops()).hasValue(gaps);
        }
    }

    private static byte[] sequence(int n) {
        byte[] payload = new byte[1000];
        ByteBuffer.wrap(payload).putInt(n);
        return payload;
    }

    private static int seq(Datagram d) {
        return d.buffer().getInt(0);
    }

    @Test
    void icmpPortUnreachable_onAnUnconnectedReceiver_reachesTheListener_andTheLoopReadsOn() throws Exception {
        assumeNative();
        BlockingQueue<IcmpError> icmp = new LinkedBlockingQueue<>();
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        BlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();
        InetSocketAddress dead = at("127.0.0.1", deadPort());
        try (UdpReceiver receiver = UdpReceiver.builder().onIcmpError(icmp::add).onError(errors::add)
                .onDatagram(got::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            receiver.sendTo(dead, "anyone?".getBytes(StandardCharsets.UTF_8));
            IcmpError error = icmp.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(error).isNotNull();
            assertThat(error.kind()).isEqualTo(IcmpError.Kind.PORT_UNREACHABLE);
            assertThat(error.origin()).isEqualTo(IcmpError.Origin.ICMP);
            assertThat(error.type()).isEqualTo(3);
            assertThat(error.code()).isEqualTo(3);
            assertThat(error.reason()).isEqualTo("Connection refused");
            assertThat(error.destination()).contains(dead);
            assertThat(error.reporter()).contains(InetAddress.getByName("127.0.0.1"));
            assertThat(error.mtu()).isEmpty();
            assertThat(error).hasToString("IcmpError[PORT_UNREACHABLE, ICMP type 3 code 3 from /127.0.0.1 for "
                    + dead + ": Connection refused]");
            sender.send("still here");
            assertThat(next(got).text()).isEqualTo("still here");
            assertThat(receiver.isOpen()).isTrue();
            assertThat(receiver.stats().receiveErrors()).isZero();
            assertThat(errors).isEmpty();
            assertThat(icmp).isEmpty();
        }
    }

    /** One probe of {@link #anEarlierIcmpErrorThenProbes}: the {@code n}th send from {@code sender} to {@code live}. */
    private interface Probe {
        void send(UdpSender sender, InetSocketAddress live, BlockingQueue<Datagram> got, int n) throws Exception;
    }

    /** How many probes it took to hear the ICMP error, and the sender's stats then. */
    private record Probed(int probes, SenderStats stats) {
    }

    /**
     * An unconnected sender with {@code onIcmpError} sends to a dead port, then probes a live receiver until it hears
     * the port unreachable (each probe may meet the pending error; bounded by {@code WAIT}); checks the error, and
     * that no send failed.
     */
    private static Probed anEarlierIcmpErrorThenProbes(Probe probe) throws Exception {
        BlockingQueue<IcmpError> icmp = new LinkedBlockingQueue<>();
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        InetSocketAddress dead = at("127.0.0.1", deadPort());
        try (UdpReceiver live = UdpReceiver.builder().onDatagram(got::add).start();
             UdpSender sender = UdpSender.builder().onIcmpError(icmp::add).build()) {
            sender.sendTo(dead, "lost");
            int probes = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (icmp.isEmpty() && System.nanoTime() < deadline) { // bounded by WAIT; each probe drains the queue
                probe.send(sender, live.localAddress(), got, probes);
                probes++;
            }
            IcmpError error = icmp.poll();
            assertThat(error).as("an ICMP error within %s", WAIT).isNotNull();
            assertThat(error.kind()).isEqualTo(IcmpError.Kind.PORT_UNREACHABLE);
            assertThat(error.destination()).contains(dead);
            assertThat(sender.stats().failed()).isZero();
            return new Probed(probes, sender.stats());
        }
    }

    @Test
    void icmpErrorOfAnEarlierDatagram_reachesAnUnconnectedSendersListener_andNeverFailsALaterSend() throws Exception {
        assumeNative();
        Probed probed = anEarlierIcmpErrorThenProbes((sender, live, got, n) -> {
            sender.sendTo(live, "probe " + n);
            assertThat(next(got).text()).isEqualTo("probe " + n);
        });
        assertThat(probed.stats().sent()).isEqualTo(1 + probed.probes());
    }

    @Test
    void icmpErrorOfAnEarlierDatagram_neverFailsALaterBatch() throws Exception {
        assumeNative();
        Probed probed = anEarlierIcmpErrorThenProbes((sender, live, got, n) -> {
            try (DatagramBatch batch = sender.newBatch(3)) {
                for (int i = 0; i < 3; i++) {
                    batch.add(live, ("b" + n + "-" + i).getBytes(StandardCharsets.UTF_8));
                }
                assertThat(sender.send(batch)).isEqualTo(3);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(next(got).text()).isEqualTo("b" + n + "-" + i);
            }
        });
        assertThat(probed.stats().segments()).isEqualTo(3L * probed.probes());
    }

    @Test
    void throwingIcmpListener_isReportedToOnError_andTheReceiverGoesOn() throws Exception {
        assumeNative();
        BlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();
        BlockingQueue<Datagram> got = new LinkedBlockingQueue<>();
        InetSocketAddress dead = at("127.0.0.1", deadPort());
        try (UdpReceiver receiver = UdpReceiver.builder().onIcmpError(e -> {
            throw new IllegalStateException("listener bug");
        }).onError(errors::add).onDatagram(got::add).start()) {
            receiver.sendTo(dead, new byte[] {1});
            UdpException e = errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).isExactlyInstanceOf(UdpListenerException.class);
            assertThat(e.getMessage()).startsWith("onIcmpError threw for IcmpError[PORT_UNREACHABLE")
                    .endsWith("on the receiver on " + receiver.localAddress()
                            + ": java.lang.IllegalStateException: listener bug");
            receiver.sendTo(receiver.localAddress(), new byte[] {2});
            assertThat(next(got).payload()).containsExactly(2);
            assertThat(receiver.isOpen()).isTrue();
        }
    }

    @Test
    void viewListener_readsTheMetadataInPlace_andToDatagramKeepsIt() throws Exception {
        assumeNative();
        BlockingQueue<Object[]> seen = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().bind("0.0.0.0", 0)
                .metadata(DatagramMetadata.TTL, DatagramMetadata.ECN, DatagramMetadata.KERNEL_DROPS)
                .onDatagramView(v -> seen.add(new Object[] {v.destination(), v.ttl(), v.ecn(), v.kernelDrops(),
                        v.interfaceIndex(), v.toDatagram()})).start();
             UdpSender sender = UdpSender.builder().ttl(33).build()) {
            InetSocketAddress to = at("127.0.0.2", receiver.localAddress().getPort());
            sender.sendTo(to, ByteBuffer.wrap(new byte[] {9}), Ecn.ECT_0);
            Object[] v = seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(v).isNotNull();
            assertThat(v[0]).isEqualTo(Optional.of(to));
            assertThat(v[1]).isEqualTo(OptionalInt.of(33));
            assertThat(v[2]).isEqualTo(Optional.of(Ecn.ECT_0));
            assertThat(v[3]).isEqualTo(java.util.OptionalLong.of(0));
            assertThat(v[4]).isEqualTo(OptionalInt.of(loopbackIndex()));
            Datagram kept = (Datagram) v[5];
            assertThat(kept.destination()).contains(to);
            assertThat(kept.ttl()).hasValue(33);
            assertThat(kept.ecn()).contains(Ecn.ECT_0);
            assertThat(kept.kernelDrops()).hasValue(0);
        }
    }

    @Test
    void pathMtu_ofAConnectedSender_isTheRoutesMtu_andEmptyWhereItCannotBeKnown() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(d -> { }).start();
             UdpSender unconnected = UdpSender.builder().target(receiver.localAddress()).connected(false).build()) {
            UdpSender connected = UdpSender.builder().target(receiver.localAddress()).build();
            int loMtu = NetworkInterface.getByName("lo").getMTU();
            try {
                if (EXPECTED == UdpEngine.NATIVE) {
                    assertThat(connected.pathMtu()).as("the route's MTU, at most IP's 65535")
                            .hasValue(Math.min(loMtu, 65535));
                } else {
                    assertThat(connected.pathMtu()).isEmpty();
                }
                assertThat(unconnected.pathMtu()).isEmpty();
            } finally {
                connected.close();
            }
            assertThat(connected.pathMtu()).isEmpty();
        }
    }

    @Test
    void nativeOnlyOptions_onNio_areRefusedAtBuildTime_namingWhatTheyNeed() {
        assertThatThrownBy(() -> UdpReceiver.builder().engine(UdpEngine.NIO).metadata(DatagramMetadata.TTL,
                DatagramMetadata.ECN).onDatagram(d -> { }).start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("metadata(TTL, ECN) needs the native engine, but engine(NIO) was chosen; use engine(AUTO) "
                        + "or engine(NATIVE)");
        assertThatThrownBy(() -> UdpReceiver.builder().engine(UdpEngine.NIO).onIcmpError(e -> { })
                .onDatagram(d -> { }).start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("onIcmpError needs the native engine, but engine(NIO) was chosen; use engine(AUTO) or "
                        + "engine(NATIVE)");
        assertThatThrownBy(() -> UdpSender.builder().engine(UdpEngine.NIO).ttl(5)
                .pathMtuDiscovery(PathMtuDiscovery.DO).build())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("ttl(5) and pathMtuDiscovery(DO) needs the native engine, but engine(NIO) was chosen; use "
                        + "engine(AUTO) or engine(NATIVE)");
        assertThatThrownBy(() -> UdpSender.builder().ttl(5).dontFragment(true)
                .pathMtuDiscovery(PathMtuDiscovery.PROBE).build())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("dontFragment(true) is pathMtuDiscovery(DO) and contradicts pathMtuDiscovery(PROBE); set "
                        + "only one of them");
    }

    @Test
    void nativeOnlyOptions_withAuto_whereNativeCannotRun_areRefusedSayingWhy() {
        Assumptions.assumeTrue(EXPECTED == UdpEngine.NIO, "the native engine runs here");
        String reason = LinuxNative.unavailableReason().orElseThrow();
        assertThatThrownBy(() -> UdpReceiver.builder().metadata(DatagramMetadata.KERNEL_DROPS).onDatagram(d -> { })
                .start())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("metadata(KERNEL_DROPS) needs the native engine, which cannot run here: " + reason);
        assertThatThrownBy(() -> UdpSender.builder().onIcmpError(e -> { }).build())
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("onIcmpError needs the native engine, which cannot run here: " + reason);
    }

    @Test
    void ecnSends_onNio_areRefusedNamingTheEngine() {
        try (UdpReceiver receiver = UdpReceiver.builder().engine(UdpEngine.NIO).onDatagram(d -> { }).start();
             UdpSender sender = UdpSender.builder().engine(UdpEngine.NIO).target(receiver.localAddress()).build()) {
            ByteBuffer payload = ByteBuffer.wrap(new byte[] {1});
            assertThatThrownBy(() -> sender.send(payload, Ecn.ECT_0))
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("a send with an ECN codepoint (ECT_0) needs the native engine; this sender runs on "
                            + "NIO");
            assertThatThrownBy(() -> sender.sendTo(receiver.localAddress(), payload, Ecn.CE))
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("a send with an ECN codepoint (CE) needs the native engine; this sender runs on NIO");
            Datagram request = new Datagram(sender.localAddress(), new byte[1], Instant.EPOCH, false);
            assertThatThrownBy(() -> receiver.reply(request, payload, Ecn.ECT_1))
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("a reply with an ECN codepoint (ECT_1) needs the native engine; this receiver runs on "
                            + "NIO");
            assertThat(payload.position()).as("nothing was consumed").isZero();
        }
    }

    @Test
    void badArguments_areRefusedNamingTheParameter() {
        assertThatThrownBy(() -> UdpReceiver.builder().metadata((DatagramMetadata[]) null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("kinds must not be null");
        assertThatThrownBy(() -> UdpReceiver.builder().metadata(DatagramMetadata.TTL, null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("kinds[1] must not be null");
        assertThatThrownBy(() -> UdpReceiver.builder().onIcmpError(null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("listener must not be null");
        assertThatThrownBy(() -> UdpSender.builder().onIcmpError(null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("listener must not be null");
        assertThatThrownBy(() -> UdpSender.builder().ttl(0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be between 1 and 255, was 0");
        assertThatThrownBy(() -> UdpSender.builder().ttl(256))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be between 1 and 255, was 256");
        assertThatThrownBy(() -> UdpSender.builder().pathMtuDiscovery(null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("mode must not be null");
        assertThatThrownBy(() -> Ecn.ofTrafficClass(256))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("trafficClass must be between 0 and 255, was 256");
        assertThatThrownBy(() -> Ecn.ofTrafficClass(-1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("trafficClass must be between 0 and 255, was -1");
        assertThat(Ecn.ofTrafficClass(0xb9)).isEqualTo(Ecn.ECT_1);
        assertThatThrownBy(() -> new IcmpError(null, IcmpError.Origin.ICMP, 3, 3, "x", null, null, 0))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("kind must not be null");
        assertThatThrownBy(() -> new IcmpError(IcmpError.Kind.OTHER, IcmpError.Origin.ICMP, 256, 3, "x", null,
                null, 0)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("type must be between 0 and 255, was 256");
        assertThatThrownBy(() -> new IcmpError(IcmpError.Kind.OTHER, IcmpError.Origin.ICMP, 3, 3, "x", null,
                null, -1)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("mtu must be between 0 and 65535, was -1");
        ByteBuffer payload = ByteBuffer.allocate(1);
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(d -> { }).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            assertThatThrownBy(() -> sender.send(payload, null))
                    .isExactlyInstanceOf(NullPointerException.class).hasMessage("ecn must not be null");
            assertThatThrownBy(() -> sender.send((ByteBuffer) null, Ecn.CE))
                    .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
            assertThatThrownBy(() -> sender.sendTo(null, payload, Ecn.CE))
                    .isExactlyInstanceOf(NullPointerException.class).hasMessage("to must not be null");
            assertThatThrownBy(() -> receiver.reply(null, payload, Ecn.CE))
                    .isExactlyInstanceOf(NullPointerException.class).hasMessage("request must not be null");
        }
    }

    @Test
    void icmpError_isAValue() throws Exception {
        InetSocketAddress to = at("192.0.2.1", 9);
        IcmpError a = new IcmpError(IcmpError.Kind.TOO_BIG, IcmpError.Origin.ICMP, 3, 4, "Message too long",
                InetAddress.getByName("192.0.2.254"), to, 1280);
        IcmpError b = new IcmpError(IcmpError.Kind.TOO_BIG, IcmpError.Origin.ICMP, 3, 4, "Message too long",
                InetAddress.getByName("192.0.2.254"), to, 1280);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.mtu()).hasValue(1280);
        assertThat(a).hasToString("IcmpError[TOO_BIG, ICMP type 3 code 4 from /192.0.2.254 for " + to
                + ", mtu 1280: Message too long]");
        IcmpError local = new IcmpError(IcmpError.Kind.TOO_BIG, IcmpError.Origin.LOCAL, 0, 0, "Message too long",
                null, to, 1280);
        assertThat(local).isNotEqualTo(a).hasToString("IcmpError[TOO_BIG, local for " + to
                + ", mtu 1280: Message too long]");
        assertThat(local.reporter()).isEmpty();
    }
}
