package io.github.udpkit.benchmarks.harness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's own loopback limit, measured by a C node ({@code src/main/c/udpref.c}, shipped in the jar) that speaks
 * the harness's node protocol: {@code recvmmsg}, GRO, {@code sendmmsg} and GSO pairs side by side. The harness
 * compiles it with {@code gcc} at run time into {@code target/cref/}; without gcc it says so and measures nothing.
 *
 * <pre>java -jar benchmarks/target/udp-benchmarks.jar c-reference [--size 1472] [--warmup-ms 1500]
 *     [--window-ms 1500]</pre>
 */
public final class CReference {
    /** Sender mode, receiver mode: the pairs measured, in report order. */
    private static final String[][] PAIRS = {{"msend", "mrecv"}, {"gsend", "mrecv"}, {"gsend", "grecv"}};

    private final Path binary;
    private final Path logs;

    private CReference(Path binary, Path logs) {
        this.binary = binary;
        this.logs = logs;
    }

    /**
     * Runs every pair once and prints one line per pair.
     *
     * @param args {@code [--size N] [--warmup-ms N] [--window-ms N]}
     * @throws Exception if the run cannot start
     */
    public static void main(String[] args) throws Exception {
        int size = 1472;
        long warmup = 1500;
        long window = 1500;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--warmup-ms" -> warmup = Long.parseLong(args[++i]);
                case "--window-ms" -> window = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: c-reference [--size 1472] [--warmup-ms 1500] [--window-ms 1500]");
            }
        }
        Path dir = targetDirectory().resolve("cref");
        Optional<String> missing = build(dir);
        if (missing.isPresent()) {
            System.out.println("c-reference skipped: " + missing.get());
            return;
        }
        CReference reference = new CReference(dir.resolve("udpref"), dir.resolve("logs"));
        for (String[] pair : PAIRS) {
            reference.run(pair[0], pair[1], size, warmup, window);
        }
    }

    /** Where built things go: the directory of the jar (benchmarks/target) or of the classes. */
    private static Path targetDirectory() throws URISyntaxException {
        Path code = Path.of(CReference.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return code.getParent(); // the jar's directory, or target/ above target/classes
    }

    /**
     * Compiles the C node unless it is already there and newer than its source.
     *
     * @param dir where the binary goes
     * @return why it cannot be built, or empty once it is
     * @throws IOException if the source cannot be written out
     * @throws InterruptedException if interrupted while gcc runs
     */
    static Optional<String> build(Path dir) throws IOException, InterruptedException {
        Optional<Path> gcc = onPath("gcc");
        if (gcc.isEmpty()) {
            return Optional.of("gcc is not on the PATH (install gcc to measure the kernel's own limit)");
        }
        Files.createDirectories(dir.resolve("logs"));
        Path source = dir.resolve("udpref.c");
        try (InputStream in = CReference.class.getResourceAsStream("/c/udpref.c")) {
            if (in == null) {
                return Optional.of("the jar has no c/udpref.c");
            }
            byte[] bytes = in.readAllBytes();
            if (!Files.exists(source) || !java.util.Arrays.equals(Files.readAllBytes(source), bytes)) {
                Files.write(source, bytes);
            }
        }
        Path binary = dir.resolve("udpref");
        if (Files.exists(binary)
                && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0) {
            return Optional.empty();
        }
        Path log = dir.resolve("logs").resolve("gcc.log");
        Process gccRun = new ProcessBuilder(gcc.get().toString(), "-O2", "-Wall", "-Wextra", "-pthread", "-o",
                binary.toString(), source.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!gccRun.waitFor(120, TimeUnit.SECONDS)) {
            gccRun.destroyForcibly();
            return Optional.of("gcc did not finish within 120 s");
        }
        if (gccRun.exitValue() != 0) {
            return Optional.of("gcc failed (exit " + gccRun.exitValue() + "): " + Files.readString(log).strip());
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private List<String> command(int cpu, String... args) {
        List<String> command = new ArrayList<>();
        if (onPath("taskset").isPresent()) {
            command.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        }
        command.add(binary.toString());
        command.addAll(List.of(args));
        return command;
    }

    private void run(String senderMode, String receiverMode, int size, long warmup, long window) {
        String id = "c-" + senderMode + "-" + receiverMode + "-" + size;
        String w = Long.toString(warmup);
        String n = Long.toString(window);
        try (Proc rx = new Proc(id + "-rx", command(0, "recv", receiverMode, Integer.toString(size), w, n),
                logs.resolve(id + "-rx.log").toFile())) {
            String port = rx.expect("READY", 10_000)[0];
            try (Proc tx = new Proc(id + "-tx", command(1, "flood", senderMode, Integer.toString(size), port, w, n),
                    logs.resolve(id + "-tx.log").toFile())) {
                tx.expect("READY", 10_000);
                long budget = warmup + window + 30_000;
                String[] rxWindow = rx.expect("WINDOW", budget);
                String[] txWindow = tx.expect("WINDOW", budget);
                tx.stop();
                long sent = Long.parseLong(tx.expect("RESULT", 10_000)[0]);
                rx.stop();
                long received = Long.parseLong(rx.expect("RESULT", 30_000)[0]);
                System.out.printf("%-5s -> %-5s %6d B: receiver %,12.0f datagrams/s %7.3f µs CPU/datagram;"
                                + " sender %,12.0f datagrams/s %7.3f µs CPU/datagram; loss %.3f%%%n",
                        senderMode, receiverMode, size, rate(rxWindow), cpuMicros(rxWindow), rate(txWindow),
                        cpuMicros(txWindow), sent == 0 ? 0.0 : 100.0 * (sent - received) / sent);
            }
        } catch (Exception e) {
            System.out.printf("%-5s -> %-5s %6d B: FAILED: %s%n", senderMode, receiverMode, size, e.getMessage());
        }
    }

    private static double rate(String[] window) {
        return Long.parseLong(window[0]) * 1e9 / Long.parseLong(window[1]);
    }

    private static double cpuMicros(String[] window) {
        long datagrams = Long.parseLong(window[0]);
        return datagrams == 0 ? 0 : Long.parseLong(window[2]) / 1e3 / datagrams;
    }
}
