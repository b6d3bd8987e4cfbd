package io.github.udpkit.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a leak would leave behind: udpkit's threads and the process's open file descriptors. */
final class Resources {
    /**
     * The prefix of every thread udpkit and its testkit start: {@code udpkit-receiver-...} (UdpReceiver),
     * {@code udpkit-peer-...} (UdpPeer), {@code udpkit-proxy-...} and {@code udpkit-proxy-...-send} (UdpFaultProxy).
     */
    static final String THREAD_PREFIX = "udpkit-";
    private static final Path FDS = Path.of("/proc/self/fd");

    private Resources() {
    }

    /** Names of the live threads udpkit started, sorted. */
    static List<String> udpkitThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(THREAD_PREFIX))
                .sorted()
                .toList();
    }

    /** Whether this platform shows the process's file descriptors (Linux). */
    static boolean fdsVisible() {
        return Files.isDirectory(FDS);
    }

    /** How many file descriptors the process has open (the listing's own one included, so compare like with like). */
    static long openFds() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The targets of the open file descriptors, for a failure message. */
    static List<String> fdTargets() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.map(p -> {
                try {
                    return p.getFileName() + " -> " + Files.readSymbolicLink(p);
                } catch (IOException e) {
                    return p.getFileName() + " (gone)";
                }
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
