package io.github.udpkit.testkit.internal;

import io.github.udpkit.UdpException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What crossed one endpoint (a peer, or a proxy's two sides), kept in memory and written as pcapng: a Section Header
 * Block, one Interface Description Block per endpoint ({@code LINKTYPE_RAW}, {@code if_tsresol} 9: nanoseconds), and
 * one Enhanced Packet Block per datagram with synthesised IP and UDP headers and an optional comment. Bounded: after
 * {@link #MAX_PACKETS} packets or {@link #MAX_BYTES} payload bytes, further packets are only counted. Thread-safe.
 */
public final class Capture {
    /** The most packets one capture keeps. */
    public static final int MAX_PACKETS = 100_000;
    /** The most payload bytes one capture keeps. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private static final int LINKTYPE_RAW = 101;

    private final long epochAnchor;
    private final long nanoAnchor;
    private final List<String[]> interfaces = new ArrayList<>();
    private final List<Packet> packets = new ArrayList<>();
    private long bytes;
    private long notKept;
    private int nextId;

    /**
     * One captured datagram.
     *
     * @param iface the interface's index in its capture
     * @param epochNanos when, in nanoseconds since the epoch
     * @param ip the IP packet
     * @param comment the comment, or {@code null}
     */
    public record Packet(int iface, long epochNanos, byte[] ip, String comment) {
    }

    /** Creates an empty capture whose clock starts now. */
    public Capture() {
        Instant now = Instant.now();
        this.nanoAnchor = System.nanoTime();
        this.epochAnchor = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Adds an endpoint.
     *
     * @param name the interface name, for example {@code udpkit-peer /127.0.0.1:40000}
     * @param description what it is
     * @return its index, for {@link #record}
     */
    public synchronized int addInterface(String name, String description) {
        interfaces.add(new String[] {name, description});
        return interfaces.size() - 1;
    }

    /**
     * Records a datagram that crossed an endpoint now.
     *
     * @param iface the endpoint's index
     * @param source the sender
     * @param destination the receiver
     * @param payload the payload; copied into the synthesised packet
     * @param comment a comment for the packet, or {@code null}
     */
    public void record(int iface, InetSocketAddress source, InetSocketAddress destination, byte[] payload,
                       String comment) {
        long at = epochAnchor + (System.nanoTime() - nanoAnchor);
        synchronized (this) {
            if (packets.size() >= MAX_PACKETS || bytes + payload.length > MAX_BYTES) {
                notKept++;
                return;
            }
            bytes += payload.length;
            InetSocketAddress src = source;
            InetSocketAddress dst = destination;
            if (src.getAddress().getAddress().length != dst.getAddress().getAddress().length) {
                notKept++; // mixed families cannot be one packet
                return;
            }
            packets.add(new Packet(iface, at, PacketBytes.udp(src, dst, payload, ++nextId & 0xffff), comment));
        }
    }

    /**
     * Tells how many packets were counted but not kept (over the bounds).
     *
     * @return the count
     */
    public synchronized long notKept() {
        return notKept;
    }

    /**
     * Tells how many packets are kept.
     *
     * @return the count
     */
    public synchronized int size() {
        return packets.size();
    }

    /**
     * Writes captures for a peer or proxy's {@code writeCapture}, turning an I/O failure into the testkit's error.
     *
     * @param owner the peer or proxy, named in the error
     * @param file where to
     * @param captures the captures, one interface each
     * @return {@code file}
     * @throws UdpException naming the owner and the file if it cannot be written
     */
    public static Path writeFor(Object owner, Path file, List<Capture> captures) {
        try {
            write(file, captures);
        } catch (IOException e) {
            throw new UdpException("cannot write the capture of " + owner + " to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * Writes captures as one pcapng file, their interfaces in order and their packets merged by time.
     *
     * @param file the file; its directory is created
     * @param captures the captures
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, List<Capture> captures) throws IOException {
        List<String[]> ifaces = new ArrayList<>();
        List<Packet> all = new ArrayList<>();
        for (Capture c : captures) {
            synchronized (c) {
                int base = ifaces.size();
                ifaces.addAll(c.interfaces);
                for (Packet p : c.packets) {
                    all.add(new Packet(base + p.iface(), p.epochNanos(), p.ip(), p.comment()));
                }
            }
        }
        all.sort(Comparator.comparingLong(Packet::epochNanos));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        List<byte[]> blocks = new ArrayList<>();
        blocks.add(block(0x0A0D0D0A, le(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                .putLong(-1L), options(4, "udpkit udp-testkit")));
        for (String[] iface : ifaces) {
            blocks.add(block(1, le(8).putShort((short) LINKTYPE_RAW).putShort((short) 0).putInt(0),
                    options(2, iface[0], 3, iface[1], 9, new byte[] {9})));
        }
        for (Packet p : all) {
            byte[] data = p.ip();
            blocks.add(block(6, le(20 + data.length + pad(data.length)).putInt(p.iface())
                    .putInt((int) (p.epochNanos() >>> 32)).putInt((int) p.epochNanos()).putInt(data.length)
                    .putInt(data.length).put(data), p.comment() == null ? new byte[0] : options(1, p.comment())));
        }
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            for (byte[] block : blocks) {
                out.write(block);
            }
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Type, length, body (already padded), options (ending with opt_endofopt when any), length; little-endian. */
    private static byte[] block(int type, ByteBuffer body, byte[] options) {
        int bodyLength = body.capacity();
        int length = 12 + bodyLength + options.length;
        ByteBuffer b = le(length);
        b.putInt(type).putInt(length).put(body.array(), 0, bodyLength).put(options).putInt(length);
        return b.array();
    }

    /** Options as (code, value) pairs, each value a String (UTF-8) or a byte[]; then opt_endofopt. */
    private static byte[] options(Object... pairs) {
        List<byte[]> values = new ArrayList<>();
        int size = 4;
        for (int i = 0; i < pairs.length; i += 2) {
            byte[] value = pairs[i + 1] instanceof String s ? truncate(s) : (byte[]) pairs[i + 1];
            values.add(value);
            size += 4 + value.length + pad(value.length);
        }
        ByteBuffer b = le(size);
        for (int i = 0; i < pairs.length; i += 2) {
            byte[] value = values.get(i / 2);
            b.putShort((short) (int) (Integer) pairs[i]).putShort((short) value.length).put(value)
                    .put(new byte[pad(value.length)]);
        }
        return b.putShort((short) 0).putShort((short) 0).array();
    }

    private static byte[] truncate(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return utf8.length <= 60_000 ? utf8 : java.util.Arrays.copyOf(utf8, 60_000);
    }

    private static int pad(int length) {
        return (4 - (length & 3)) & 3;
    }
}
