package io.github.udpkit.benchmarks.harness;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two-process loopback harness. For each trial it forks a receiver JVM and a sender JVM (pinned to CPU 0 and
 * CPU 1 with {@code taskset} where it exists), reads their window measurements over stdout, and finally writes
 * {@code results.csv}, {@code report.md} and {@code chart.svg} to the output folder, and optionally the results
 * section of a README.
 *
 * <ul>
 *   <li><b>receive</b>: every contender's receiver, fed by the fastest sender ({@code jdk-channel}); the receiver's
 *       goodput and CPU time per datagram over the window, loss over the whole run (from its first millisecond).
 *   <li><b>send</b>: every contender's sender into the fastest receiver ({@code jdk-channel}); the sender's rate
 *       and CPU time per datagram over the window.
 *   <li><b>startup</b>: each contender's receiver, with a burst of datagrams from its first moment; loss.
 *   <li><b>ping</b>: each contender as both echo server and client; round-trip percentiles.
 * </ul>
 */
public final class Launcher {
    /** Sizes of the start-up test: a burst of {@link #STARTUP_BURST} datagrams from the receiver's first moment. */
    static final List<Integer> STARTUP_SIZES = List.of(32, 1472);
    static final int STARTUP_BURST = 100_000;

    private final boolean quick;
    private final List<Integer> sizes;
    private final int reps;
    private final long warmupMillis;
    private final long windowMillis;
    private final int pingWarmup;
    private final int pingCount;
    private final List<String> modes;
    private final List<Contender> contenders;
    private final Path out;
    private final Path jar;
    private final boolean taskset;
    private final Results results = new Results();
    private final List<String> nodeJvmArgs;
    /** The java binary of the native contenders' nodes, or null if there is none. */
    private final Path nativeJava;
    private final String nativeJdk;
    /** The C reference binary, or null if it could not be built. */
    private final Path cBinary;
    /** Contenders asked for but left out, and why. */
    private final List<String> skipped = new ArrayList<>();

    private Launcher(Options o) throws URISyntaxException {
        this.quick = o.quick;
        this.sizes = o.sizes != null ? o.sizes
                : quick ? List.of(32, 1472, 65_507) : List.of(32, 512, 1472, 8192, 65_507);
        // Many short, interleaved repetitions beat a few long ones on a shared machine: load that comes and goes
        // hits single repetitions, which the medians of paired ratios then discard.
        this.reps = o.reps > 0 ? o.reps : quick ? 1 : 5;
        this.warmupMillis = quick ? 1_000 : 1_500;
        this.windowMillis = quick ? 1_000 : 1_500;
        this.pingWarmup = quick ? 5_000 : 20_000;
        this.pingCount = quick ? 20_000 : 50_000;
        this.out = o.out;
        this.nodeJvmArgs = List.copyOf(o.nodeJvmArgs);
        this.jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        this.taskset = new File("/usr/bin/taskset").canExecute() || new File("/bin/taskset").canExecute();
        List<Contender> wanted = o.contenders != null ? o.contenders : List.of(Contender.values());
        // Native contenders: a JDK 22+ for their nodes, or they are left out, with the reason printed.
        Path javaForNative = null;
        String reason = null;
        if (wanted.stream().anyMatch(Contender::isNative)) {
            javaForNative = o.nativeJava != null ? o.nativeJava : NativeJava.newest(Path.of("/usr/lib/jvm"));
            if (javaForNative == null) {
                reason = "no JDK 22 or later under /usr/lib/jvm (name one with --native-java PATH/bin/java)";
            } else if (!Files.isExecutable(javaForNative)) {
                reason = javaForNative + " is not executable";
            } else if (NativeJava.feature(javaForNative) < 22) {
                reason = javaForNative + " is JDK " + NativeJava.feature(javaForNative)
                        + "; the native engine needs 22+";
            } else if (!NativeJava.jarHasNativeEngine(jar)) {
                reason = jar + " has no native engine (udp-api's META-INF/versions/22 and Multi-Release: true come "
                        + "only from a build on JDK 22+; build the benchmarks with one)";
            }
        }
        this.nativeJava = reason == null ? javaForNative : null;
        this.nativeJdk = this.nativeJava == null ? "" : NativeJava.describe(this.nativeJava);
        // C contenders, and the GSO feeder of receive-gso: the C node, built with gcc now.
        Path c = null;
        String cReason = null;
        if (wanted.stream().anyMatch(x -> x.runtime() == Contender.Runtime.C) || o.modes.contains("receive-gso")) {
            try {
                Path dir = jar.getParent().resolve("cref");
                java.util.Optional<String> missing = CReference.build(dir);
                if (missing.isPresent()) {
                    cReason = missing.get();
                } else {
                    c = dir.resolve("udpref");
                }
            } catch (IOException | InterruptedException e) {
                cReason = "building it failed: " + e;
            }
        }
        this.cBinary = c;
        List<Contender> kept = new ArrayList<>();
        for (Contender x : wanted) {
            if (x.isNative() && reason != null) {
                skipped.add(x.label() + " skipped: " + reason);
            } else if (x.runtime() == Contender.Runtime.C && cBinary == null) {
                skipped.add(x.label() + " skipped: the C reference node cannot be built: " + cReason);
            } else {
                kept.add(x);
            }
        }
        this.contenders = List.copyOf(kept);
        List<String> m = new ArrayList<>(o.modes);
        if (m.contains("receive-gso") && cBinary == null) {
            m.remove("receive-gso");
            skipped.add("mode receive-gso skipped: its feeder is the C GSO sender, which cannot be built: " + cReason);
        }
        this.modes = List.copyOf(m);
        skipped.forEach(x -> System.out.println("harness: " + x));
        if (nativeJava != null) {
            System.out.println("harness: native contenders' nodes run on " + nativeJava + " (" + nativeJdk + ")");
        }
    }

