package io.github.udpkit.testkit;

import io.github.udpkit.UdpException;
import io.github.udpkit.internal.Args;
import io.github.udpkit.testkit.internal.PcapReader;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays the UDP datagrams of a capture file to a target: a pcapng file from this kit, or a pcap or pcapng file from
 * tcpdump, Wireshark or dumpcap. Reads classic pcap (LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_NULL / LOOP,
 * LINUX_SLL) and pcapng (SHB, IDB, EPB, SPB), IPv4 and IPv6, UDP only; everything else is skipped and counted.
 * An immutable value: the option methods return copies.
 *
 * <pre>{@code
 * PcapReplay replay = PcapReplay.read(Path.of("dns-queries.pcap"));
 * int sent = replay.speed(10).preservingSourcePorts().sendTo(server.localAddress()); // ten times faster
 * }</pre>
 *
 * <p>Every datagram goes to the one target, whatever its captured destination. By default they leave one socket in
 * their captured order and with their captured spacing; {@link #preservingSourcePorts()} gives each captured source
 * its own socket, so the target sees as many clients, in the same pattern.
 *
 * @since 0.2
 */
public final class PcapReplay {
    private static final int MAX_SOURCES = 1_024;

    private final List<CapturedDatagram> datagrams;
    private final long skipped;
    private final double speed;
    private final boolean preserveSources;

    private PcapReplay(List<CapturedDatagram> datagrams, long skipped, double speed, boolean preserveSources) {
        this.datagrams = datagrams;
        this.skipped = skipped;
        this.speed = speed;
        this.preserveSources = preserveSources;
    }

    /**
     * Reads a capture file.
     *
     * @param file a pcap or pcapng file
     * @return the replay, at the original speed, from one source
     * @throws NullPointerException if {@code file} is {@code null}
     * @throws IllegalArgumentException if the file is neither pcap nor pcapng, or is cut short inside a header
     * @throws UdpException if the file cannot be read
     */
    public static PcapReplay read(Path file) {
        Args.notNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UdpException("cannot read the capture " + file + ": " + e.getMessage(), e);
        }
        PcapReader reader;
        try {
            reader = PcapReader.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        List<CapturedDatagram> out = new ArrayList<>();
        long first = reader.datagrams().isEmpty() ? 0 : reader.datagrams().get(0).epochNanos();
        for (PcapReader.Udp u : reader.datagrams()) {
            out.add(new CapturedDatagram(Duration.ofNanos(Math.max(0, u.epochNanos() - first)), u.source(),
                    u.destination(), u.payload()));
        }
        return new PcapReplay(List.copyOf(out), reader.skipped(), 1.0, false);
    }

    /**
     * Returns the datagrams read, in file order.
     *
     * @return an immutable list
     */
    public List<CapturedDatagram> datagrams() {
        return datagrams;
    }

    /**
     * Returns how many packets of the file were skipped: not IPv4 or IPv6 UDP, IP fragments, cut short by the
     * capture's snap length, or of an unknown link type.
     *
     * @return the count
     */
    public long skipped() {
        return skipped;
    }

    /**
     * Scales the captured spacing: 2.0 replays twice as fast, 0.5 half as fast. If never called, 1.0.
     *
     * @param factor more than 0 and at most 1,000,000
     * @return a copy with this setting
     * @throws IllegalArgumentException if {@code factor} is out of range (or NaN)
     */
    public PcapReplay speed(double factor) {
        if (!(factor > 0 && factor <= 1_000_000)) {
            throw new IllegalArgumentException("factor must be more than 0 and at most 1000000, was " + factor);
        }
        return new PcapReplay(datagrams, skipped, factor, preserveSources);
    }

    /**
     * Sends the datagrams back to back, ignoring the captured spacing.
     *
     * @return a copy with this setting
     */
    public PcapReplay asFastAsPossible() {
        return new PcapReplay(datagrams, skipped, Double.POSITIVE_INFINITY, preserveSources);
    }

    /**
     * Gives each distinct captured source (address and port) its own local socket, so the target sees the captured
     * pattern of clients (with ports the operating system chooses). If never called, all leave one socket.
     *
     * @return a copy with this setting
     */
    public PcapReplay preservingSourcePorts() {
        return new PcapReplay(datagrams, skipped, speed, true);
    }

    /**
     * Sends every datagram to the target, in order, with the spacing set, from the calling thread; returns when the
     * last is sent.
     *
     * @param target where to send, whatever the captured destinations
     * @return how many datagrams were sent
     * @throws NullPointerException if {@code target} is {@code null}
     * @throws IllegalArgumentException if {@code target} is unresolved or its port is 0, or more than 1,024
     *     sources are to be preserved
     * @throws UdpException if a socket cannot be opened or a send fails (naming the target and the datagram)
     */
    public int sendTo(InetSocketAddress target) {
        Args.inRange(Args.resolved(target, "target").getPort(), 1, 65_535, "target port");
        Map<InetSocketAddress, DatagramChannel> sockets = new LinkedHashMap<>();
        long start = System.nanoTime();
        int sent = 0;
        try {
            for (CapturedDatagram d : datagrams) { // bounded by the file
                if (speed != Double.POSITIVE_INFINITY) {
                    long due = (long) (d.at().toNanos() / speed);
                    for (long left = due - (System.nanoTime() - start); left > 0;
                         left = due - (System.nanoTime() - start)) { // bounded by the captured span
                        LockSupport.parkNanos(left);
                    }
                }
                DatagramChannel socket = socket(sockets, preserveSources ? d.source() : null, target);
                try {
                    socket.send(ByteBuffer.wrap(d.payload()), target);
                } catch (IOException e) {
                    throw new UdpException("replay could not send " + d + " to " + target + ": " + e.getMessage(),
                            e);
                }
                sent++;
            }
        } finally {
            for (DatagramChannel socket : sockets.values()) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // nothing left to do with a socket that fails to close
                }
            }
        }
        return sent;
    }

    private static DatagramChannel socket(Map<InetSocketAddress, DatagramChannel> sockets, InetSocketAddress source,
                                          InetSocketAddress target) {
        DatagramChannel socket = sockets.get(source);
        if (socket != null) {
            return socket;
        }
        if (sockets.size() >= MAX_SOURCES) {
            throw new IllegalArgumentException("a replay preserves at most " + MAX_SOURCES + " sources, the capture "
                    + "has more");
        }
        InetAddress address = target.getAddress();
        boolean v6 = address instanceof Inet6Address;
        try {
            DatagramChannel channel = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
            channel.bind(new InetSocketAddress(address.isLoopbackAddress() ? InetAddress.getByName(v6 ? "::1"
                    : "127.0.0.1") : null, 0));
            sockets.put(source, channel);
            return channel;
        } catch (IOException e) {
            throw new UdpException("replay cannot open a socket towards " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Describes the replay.
     *
     * @return for example {@code PcapReplay[12 datagrams, 3 skipped, speed 1.0, one source]}
     */
    @Override
    public String toString() {
        return "PcapReplay[" + datagrams.size() + " datagrams, " + skipped + " skipped, " + (speed
                == Double.POSITIVE_INFINITY ? "as fast as possible" : "speed " + speed) + ", " + (preserveSources
                ? "sources preserved" : "one source") + "]";
    }
}
