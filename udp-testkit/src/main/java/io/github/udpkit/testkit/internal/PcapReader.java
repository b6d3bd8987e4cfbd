package io.github.udpkit.testkit.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the UDP datagrams of a capture file: classic pcap (microsecond and nanosecond magic, either byte order;
 * LINKTYPE_ETHERNET with 802.1Q tags, LINKTYPE_RAW, LINKTYPE_NULL and LINKTYPE_LOOP, LINUX_SLL) and pcapng (SHB, IDB
 * with {@code if_tsresol}, EPB, SPB; other blocks skipped), IPv4 and IPv6. Everything else (other protocols, IP
 * fragments, packets cut short by the snap length, unknown link types) is skipped and counted.
 */
public final class PcapReader {
    private static final int LINKTYPE_NULL = 0;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_RAW = 101;
    private static final int LINKTYPE_LOOP = 108;
    private static final int LINKTYPE_LINUX_SLL = 113;

    private final List<Udp> datagrams = new ArrayList<>();
    private long skipped;

    /**
     * One UDP datagram read from a capture.
     *
     * @param epochNanos its timestamp, nanoseconds since the epoch
     * @param source the sender
     * @param destination the receiver
     * @param payload the UDP payload
     */
    public record Udp(long epochNanos, InetSocketAddress source, InetSocketAddress destination, byte[] payload) {
    }

    private PcapReader() {
    }