    private static final String USAGE = """
            usage: java -jar benchmarks/target/udp-benchmarks.jar harness [options]
              --quick                 short windows and fewer repetitions (about 10 minutes in all)
              --out DIR               where results.csv, report.md, chart.svg and logs go (benchmarks/target/harness)
              --readme FILE           also write the report into this README (benchmarks/README.md)
              --jmh-csv FILE          JMH results to include in the report
              --command TEXT          the command line to print in the report
              --sizes 32,1472         payload sizes in bytes (32,512,1472,8192,65507)
              --reps N                repetitions per contender and size
              --modes LIST            receive,receive-gso,send,startup,ping (all)
              --contenders LIST       jdk-channel,udpkit,udpkit-zc,jdk-socket,netty-nio,netty-epoll,udpkit-native,
                                      udpkit-native-batch,udpkit-native-mmsg,c-mmsg,c-gso (all)
              --native-java PATH      the java of the udpkit-native* nodes, JDK 22+ (the newest under /usr/lib/jvm)
              --node-jvm-arg ARG      an extra JVM option for the forked sender and receiver (repeatable)""";

    private static final class Options {
        boolean quick;
        List<Integer> sizes;
        int reps;
        List<String> modes = List.of("receive", "receive-gso", "send", "startup", "ping");
        List<Contender> contenders;
        Path out;
        Path readme;
        Path jmhCsv;
        String command = "java -jar benchmarks/target/udp-benchmarks.jar harness";
        List<String> nodeJvmArgs = new ArrayList<>();
        Path nativeJava;
    }

