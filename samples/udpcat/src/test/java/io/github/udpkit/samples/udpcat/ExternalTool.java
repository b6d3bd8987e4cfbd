package io.github.udpkit.samples.udpcat;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * An external program (socat, netcat) started for one test: bounded in time, killed by its PID on close, its UDP
 * port found through {@code /proc} so that it can bind port 0 like everything else in the tests.
 */
final class ExternalTool implements AutoCloseable {
    private final Process process;
    private final List<String> command;

    private ExternalTool(Process process, List<String> command) {
        this.process = process;
        this.command = command;
    }

    /**
     * Skips the test when the program is not installed (or there is no {@code /proc} to find its port), except under
     * {@code CI=true}, where that fails it.
     *
     * @param program the executable's name
     * @param aptPackage the Debian package that has it
     */
    static void require(String program, String aptPackage) {
        String reason;
        if (!Files.isReadable(Path.of("/proc/net/udp"))) {
            reason = "/proc/net/udp is not readable: finding the tool's port needs Linux's /proc";
        } else if (find(program).isEmpty()) {
            reason = program + " is not installed (apt-get install " + aptPackage + "; .ci/run installs it)";
        } else {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true but " + reason);
        }
        Assumptions.abort("skipped: " + reason);
    }

    /**
     * Looks the program up on the {@code PATH}, or on the directories of the system property
     * {@code udpkit.interop.path} when set (to check the skip: {@code -DargLine=-Dudpkit.interop.path=/none}).
     */
    static Optional<Path> find(String program) {
        String path = System.getProperty("udpkit.interop.path", System.getenv("PATH"));
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts a program.
     *
     * @param stdin a file to read standard input from, or null for none
     * @param stdout a file for standard output
     * @param stderr a file for standard error
     */
    static ExternalTool start(List<String> command, Path stdin, Path stdout, Path stderr) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile())
                : ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return new ExternalTool(builder.start(), List.copyOf(command));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits until the program has a UDP socket bound, and returns its local port. */
    int awaitUdpPort(Duration timeout) {
        int[] port = {-1};
        await().atMost(timeout).pollInterval(Duration.ofMillis(10))
                .alias(command + " binds a UDP socket")
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(command + " exited with " + process.exitValue() + " before it bound");
                    }
                    port[0] = udpPort();
                    return port[0] > 0;
                });
        return port[0];
    }

    private int udpPort() throws IOException {
        List<String> inodes = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor closed meanwhile
                }
            }
        }
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && inodes.contains(fields[9])) {
                    String local = fields[1];
                    return Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
                }
            }
        }
        return -1;
    }

    /** Waits for the program to exit by itself; fails naming it if it does not in time. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(command + " did not exit within " + timeout);
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** Ends the program (by its PID: SIGTERM, then SIGKILL after two seconds). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " (pid " + process.pid() + ")";
    }
}