    /**
     * Parses a whole file.
     *
     * @param bytes the file's content
     * @return the reader holding the datagrams in file order and the count of skipped packets
     * @throws IllegalArgumentException if the content is neither pcap nor pcapng, or is cut short inside a header
     */
    public static PcapReader parse(byte[] bytes) {
        PcapReader reader = new PcapReader();
        if (bytes.length < 4) {
            throw new IllegalArgumentException("not a pcap or pcapng file: " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = b.getInt(0);
        try {
            if (magic == 0x0A0D0D0A) {
                reader.pcapng(b);
            } else {
                reader.pcap(b, magic);
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("capture file cut short after " + reader.datagrams.size()
                    + " datagrams", e);
        }
        return reader;
    }

    /**
     * Returns the datagrams.
     *
     * @return the datagrams in file order
     */
    public List<Udp> datagrams() {
        return List.copyOf(datagrams);
    }

    /**
     * Returns how many packets were not UDP datagrams that could be replayed.
     *
     * @return the count
     */
    public long skipped() {
        return skipped;
    }

    private void pcap(ByteBuffer b, int magic) {
        long unit;
        switch (magic) {
            case 0xA1B2C3D4 -> unit = 1_000;
            case 0xA1B23C4D -> unit = 1;
            case 0xD4C3B2A1 -> {
                unit = 1_000;
                b.order(ByteOrder.LITTLE_ENDIAN);
            }
            case 0x4D3CB2A1 -> {
                unit = 1;
                b.order(ByteOrder.LITTLE_ENDIAN);
            }
            default -> throw new IllegalArgumentException(String.format(
                    "not a pcap or pcapng file: magic 0x%08x", magic));
        }
        int linkType = b.getInt(20) & 0x0fff_ffff; // the top bits may carry the FCS length
        b.position(24);
        while (b.remaining() >= 16) { // bounded: each round consumes a record header and its data
            long seconds = b.getInt() & 0xffff_ffffL;
            long fraction = b.getInt() & 0xffff_ffffL;
            int captured = b.getInt();
            int original = b.getInt();
            byte[] data = new byte[captured];
            b.get(data);
            packet(linkType, seconds * 1_000_000_000L + fraction * unit, data, captured < original);
        }
    }

    private void pcapng(ByteBuffer b) {
        List<long[]> interfaces = new ArrayList<>(); // {linkType, nanos per tick, ticks per nano}
        long lastTime = 0;
        while (b.remaining() >= 12) { // bounded: each round consumes one block of at least 12 bytes
            int start = b.position();
            if (b.getInt(start) == 0x0A0D0D0A) { // the same in both byte orders; the byte-order magic decides
                b.order(ByteOrder.BIG_ENDIAN);
                b.order(b.getInt(start + 8) == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                interfaces.clear();
            }
            int type = b.getInt(start);
            int length = b.getInt(start + 4);
            if (length < 12 || start + length > b.limit()) {
                throw new IllegalArgumentException("pcapng block at byte " + start + " has length " + length);
            }
            switch (type) {
                case 1 -> {
                    long resolution = tsresol(b, start + 16, start + length - 4);
                    interfaces.add(new long[] {b.getShort(start + 8) & 0xffff, Math.max(1, resolution),
                            resolution < 0 ? -resolution : 1});
                }
                case 6 -> {
                    long[] iface = interfaces.get(b.getInt(start + 8));
                    long ticks = ((b.getInt(start + 12) & 0xffff_ffffL) << 32) | (b.getInt(start + 16) & 0xffff_ffffL);
                    int captured = b.getInt(start + 20);
                    int original = b.getInt(start + 24);
                    lastTime = ticks * iface[1] / iface[2];
                    packet((int) iface[0], lastTime, Arrays.copyOfRange(b.array(), start + 28, start + 28 + captured),
                            captured < original);
                }
                case 3 -> {
                    long[] iface = interfaces.get(0);
                    int original = b.getInt(start + 8);
                    int captured = Math.min(original, length - 16);
                    packet((int) iface[0], lastTime, Arrays.copyOfRange(b.array(), start + 12, start + 12 + captured),
                            false);
                }
                default -> {
                    // section header handled above; statistics, name resolution, custom blocks: nothing to replay
                }
            }
            b.position(start + length);
        }
    }

    /**
     * Nanoseconds per timestamp tick from the IDB's {@code if_tsresol} (microseconds when absent); a negative value
     * {@code -n} means n ticks per nanosecond (resolutions finer than 10^-9). A power-of-two resolution is taken as
     * nanoseconds.
     */
    private static long tsresol(ByteBuffer b, int from, int end) {
        int at = from;
        while (at + 4 <= end) { // bounded: each option advances at least 4 bytes
            int code = b.getShort(at) & 0xffff;
            int length = b.getShort(at + 2) & 0xffff;
            if (code == 0) {
                break;
            }
            if (code == 9 && length >= 1) {
                int value = b.get(at + 4) & 0xff;
                if ((value & 0x80) != 0) {
                    return 1; // a power of two: rare; nanoseconds is as good a guess as any
                }
                long scale = 1;
                for (int i = Math.min(value, 9); i < Math.max(value, 9) && i < 18; i++) {
                    scale *= 10;
                }
                return value <= 9 ? scale : -scale;
            }
            at += 4 + length + ((4 - (length & 3)) & 3);
        }
        return 1_000;
    }

    private void packet(int linkType, long epochNanos, byte[] data, boolean cut) {
        if (cut) {
            skipped++;
            return;
        }
        ByteBuffer p = ByteBuffer.wrap(data);
        int ip;
        switch (linkType) {
            case LINKTYPE_RAW -> ip = 0;
            case LINKTYPE_ETHERNET -> {
                ip = 14;
                int etherType = data.length >= 14 ? p.getShort(12) & 0xffff : 0;
                while (etherType == 0x8100 || etherType == 0x88a8) { // bounded by the frame: 4 bytes a tag
                    if (data.length < ip + 4) {
                        skipped++;
                        return;
                    }
                    etherType = p.getShort(ip + 2) & 0xffff;
                    ip += 4;
                }
                if (etherType != 0x0800 && etherType != 0x86dd) {
                    skipped++;
                    return;
                }
            }
            case LINKTYPE_NULL, LINKTYPE_LOOP -> {
                ip = 4; // the family says IPv4 or IPv6; the IP version nibble says it too
            }
            case LINKTYPE_LINUX_SLL -> {
                ip = 16;
                int protocol = data.length >= 16 ? p.getShort(14) & 0xffff : 0;
                if (protocol != 0x0800 && protocol != 0x86dd) {
                    skipped++;
                    return;
                }
            }
            default -> {
                skipped++;
                return;
            }
        }
        if (!udp(p, ip, epochNanos)) {
            skipped++;
        }
    }

    private boolean udp(ByteBuffer p, int ip, long epochNanos) {
        byte[] data = p.array();
        if (data.length < ip + 1) {
            return false;
        }
        int version = (data[ip] & 0xff) >>> 4;
        int udp;
        byte[] src;
        byte[] dst;
        int ipEnd;
        if (version == 4) {
            int ihl = (data[ip] & 0x0f) * 4;
            if (data.length < ip + 20 || ihl < 20 || data[ip + 9] != 17 || (p.getShort(ip + 6) & 0x3fff) != 0) {
                return false; // not UDP, or a fragment
            }
            src = Arrays.copyOfRange(data, ip + 12, ip + 16);
            dst = Arrays.copyOfRange(data, ip + 16, ip + 20);
            udp = ip + ihl;
            ipEnd = ip + (p.getShort(ip + 2) & 0xffff);
        } else if (version == 6) {
            if (data.length < ip + 40 || data[ip + 6] != 17) {
                return false; // not UDP directly after the fixed header
            }
            src = Arrays.copyOfRange(data, ip + 8, ip + 24);
            dst = Arrays.copyOfRange(data, ip + 24, ip + 40);
            udp = ip + 40;
            ipEnd = udp + (p.getShort(ip + 4) & 0xffff);
        } else {
            return false;
        }
        if (data.length < udp + 8) {
            return false;
        }
        int length = p.getShort(udp + 4) & 0xffff;
        if (length < 8 || udp + length > data.length || udp + length > ipEnd) {
            return false;
        }
        try {
            datagrams.add(new Udp(epochNanos,
                    new InetSocketAddress(InetAddress.getByAddress(src), p.getShort(udp) & 0xffff),
                    new InetSocketAddress(InetAddress.getByAddress(dst), p.getShort(udp + 2) & 0xffff),
                    Arrays.copyOfRange(data, udp + 8, udp + length)));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 and 16 byte addresses are always valid", e);
        }
        return true;
    }
}