    /**
     * Runs the harness.
     *
     * @param args {@code [--quick] [--out DIR] [--readme FILE] [--jmh-csv FILE] [--command TEXT] [--sizes 32,1472]
     *     [--reps N] [--modes receive,receive-gso,send,startup,ping] [--contenders jdk-channel,udpkit]
     *     [--node-jvm-arg ARG]... [--native-java PATH]}
     * @throws Exception if the run cannot be done
     */
    public static void main(String[] args) throws Exception {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                case "--quick" -> o.quick = true;
                case "--out" -> o.out = Path.of(args[++i]);
                case "--readme" -> o.readme = Path.of(args[++i]);
                case "--jmh-csv" -> o.jmhCsv = Path.of(args[++i]);
                case "--command" -> o.command = args[++i];
                case "--node-jvm-arg" -> o.nodeJvmArgs.add(args[++i]);
                case "--native-java" -> o.nativeJava = Path.of(args[++i]);
                case "--sizes" -> o.sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--reps" -> o.reps = Integer.parseInt(args[++i]);
                case "--modes" -> o.modes = List.of(args[++i].split(","));
                case "--contenders" -> o.contenders = Arrays.stream(args[++i].split(",")).map(Contender::of).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (o.out == null) {
            o.out = Path.of("benchmarks/target/harness");
        }
        Files.createDirectories(o.out.resolve("logs"));
        Launcher launcher = new Launcher(o);
        Machine machine = Machine.describe(o.command, launcher.taskset);
        long started = System.nanoTime();
        launcher.runAll();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        machine = machine.finished(seconds);
        launcher.write(machine, o.readme, o.jmhCsv);
        System.out.println("harness: done in " + seconds + " s; report in " + o.out.resolve("report.md"));
    }

    private void runAll() {
        int javaOnly = (int) contenders.stream().filter(c -> c.runtime() != Contender.Runtime.C).count();
        int total = reps * ((modes.contains("receive") ? sizes.size() * contenders.size() : 0)
                + (modes.contains("receive-gso") ? sizes.size() * contenders.size() : 0)
                + (modes.contains("send") ? sizes.size() * contenders.size() : 0)
                + (modes.contains("startup") ? STARTUP_SIZES.size() * javaOnly : 0)
                + (modes.contains("ping") ? javaOnly : 0));
        int done = 0;
        for (int rep = 0; rep < reps; rep++) {
            // Rotate the order every repetition, so no contender always runs first (or last) on a warming machine.
            List<Contender> order = new ArrayList<>(contenders);
            java.util.Collections.rotate(order, -rep);
            for (String mode : List.of("receive", "receive-gso", "send")) {
                if (!modes.contains(mode)) {
                    continue;
                }
                for (int size : sizes) {
                    for (Contender c : order) {
                        done++;
                        flowTrial(mode, c, size, rep, done, total);
                    }
                }
            }
            if (modes.contains("startup")) {
                for (int size : STARTUP_SIZES) {
                    for (Contender c : order) {
                        if (c.runtime() == Contender.Runtime.C) {
                            continue; // the C node has no burst role
                        }
                        done++;
                        startupTrial(c, size, rep, done, total);
                    }
                }
            }
            if (modes.contains("ping")) {
                for (Contender c : order) {
                    if (c.runtime() == Contender.Runtime.C) {
                        continue; // the C node has no echo or ping role
                    }
                    done++;
                    pingTrial(c, rep, done, total);
                }
            }
        }
    }

