package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.internal.PacketBytes;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading pcap and pcapng files of every supported kind, and replaying them to a real peer. */
@Timeout(60)
class PcapReplayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InetSocketAddress A = address("192.0.2.1", 1000);
    private static final InetSocketAddress B = address("192.0.2.2", 2000);
    private static final InetSocketAddress SERVER = address("192.0.2.9", 53);
    private static final InetSocketAddress A6 = address("2001:db8::1", 3000);
    private static final InetSocketAddress SERVER6 = address("2001:db8::9", 514);

    private static InetSocketAddress address(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A classic pcap file: {@code records} are {timestamp in nanoseconds (as byte[8]), frame} pairs. */
    private static byte[] pcap(int linkType, ByteOrder order, boolean nanos, List<Object[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(order);
        header.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65_535).putInt(linkType);
        out.writeBytes(header.array());
        for (Object[] r : records) {
            long at = (Long) r[0];
            byte[] frame = (byte[]) r[1];
            ByteBuffer rec = ByteBuffer.allocate(16).order(order);
            rec.putInt((int) (at / 1_000_000_000L)).putInt((int) (at % 1_000_000_000L / (nanos ? 1 : 1_000)))
                    .putInt(frame.length).putInt(frame.length);
            out.writeBytes(rec.array());
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    private static byte[] frame(int linkType, byte[] ip, ByteOrder order) {
        boolean v6 = (ip[0] & 0xf0) == 0x60;
        ByteBuffer b;
        switch (linkType) {
            case 1 -> b = ByteBuffer.allocate(14 + ip.length).put(new byte[12])
                    .putShort((short) (v6 ? 0x86dd : 0x0800));
            case 0 -> b = ByteBuffer.allocate(4 + ip.length).order(order).putInt(v6 ? 30 : 2);
            case 108 -> b = ByteBuffer.allocate(4 + ip.length).putInt(v6 ? 30 : 2);
            case 113 -> b = ByteBuffer.allocate(16 + ip.length).putShort((short) 0).putShort((short) 772)
                    .putShort((short) 6).put(new byte[8]).putShort((short) (v6 ? 0x86dd : 0x0800));
            default -> b = ByteBuffer.allocate(ip.length);
        }
        return b.put(ip).array();
    }

    private static byte[] tcp(byte[] udp) {
        byte[] copy = udp.clone();
        copy[9] = 6;
        return copy;
    }

    private static byte[] fragment(byte[] udp) {
        byte[] copy = udp.clone();
        copy[6] = 0x20; // more fragments
        return copy;
    }

    @ParameterizedTest(name = "linktype {0}, {1}, nanoseconds {2}")
    @CsvSource({"1,BIG_ENDIAN,false", "1,LITTLE_ENDIAN,true", "101,LITTLE_ENDIAN,false", "101,BIG_ENDIAN,true",
            "0,LITTLE_ENDIAN,false", "0,BIG_ENDIAN,false", "108,LITTLE_ENDIAN,true", "113,BIG_ENDIAN,false",
            "113,LITTLE_ENDIAN,true"})
    void classicPcap_everyLinkType_bothByteOrders_udpOverIpv4AndIpv6_andTheRestSkippedWithACount(
            int linkType, String byteOrder, boolean nanos, @TempDir Path dir) throws Exception {
        ByteOrder order = byteOrder.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] query = utf8("query");
        byte[] log = utf8("<14>1 - host app - - - hi");
        byte[] v4 = PacketBytes.udp(A, SERVER, query, 1);
        byte[] v6 = PacketBytes.udp(A6, SERVER6, log, 0);
        long t0 = 1_700_000_000_123_456_000L;
        List<Object[]> records = new java.util.ArrayList<>(List.of(
                new Object[] {t0, frame(linkType, v4, order)},
                new Object[] {t0 + 1_000, frame(linkType, tcp(v4), order)},
                new Object[] {t0 + 2_000, frame(linkType, fragment(v4), order)},
                new Object[] {t0 + 250_000_000L, frame(linkType, v6, order)},
                new Object[] {t0 + 251_000_000L, frame(linkType, PacketBytes.udp(B, SERVER, new byte[0], 2), order)}));
        int expectedSkipped = 2;
        if (linkType == 1) {
            records.add(new Object[] {t0 + 252_000_000L, ByteBuffer.allocate(42).put(new byte[12])
                    .putShort((short) 0x0806).array()}); // ARP
            byte[] tagged = ByteBuffer.allocate(18 + v4.length).put(new byte[12]).putShort((short) 0x8100)
                    .putShort((short) 5).putShort((short) 0x0800).put(v4).array();
            records.add(new Object[] {t0 + 253_000_000L, tagged});
            expectedSkipped = 3;
        }
        Path file = Files.write(dir.resolve("capture.pcap"), pcap(linkType, order, nanos, records));
        PcapReplay replay = PcapReplay.read(file);
        assertThat(replay.skipped()).isEqualTo(expectedSkipped);
        List<CapturedDatagram> expected = new java.util.ArrayList<>(List.of(
                new CapturedDatagram(Duration.ZERO, A, SERVER, query),
                new CapturedDatagram(Duration.ofMillis(250), A6, SERVER6, log),
                new CapturedDatagram(Duration.ofMillis(251), B, SERVER, new byte[0])));
        if (linkType == 1) {
            expected.add(new CapturedDatagram(Duration.ofMillis(253), A, SERVER, query));
        }
        assertThat(replay.datagrams()).containsExactlyElementsOf(expected);
    }

    /** A big-endian pcapng section with microsecond timestamps (no if_tsresol), an EPB, an SPB and a custom block. */
    @Test
    void pcapng_bigEndian_microseconds_enhancedAndSimplePacketBlocks_otherBlocksSkipped(@TempDir Path dir)
            throws Exception {
        byte[] first = PacketBytes.udp(A, SERVER, utf8("epb"), 1);
        byte[] second = PacketBytes.udp(B, SERVER, utf8("spb!"), 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(28).putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1)
                .putShort((short) 0).putLong(-1).putInt(28).array());
        out.writeBytes(ByteBuffer.allocate(20).putInt(1).putInt(20).putShort((short) 101).putShort((short) 0)
                .putInt(0).putInt(20).array());
        int epbLength = 32 + first.length + (4 - first.length % 4) % 4;
        long micros = 1_700_000_000_000_000L;
        out.writeBytes(ByteBuffer.allocate(epbLength).putInt(6).putInt(epbLength).putInt(0)
                .putInt((int) (micros >>> 32)).putInt((int) micros).putInt(first.length).putInt(first.length)
                .put(first).position(epbLength - 4).putInt(epbLength).array());
        out.writeBytes(ByteBuffer.allocate(16).putInt(0x0BAD).putInt(16).putInt(0).putInt(16).array());
        int spbLength = 16 + second.length + (4 - second.length % 4) % 4;
        out.writeBytes(ByteBuffer.allocate(spbLength).putInt(3).putInt(spbLength).putInt(second.length).put(second)
                .position(spbLength - 4).putInt(spbLength).array());
        PcapReplay replay = PcapReplay.read(Files.write(dir.resolve("be.pcapng"), out.toByteArray()));
        assertThat(replay.datagrams()).containsExactly(new CapturedDatagram(Duration.ZERO, A, SERVER, utf8("epb")),
                new CapturedDatagram(Duration.ZERO, B, SERVER, utf8("spb!")));
        assertThat(replay.skipped()).isZero();
        assertThat(replay).hasToString("PcapReplay[2 datagrams, 0 skipped, speed 1.0, one source]");
    }

    @Test
    void aPeersCapture_replaysToAnotherPeer_byteForByteInOrder(@TempDir Path dir) {
        try (UdpPeer recorder = UdpPeer.start(); UdpPeer target = UdpPeer.start();
             UdpSender sender = UdpSender.builder().bind("127.0.0.1", 0).connected(false).build()) {
            sender.sendTo(recorder.address(), "first");
            sender.sendTo(recorder.address(), new byte[0]);
            sender.sendTo(recorder.address(), new byte[] {0, (byte) 0xff, 7});
            recorder.take(3, WAIT);
            PcapReplay replay = PcapReplay.read(recorder.writeCapture(dir.resolve("r.pcapng")));
            assertThat(replay.datagrams()).extracting(CapturedDatagram::source).containsOnly(sender.localAddress());
            assertThat(replay.datagrams()).extracting(CapturedDatagram::destination)
                    .containsOnly(recorder.address());
            assertThat(replay.asFastAsPossible().sendTo(target.address())).isEqualTo(3);
            assertThat(target.take(3, WAIT)).extracting(Datagram::payload)
                    .containsExactly(utf8("first"), new byte[0], new byte[] {0, (byte) 0xff, 7});
        }
    }

    @Test
    void spacing_isKeptScaledOrDropped_andSourcesArePreservedOnRequest(@TempDir Path dir) throws Exception {
        long t0 = 1_700_000_000_000_000_000L;
        Path file = Files.write(dir.resolve("spaced.pcap"), pcap(101, ByteOrder.LITTLE_ENDIAN, true, List.of(
                new Object[] {t0, PacketBytes.udp(A, SERVER, utf8("a1"), 1)},
                new Object[] {t0 + 150_000_000L, PacketBytes.udp(B, SERVER, utf8("b1"), 2)},
                new Object[] {t0 + 300_000_000L, PacketBytes.udp(A, SERVER, utf8("a2"), 3)})));
        PcapReplay replay = PcapReplay.read(file);
        try (UdpPeer target = UdpPeer.start()) {
            long start = System.nanoTime();
            replay.sendTo(target.address());
            long realTime = System.nanoTime() - start;
            List<Datagram> got = target.take(3, WAIT);
            assertThat(got).extracting(Datagram::text).containsExactly("a1", "b1", "a2");
            assertThat(got).extracting(Datagram::sender).containsOnly(got.get(0).sender());
            assertThat(Duration.between(got.get(0).receivedAt(), got.get(1).receivedAt()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(140));
            assertThat(realTime).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));

            start = System.nanoTime();
            replay.speed(10).preservingSourcePorts().sendTo(target.address());
            long tenTimes = System.nanoTime() - start;
            List<Datagram> preserved = target.take(3, WAIT);
            assertThat(preserved.get(0).sender()).isEqualTo(preserved.get(2).sender())
                    .isNotEqualTo(preserved.get(1).sender());
            assertThat(tenTimes).isBetween(TimeUnit.MILLISECONDS.toNanos(30), TimeUnit.MILLISECONDS.toNanos(290));
            System.out.println("FIGURE replay of a 300 ms capture: speed 1 took " + realTime / 1_000_000 + " ms, "
                    + "speed 10 took " + tenTimes / 1_000_000 + " ms");
        }
    }

    @Test
    void filesFromWiresharksTools_parse_editcapToClassicPcap_andText2pcapWithEthernetHeaders(@TempDir Path dir)
            throws Exception {
        Tshark.require();
        Path editcap = Path.of(Tshark.path()).resolveSibling("editcap");
        Path text2pcap = Path.of(Tshark.path()).resolveSibling("text2pcap");
        Assumptions.assumeTrue(Files.isExecutable(editcap) && Files.isExecutable(text2pcap),
                "editcap and text2pcap (wireshark-common) are not beside tshark");
        try (UdpPeer recorder = UdpPeer.start(); UdpPeer other = UdpPeer.builder().ipv6().start();
             UdpPeer other4 = UdpPeer.start()) {
            other4.sendTo(recorder.address(), "one");
            other4.sendTo(recorder.address(), "two");
            recorder.take(2, WAIT);
            Path ours = recorder.writeCapture(dir.resolve("ours.pcapng"));
            Path classic = dir.resolve("classic.pcap");
            run(editcap.toString(), "-F", "pcap", ours.toString(), classic.toString());
            assertThat(Files.readAllBytes(classic)).startsWith(0xd4, 0xc3, 0xb2, 0xa1);
            assertThat(PcapReplay.read(classic).datagrams()).extracting(CapturedDatagram::payload)
                    .containsExactly(utf8("one"), utf8("two"));
            assertThat(other.isOpen()).isTrue();
        }
        Path hex = Files.writeString(dir.resolve("hex.txt"), "0000  68 65 6c 6c 6f\n");
        Path ethernet = dir.resolve("ethernet.pcap");
        run(text2pcap.toString(), "-q", "-4", "127.0.0.1,127.0.0.2", "-u", "1000,2000", hex.toString(),
                ethernet.toString());
        PcapReplay fromText = PcapReplay.read(ethernet);
        assertThat(fromText.datagrams()).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo(address("127.0.0.1", 1000));
            assertThat(d.destination()).isEqualTo(address("127.0.0.2", 2000));
            assertThat(d.payload()).isEqualTo(utf8("hello"));
        });
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    @Test
    void badInput_isRefusedByName(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.pcap");
        assertThatThrownBy(() -> PcapReplay.read(missing)).isExactlyInstanceOf(UdpException.class)
                .hasMessageStartingWith("cannot read the capture " + missing + ": ");
        Path garbage = Files.write(dir.resolve("garbage.pcap"), utf8("not a capture"));
        assertThatThrownBy(() -> PcapReplay.read(garbage)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(garbage + ": not a pcap or pcapng file: magic 0x6e6f7420");
        List<Object[]> one = List.<Object[]>of(new Object[] {0L, PacketBytes.udp(A, SERVER, utf8("x"), 1)});
        byte[] cut = pcap(101, ByteOrder.BIG_ENDIAN, false, one);
        Path truncated = Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(cut, cut.length - 3));
        assertThatThrownBy(() -> PcapReplay.read(truncated)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(truncated + ": capture file cut short after 0 datagrams");
        assertThatThrownBy(() -> PcapReplay.read(null)).hasMessage("file must not be null");
        PcapReplay empty = PcapReplay.read(Files.write(dir.resolve("empty.pcap"),
                pcap(101, ByteOrder.BIG_ENDIAN, false, List.<Object[]>of())));
        assertThatThrownBy(() -> empty.speed(0)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("factor must be more than 0 and at most 1000000, was 0.0");
        assertThatThrownBy(() -> empty.speed(Double.NaN))
                .hasMessage("factor must be more than 0 and at most 1000000, was NaN");
        assertThatThrownBy(() -> empty.sendTo(null)).hasMessage("target must not be null");
        assertThatThrownBy(() -> empty.sendTo(address("127.0.0.1", 0)))
                .hasMessage("target port must be between 1 and 65535, was 0");
        assertThat(empty.asFastAsPossible().sendTo(address("127.0.0.1", 9))).isZero();
    }
}
