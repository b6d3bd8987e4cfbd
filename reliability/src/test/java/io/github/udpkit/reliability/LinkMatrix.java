package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.UdpException;

import io.github.udpkit.testkit.CapturedDatagram;
import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.Link;
import io.github.udpkit.testkit.LinkEvent;
import io.github.udpkit.testkit.PcapReplay;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpPeer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The matrix rows of the testkit's link model (0.2): {@code Link}, {@code LinkEvent} and the proxy's link options. */
final class LinkMatrix {
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    private LinkMatrix() {
    }

    static void addTo(Matrix m) {
        link(m);
        proxy(m);
        capture(m);
        replay(m);
    }

    /** An empty but valid classic pcap file (LINKTYPE_RAW). */
    private static Path emptyPcap() throws java.io.IOException {
        byte[] header = java.nio.ByteBuffer.allocate(24).putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(65_535).putInt(101).array();
        return Files.write(Files.createTempFile("udpkit-matrix", ".pcap"), header);
    }

    private static void replay(Matrix m) {
        String r = "PcapReplay#";
        m.rejects(r + "read(Path)", "null", () -> PcapReplay.read(null), NullPointerException.class,
                "file must not be null");
        m.holds(r + "read(Path)", "not a capture: IllegalArgumentException naming the file and the magic", () -> {
            Path file = Files.write(Files.createTempFile("udpkit-matrix", ".pcap"), new byte[] {1, 2, 3, 4, 5});
            assertThatThrownBy(() -> PcapReplay.read(file)).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage(file + ": not a pcap or pcapng file: magic 0x01020304");
        });
        m.holds(r + "datagrams()", "empty file: none, none skipped", () -> {
            PcapReplay replay = PcapReplay.read(emptyPcap());
            assertThat(replay.datagrams()).isEmpty();
            assertThat(replay.skipped()).isZero();
        });
        m.holds(r + "skipped()", "counted, never negative", () ->
                assertThat(PcapReplay.read(emptyPcap()).skipped()).isZero());
        m.holds(r + "speed(double)", "zero, infinite", () -> {
            PcapReplay replay = PcapReplay.read(emptyPcap());
            assertThatThrownBy(() -> replay.speed(0)).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("factor must be more than 0 and at most 1000000, was 0.0");
            assertThatThrownBy(() -> replay.speed(Double.POSITIVE_INFINITY))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("factor must be more than 0 and at most 1000000, was Infinity");
        });
        m.holds(r + "asFastAsPossible()", "a copy", () -> {
            PcapReplay replay = PcapReplay.read(emptyPcap());
            assertThat(replay.asFastAsPossible()).isNotSameAs(replay)
                    .hasToString("PcapReplay[0 datagrams, 0 skipped, as fast as possible, one source]");
        });
        m.holds(r + "preservingSourcePorts()", "a copy", () -> assertThat(PcapReplay.read(emptyPcap())
                .preservingSourcePorts()).hasToString("PcapReplay[0 datagrams, 0 skipped, speed 1.0, sources "
                + "preserved]"));
        m.holds(r + "sendTo(InetSocketAddress)", "null, unresolved, port 0", () -> {
            PcapReplay replay = PcapReplay.read(emptyPcap());
            assertThatThrownBy(() -> replay.sendTo(null)).isExactlyInstanceOf(NullPointerException.class)
                    .hasMessage("target must not be null");
            assertThatThrownBy(() -> replay.sendTo(ApiMatrix.UNRESOLVED))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("target must be a resolved address, was " + ApiMatrix.UNRESOLVED);
            assertThatThrownBy(() -> replay.sendTo(new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 0)))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("target port must be between 1 and 65535, was 0");
        });
        m.rejects("CapturedDatagram#<init>(Duration,InetSocketAddress,InetSocketAddress,byte[])", "null payload",
                () -> new CapturedDatagram(Duration.ZERO, new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 1),
                        new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 2), null), NullPointerException.class,
                "payload must not be null");
    }

    private static void capture(Matrix m) {
        m.rejects("UdpPeer#writeCapture(Path)", "null", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                peer.writeCapture(null);
            }
        }, NullPointerException.class, "file must not be null");
        m.holds("UdpPeer#writeCapture(Path)", "a directory in the way: UdpException naming the peer and the file",
                () -> {
                    Path dir = Files.createTempDirectory("udpkit-matrix");
                    try (UdpPeer peer = UdpPeer.start()) {
                        assertThatThrownBy(() -> peer.writeCapture(dir)).isExactlyInstanceOf(UdpException.class)
                                .hasMessageStartingWith("cannot write the capture of " + peer + " to " + dir + ": ");
                    }
                });
        m.rejects("UdpFaultProxy#writeCapture(Path)", "null", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).start()) {
                proxy.writeCapture(null);
            }
        }, NullPointerException.class, "file must not be null");
        m.holds("UdpCapture#value()", "ALWAYS writes a passing test's capture", () -> {
            assertThat(TestkitMatrix.succeeded(MatrixFixtures.CapturedAlways.class)).isEqualTo(1);
            try (var files = Files.list(Path.of("target/udpkit-captures/CapturedAlways"))) {
                assertThat(files.count()).isEqualTo(1);
            }
        });
        m.holds("UdpPeerExtension#afterEach(ExtensionContext)", "writes nothing without ALWAYS", () ->
                assertThat(TestkitMatrix.succeeded(MatrixFixtures.Registered.class)).isEqualTo(1));
    }

    private static void link(Matrix m) {
        String l = "Link#";
        m.holds(l + "ideal()", "the same value each call", () -> {
            assertThat(Link.ideal()).isSameAs(Link.ideal()).hasToString("Link[ideal]");
        });
        m.rejects(l + "rate(long)", "zero", () -> Link.ideal().rate(0), IllegalArgumentException.class,
                "bitsPerSecond must be between 1 and 100000000000, was 0");
        m.rejects(l + "rate(long)", "over 100 Gbit/s", () -> Link.ideal().rate(Long.MAX_VALUE),
                IllegalArgumentException.class, "bitsPerSecond must be between 1 and 100000000000, was "
                        + Long.MAX_VALUE);
        m.rejects(l + "queueDatagrams(int)", "zero", () -> Link.ideal().queueDatagrams(0),
                IllegalArgumentException.class, "queueDatagrams must be between 1 and 1000000, was 0");
        m.rejects(l + "queueBytes(int)", "negative", () -> Link.ideal().queueBytes(-1),
                IllegalArgumentException.class, "queueBytes must be between 1 and 1000000000, was -1");
        m.rejects(l + "burstLoss(double,double,double,double)", "NaN p",
                () -> Link.ideal().burstLoss(Double.NaN, 0.5, 1, 0), IllegalArgumentException.class,
                "goodToBad must be between 0.0 and 1.0, was NaN");
        m.rejects(l + "burstLoss(double,double,double,double)", "r zero (the bad state would never end)",
                () -> Link.ideal().burstLoss(0.1, 0, 1, 0), IllegalArgumentException.class,
                "badToGood must be more than 0.0 and at most 1.0, was 0.0");
        m.rejects(l + "burstLoss(double,double,double,double)", "lossInGood over 1",
                () -> Link.ideal().burstLoss(0.1, 0.5, 1, 1.5), IllegalArgumentException.class,
                "lossInGood must be between 0.0 and 1.0, was 1.5");
        m.rejects(l + "delay(Duration)", "null", () -> Link.ideal().delay(null), NullPointerException.class,
                "delay must not be null");
        m.rejects(l + "delay(Duration)", "Long.MAX_VALUE seconds", () -> Link.ideal().delay(FOREVER),
                IllegalArgumentException.class, "delay must be at most PT1H, was PT2562047788015215H30M7S");
        m.rejects(l + "delay(Duration,Duration,Jitter)", "jitter Long.MAX_VALUE seconds",
                () -> Link.ideal().delay(Duration.ZERO, FOREVER, Link.Jitter.NORMAL), IllegalArgumentException.class,
                "jitter must be at most PT1H, was PT2562047788015215H30M7S");
        m.rejects(l + "delay(Duration,Duration,Jitter)", "null distribution",
                () -> Link.ideal().delay(Duration.ZERO, Duration.ofMillis(1), null), NullPointerException.class,
                "distribution must not be null");
        m.holds(l + "noReordering()", "shown in toString", () ->
                assertThat(Link.ideal().noReordering()).hasToString("Link[noReordering]"));
        m.rejects(l + "mtu(int,OverMtu)", "below the IPv4 minimum", () -> Link.ideal().mtu(67, Link.OverMtu.DROP),
                IllegalArgumentException.class, "mtu must be between 68 and 65575, was 67");
        m.rejects(l + "mtu(int,OverMtu)", "null action", () -> Link.ideal().mtu(1_400, null),
                NullPointerException.class, "action must not be null");
        m.rejects(l + "down(Duration,Duration)", "until before from",
                () -> Link.ideal().down(Duration.ofSeconds(2), Duration.ofSeconds(1)), IllegalArgumentException.class,
                "until must be after from (PT2S), was PT1S");
        m.rejects(l + "down(Duration,Duration)", "until Long.MAX_VALUE seconds",
                () -> Link.ideal().down(Duration.ZERO, FOREVER), IllegalArgumentException.class,
                "until must be at most PT1H, was PT2562047788015215H30M7S");
        m.rejects(l + "downForDatagrams(long,long)", "first 0", () -> Link.ideal().downForDatagrams(0, 1),
                IllegalArgumentException.class, "first must be at least 1, was 0");
        m.rejects(l + "downForDatagrams(long,long)", "count 0", () -> Link.ideal().downForDatagrams(1, 0),
                IllegalArgumentException.class, "count must be at least 1, was 0");
        m.rejects(l + "flapping(Duration,Duration)", "zero up", () -> Link.ideal().flapping(Duration.ZERO,
                Duration.ofMillis(1)), IllegalArgumentException.class, "up must be positive, was PT0S");
        m.rejects(l + "flapping(Duration,Duration)", "down Long.MAX_VALUE seconds",
                () -> Link.ideal().flapping(Duration.ofMillis(1), FOREVER), IllegalArgumentException.class,
                "down must be at most PT1H, was PT2562047788015215H30M7S");
        m.rejects("LinkEvent#<init>(Duration,Direction,long,Kind,Duration,String)", "null at",
                () -> new LinkEvent(null, Direction.TO_TARGET, 1, LinkEvent.Kind.DELIVERED, Duration.ZERO, ""),
                NullPointerException.class, "at must not be null");
        m.holds("LinkEvent#latency()", "delivery minus arrival", () -> assertThat(new LinkEvent(Duration.ofMillis(2),
                Direction.TO_TARGET, 1, LinkEvent.Kind.DELIVERED, Duration.ofMillis(10), "").latency())
                .isEqualTo(Duration.ofMillis(8)));
    }

    private static void proxy(Matrix m) {
        String b = "UdpFaultProxy.Builder#";
        m.rejects(b + "link(Direction,Link)", "null direction",
                () -> UdpFaultProxy.builder().link(null, Link.ideal()), NullPointerException.class,
                "direction must not be null");
        m.rejects(b + "link(Direction,Link)", "null link",
                () -> UdpFaultProxy.builder().link(Direction.TO_CLIENT, null), NullPointerException.class,
                "link must not be null");
        m.rejects(b + "linkBothWays(Link)", "null", () -> UdpFaultProxy.builder().linkBothWays(null),
                NullPointerException.class, "link must not be null");
        m.rejects(b + "onFragmentationNeeded(Consumer)", "null",
                () -> UdpFaultProxy.builder().onFragmentationNeeded(null), NullPointerException.class,
                "listener must not be null");
        m.rejects(b + "rebindAfter(long)", "zero", () -> UdpFaultProxy.builder().rebindAfter(0),
                IllegalArgumentException.class, "datagrams must be at least 1, was 0");
        m.rejects(b + "rebindAt(Duration)", "Long.MAX_VALUE seconds", () -> UdpFaultProxy.builder()
                .rebindAt(FOREVER), IllegalArgumentException.class, "at must be at most PT1H, was "
                + "PT2562047788015215H30M7S");
        m.holds("UdpFaultProxy#events()", "empty without links; startedAt() not in the future", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).start()) {
                assertThat(proxy.events()).isEmpty();
                assertThat(proxy.startedAt()).isBeforeOrEqualTo(java.time.Instant.now());
            }
        });
        m.holds("UdpFaultProxy#startedAt()", "fixed for the proxy's life", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpFaultProxy proxy = UdpFaultProxy.builder().target(peer.address()).start()) {
                assertThat(proxy.startedAt()).isEqualTo(proxy.startedAt());
            }
        });
    }
}