    /**
     * The command of one node: {@code nodeArgs} are the role, then its arguments after the contender's name. A C
     * contender runs the C binary with its mode for the role in the contender's place; a native one runs on the
     * {@code --native-java} JDK with native access enabled; every other runs on this JVM's java.
     */
    private List<String> command(int cpu, Contender contender, String... nodeArgs) {
        List<String> command = new ArrayList<>();
        if (taskset) {
            command.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        }
        if (contender.runtime() == Contender.Runtime.C) {
            command.add(cBinary.toString());
            command.add(nodeArgs[0]);
            command.add(contender.cMode(nodeArgs[0]));
            command.addAll(Arrays.asList(nodeArgs).subList(1, nodeArgs.length));
            return command;
        }
        boolean nativeNode = contender.isNative();
        command.add(nativeNode ? nativeJava.toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (nativeNode) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        // The same JVM options for every contender. Netty's leak detector samples buffers: off, as in production
        // benchmarks; its default would add work to Netty only.
        command.addAll(List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-Dio.netty.leakDetection.level=disabled"));
        command.addAll(nodeJvmArgs); // experiments only, e.g. --node-jvm-arg -XX:+AlwaysPreTouch
        command.addAll(List.of("-cp", jar.toString(), "io.github.udpkit.benchmarks.Main", "node", nodeArgs[0],
                contender.label()));
        command.addAll(Arrays.asList(nodeArgs).subList(1, nodeArgs.length));
        return command;
    }

    private File log(String name) {
        return out.resolve("logs").resolve(name + ".log").toFile();
    }

    private void flowTrial(String mode, Contender c, int size, int rep, int done, int total) {
        Contender receiver = mode.equals("send") ? Contender.JDK_CHANNEL : c;
        Contender sender = mode.equals("send") ? c : mode.equals("receive-gso") ? Contender.C_GSO
                : Contender.JDK_CHANNEL;
        String id = mode + "-" + c.label() + "-" + size + "-r" + rep;
        long budget = warmupMillis + windowMillis + 60_000;
        try (Proc rx = new Proc(id + "-rx", command(0, receiver, "recv", Integer.toString(size),
                Long.toString(warmupMillis), Long.toString(windowMillis)), log(id + "-rx"))) {
            String port = rx.expect("READY", 60_000)[0];
            try (Proc tx = new Proc(id + "-tx", command(1, sender, "flood", Integer.toString(size), port,
                    Long.toString(warmupMillis), Long.toString(windowMillis)), log(id + "-tx"))) {
                tx.expect("READY", 60_000);
                String[] window = (mode.equals("send") ? tx : rx).expect("WINDOW", budget);
                if (mode.equals("send")) {
                    // the receiver's window is of no interest here, but it must be passed before STOP
                    rx.expect("WINDOW", budget);
                }
                tx.stop();
                long sent = Long.parseLong(tx.expect("RESULT", 30_000)[0]);
                rx.stop();
                long received = Long.parseLong(rx.expect("RESULT", 30_000)[0]);
                Results.Flow flow = new Results.Flow(mode, c, size, rep, Long.parseLong(window[0]),
                        Long.parseLong(window[1]), Long.parseLong(window[2]), sent, received);
                results.flows.add(flow);
                System.out.printf("[%d/%d] %-11s %-19s %6d B: %,12.0f datagrams/s  %7.3f µs CPU/datagram"
                                + "  loss %.3f%%%n",
                        done, total, mode, c.label(), size, flow.rate(), flow.cpuMicrosPerDatagram(),
                        flow.lossPercent());
            }
        } catch (Exception e) {
            results.failures.add(id + ": " + e.getMessage());
            System.out.printf("[%d/%d] %s FAILED: %s%n", done, total, id, e.getMessage());
        }
    }

    /**
     * Start-up: the receiver is bound and, at once, a {@code jdk-channel} sender fires {@link #STARTUP_BURST}
     * datagrams at full speed, so the receiver's first moments (class loading, interpreter, JIT) are under a flood;
     * loss = 1 − received / sent. CPU and rate are not measured here.
     */
    private void startupTrial(Contender c, int size, int rep, int done, int total) {
        String id = "startup-" + c.label() + "-" + size + "-r" + rep;
        try (Proc rx = new Proc(id + "-rx", command(0, c, "recv", Integer.toString(size), "0", "100"),
                log(id + "-rx"))) {
            String port = rx.expect("READY", 60_000)[0];
            try (Proc tx = new Proc(id + "-tx", command(1, Contender.JDK_CHANNEL, "burst",
                    Integer.toString(size), port, Integer.toString(STARTUP_BURST)), log(id + "-tx"))) {
                tx.expect("READY", 120_000);
                rx.expect("WINDOW", 60_000);
                tx.stop();
                long sent = Long.parseLong(tx.expect("RESULT", 30_000)[0]);
                rx.stop();
                long received = Long.parseLong(rx.expect("RESULT", 30_000)[0]);
                Results.Flow flow = new Results.Flow("startup", c, size, rep, 0, 0, 0, sent, received);
                results.flows.add(flow);
                System.out.printf("[%d/%d] startup %-11s %6d B: %,d sent, %,d received, loss %.3f%%%n", done, total,
                        c.label(), size, sent, received, flow.lossPercent());
            }
        } catch (Exception e) {
            results.failures.add(id + ": " + e.getMessage());
            System.out.printf("[%d/%d] %s FAILED: %s%n", done, total, id, e.getMessage());
        }
    }

    private void pingTrial(Contender c, int rep, int done, int total) {
        int size = 32;
        String id = "ping-" + c.label() + "-" + size + "-r" + rep;
        try (Proc server = new Proc(id + "-echo", command(0, c, "echo"), log(id + "-echo"))) {
            String port = server.expect("READY", 60_000)[0];
            try (Proc client = new Proc(id + "-ping", command(1, c, "ping", Integer.toString(size), port,
                    Integer.toString(pingWarmup), Integer.toString(pingCount)), log(id + "-ping"))) {
                String[] r = client.expect("RESULT", 180_000);
                server.stop();
                server.expect("RESULT", 30_000);
                Results.Ping ping = new Results.Ping(c, size, rep, Long.parseLong(r[0]), Long.parseLong(r[1]),
                        Long.parseLong(r[2]), Long.parseLong(r[3]), Long.parseLong(r[4]), Integer.parseInt(r[5]));
                results.pings.add(ping);
                System.out.printf("[%d/%d] ping    %-11s %6d B: p50 %.1f µs  p99 %.1f µs  p99.9 %.1f µs%n", done,
                        total, c.label(), size, ping.p50() / 1e3, ping.p99() / 1e3, ping.p999() / 1e3);
            }
        } catch (Exception e) {
            results.failures.add(id + ": " + e.getMessage());
            System.out.printf("[%d/%d] %s FAILED: %s%n", done, total, id, e.getMessage());
        }
    }

    private void write(Machine machine, Path readme, Path jmhCsv) throws IOException {
        List<String> csv = new ArrayList<>();
        csv.add("mode,contender,size,rep,window_count,window_nanos,window_cpu_nanos,sent,received");
        results.flows.forEach(f -> csv.add(f.csv()));
        csv.add("");
        csv.add("mode,contender,size,rep,p50_ns,p90_ns,p99_ns,p999_ns,mean_ns,kicks");
        results.pings.forEach(p -> csv.add(p.csv()));
        Files.write(out.resolve("results.csv"), csv, StandardCharsets.UTF_8);
        List<Jmh.Row> jmh = jmhCsv != null && Files.exists(jmhCsv) ? Jmh.read(jmhCsv) : List.of();
        Report report = new Report(results, machine, sizes, contenders, quick, jmh, nativeJdk, skipped);
        Files.writeString(out.resolve("chart.svg"), report.chart(), StandardCharsets.UTF_8);
        String markdown = report.markdown("chart.svg");
        Files.writeString(out.resolve("report.md"), markdown, StandardCharsets.UTF_8);
        if (readme != null) {
            String begin = "<!-- results:begin -->";
            String end = "<!-- results:end -->";
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IOException(readme + " has no " + begin + " ... " + end + " section");
            }
            String updated = text.substring(0, from + begin.length()) + "\n" + markdown + "\n" + text.substring(to);
            Files.writeString(readme, updated, StandardCharsets.UTF_8);
            Files.copy(out.resolve("chart.svg"), readme.resolveSibling("chart.svg"),
                    StandardCopyOption.REPLACE_EXISTING);
            System.out.println("harness: updated " + readme + " and " + readme.resolveSibling("chart.svg"));
        }
        if (!results.failures.isEmpty()) {
            System.out.println("harness: " + results.failures.size() + " trial(s) failed: "
                    + results.failures.stream().collect(Collectors.joining("; ")));
        }
    }

    /** What the run ran on, and how. */
    record Machine(String date, String command, int cpus, String cpuModel, String kernel, String jdk,
                   String rmemMax, boolean pinned, String loadBefore, String loadAfter, long seconds) {
        static Machine describe(String command, boolean pinned) {
            return new Machine(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), command,
                    Runtime.getRuntime().availableProcessors(), readCpuModel(), read("/proc/sys/kernel/osrelease"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    read("/proc/sys/net/core/rmem_max"), pinned, read("/proc/loadavg"), "", 0);
        }

        Machine finished(long tookSeconds) {
            return new Machine(date, command, cpus, cpuModel, kernel, jdk, rmemMax, pinned, loadBefore,
                    read("/proc/loadavg"), tookSeconds);
        }

        private static String read(String file) {
            // Not Files.readString: it trusts the size /proc reports and can return only the first bytes.
            try (java.io.InputStream in = Files.newInputStream(Path.of(file))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                return "unknown";
            }
        }

        private static String readCpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
