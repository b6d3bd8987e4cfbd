package io.github.udpkit.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the kernel's per-socket UDP table on Linux ({@code /proc/net/udp} and {@code /proc/net/udp6}): the datagrams
 * the kernel dropped for a socket (its receive buffer was full) and the bytes still queued in it. A receiver's own
 * sockets are told apart by their inode numbers, collected when it binds: another socket on the same port (a second
 * {@code SO_REUSEPORT} receiver, in this process or another) is never counted as its own. Elsewhere, or when the
 * table cannot be read, the figures are absent.
 */
public final class KernelUdpTable {
    private static final Path UDP4 = Path.of("/proc/net/udp");
    private static final Path UDP6 = Path.of("/proc/net/udp6");

    /** Column indexes in a row split on white space. */
    private static final int LOCAL = 1;
    private static final int QUEUES = 4;
    private static final int INODE = 9;
    private static final int DROPS = 12;

    private KernelUdpTable() {
    }

    /**
     * Tells whether this system publishes the table.
     *
     * @return {@code true} on Linux with {@code /proc} mounted
     */
    public static boolean available() {
        return Files.isReadable(UDP4);
    }

    /**
     * Returns the inode numbers of the sockets bound to an address, which tell one socket from another on a shared
     * port.
     *
     * @param local the local address and port
     * @return the inodes, empty where the table is not available or has no such socket
     */
    public static Set<Long> inodes(InetSocketAddress local) {
        Set<Long> found = new HashSet<>();
        for (String[] row : rows(local)) {
            if (matches(row[LOCAL], local)) {
                found.add(Long.parseLong(row[INODE]));
            }
        }
        return found;
    }

    /**
     * Returns the kernel's drop count summed over some of the sockets bound to an address.
     *
     * @param local the sockets' local address and port
     * @param inodes the sockets to count, from {@link #inodes(InetSocketAddress)}
     * @return the drops, or empty where the table is not available or has none of these sockets
     */
    public static OptionalLong drops(InetSocketAddress local, Set<Long> inodes) {
        long total = 0;
        boolean found = false;
        for (String[] row : rows(local)) {
            if (inodes.contains(Long.parseLong(row[INODE])) && matches(row[LOCAL], local)) {
                found = true;
                total += Long.parseLong(row[DROPS]);
            }
        }
        return found ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /**
     * Tells whether a socket belongs to this process: one of its file descriptors ({@code /proc/self/fd}) links to
     * {@code socket:[inode]}.
     *
     * @param inode the socket's inode number
     * @return {@code true} if this process has the socket open
     */
    public static boolean ownedByThisProcess(long inode) {
        String wanted = "socket:[" + inode + "]";
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (wanted.equals(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException | UnsupportedOperationException | SecurityException e) {
                    // closed meanwhile, or not a link: not ours
                }
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
        return false;
    }

    private static List<String[]> rows(InetSocketAddress local) {
        Path table = local.getAddress() instanceof Inet6Address ? UDP6 : UDP4;
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        List<String[]> rows = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).trim().split("\\s+");
            if (fields.length > DROPS) {
                rows.add(fields);
            }
        }
        return rows;
    }

    /**
     * Returns the kernel's drop count summed over the sockets bound to an address.
     *
     * @param local the socket's local address and port
     * @return the drops, or empty where the table is not available or has no such socket
     */
    public static OptionalLong drops(InetSocketAddress local) {
        return sum(local, DROPS);
    }

    /**
     * Returns the bytes waiting in the receive queue of the sockets bound to an address.
     *
     * @param local the socket's local address and port
     * @return the queued bytes, or empty where the table is not available or has no such socket
     */
    public static OptionalLong queuedBytes(InetSocketAddress local) {
        return sum(local, QUEUES);
    }

    /**
     * Reads a numeric kernel setting such as {@code net.core.rmem_max} from {@code /proc/sys}.
     *
     * @param name the setting's dotted name
     * @return its value, or -1 where it cannot be read
     */
    public static long sysctl(String name) {
        Path file = Path.of("/proc/sys", name.replace('.', '/'));
        try {
            // readAllLines: on some kernels a procfs file read with readAllBytes comes back as its first byte only
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (IOException | SecurityException | NumberFormatException e) {
            return -1;
        }
    }

    private static OptionalLong sum(InetSocketAddress local, int column) {
        Path table = local.getAddress() instanceof Inet6Address ? UDP6 : UDP4;
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
        long total = 0;
        boolean found = false;
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).trim().split("\\s+");
            if (fields.length <= DROPS || !matches(fields[LOCAL], local)) {
                continue;
            }
            found = true;
            total += column == QUEUES
                    ? Long.parseLong(fields[QUEUES].substring(fields[QUEUES].indexOf(':') + 1), 16)
                    : Long.parseLong(fields[column]);
        }
        return found ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /** Matches "0100007F:1389" (IPv4) or 32 hex digits and a port (IPv6); words are in the host's byte order. */
    static boolean matches(String field, InetSocketAddress local) {
        int colon = field.indexOf(':');
        if (colon < 0 || Integer.parseInt(field.substring(colon + 1), 16) != local.getPort()) {
            return false;
        }
        try {
            return decode(field.substring(0, colon)).equals(local.getAddress());
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    static InetAddress decode(String hex) throws UnknownHostException {
        byte[] bytes = new byte[hex.length() / 2];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < bytes.length / 4; word++) {
            long value = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int b = 0; b < 4; b++) {
                int shift = little ? 8 * b : 8 * (3 - b);
                bytes[word * 4 + b] = (byte) (value >>> shift);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
