package io.github.udpkit.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Turns a run's {@link Results} into markdown tables, a target check list and an SVG chart. */
final class Report {
    private static final List<Integer> RECEIVE_TARGET_SIZES = List.of(32, 512, 1472, 8192);
    private static final String[] COLOURS = {"#4c4c4c", "#1f77b4", "#17becf", "#9467bd", "#ff7f0e", "#d62728",
        "#2ca02c", "#98df8a", "#bcbd22", "#8c564b", "#e377c2"};
    /** Legend entries per row of the chart. */
    private static final int LEGEND_ROW = 6;

    private final Results results;
    private final Launcher.Machine machine;
    private final List<Integer> sizes;
    private final List<Contender> contenders;
    private final boolean quick;
    private final List<Jmh.Row> jmh;
    private final String nativeJdk;
    private final List<String> skipped;

    Report(Results results, Launcher.Machine machine, List<Integer> sizes, List<Contender> contenders, boolean quick,
           List<Jmh.Row> jmh, String nativeJdk, List<String> skipped) {
        this.nativeJdk = nativeJdk;
        this.skipped = List.copyOf(skipped);
        this.results = results;
        this.machine = machine;
        this.sizes = sizes;
        this.contenders = contenders;
        this.quick = quick;
        this.jmh = jmh;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100 ? f("%,.0f", v) : v >= 10 ? f("%.1f", v) : f("%.2f", v);
    }

    private static String spread(double percent) {
        return Double.isNaN(percent) ? "" : f(" ±%.0f%%", percent / 2);
    }

    private double med(String mode, Contender c, int size, ToDoubleFunction<Results.Flow> metric) {
        return Results.median(results.flows(mode, c, size), metric);
    }

    /** Median over the repetitions of the contender's metric divided by jdk-channel's in the same repetition. */
    private double ratio(String mode, Contender c, int size, ToDoubleFunction<Results.Flow> metric) {
        return Results.median(results.pairedRatios(mode, c, Contender.JDK_CHANNEL, size, metric), Double::doubleValue);
    }

    private String ratioText(String mode, Contender c, int size, ToDoubleFunction<Results.Flow> metric) {
        List<Double> ratios = results.pairedRatios(mode, c, Contender.JDK_CHANNEL, size, metric);
        if (ratios.isEmpty()) {
            return "n/a";
        }
        double median = Results.median(ratios, Double::doubleValue);
        if (ratios.size() < 2) {
            return f("%.2f×", median);
        }
        return f("%.2f× (%.2f–%.2f)", median, ratios.stream().mapToDouble(Double::doubleValue).min().getAsDouble(),
                ratios.stream().mapToDouble(Double::doubleValue).max().getAsDouble());
    }

    String markdown(String chartFile) {
        StringBuilder md = new StringBuilder();
        md.append(f("### Run of %s%n%n", machine.date()));
        md.append(f("- Command: `%s`%s%n", machine.command(), quick ? " (quick mode: fewer sizes, one repetition, "
                + "short windows; not for the record)" : ""));
        md.append(f("- Machine: %d CPUs, %s, Linux %s, %s; `net.core.rmem_max` = %s; nodes %s%n", machine.cpus(),
                machine.cpuModel(), machine.kernel(), machine.jdk(), machine.rmemMax(),
                machine.pinned() ? "pinned with `taskset` (receiver or echo server on CPU 0, sender or client on "
                        + "CPU 1)" : "not pinned (no `taskset`)"));
        if (!nativeJdk.isEmpty()) {
            md.append(f("- The `udpkit-native*` nodes ran on %s with `--enable-native-access=ALL-UNNAMED`, every other "
                    + "Java node on the JDK above; `c-*` is the C reference node (`udpref.c`, gcc -O2)%n", nativeJdk));
        }
        skipped.forEach(x -> md.append("- ").append(x).append('\n'));
        md.append(f("- Load average before / after: `%s` / `%s`; the run took %d s%n", machine.loadBefore(),
                machine.loadAfter(), machine.seconds()));
        md.append(f("- Repetitions per cell: %d; figures are medians, ± is half the range over the repetitions "
                + "relative to the median; a ratio is the median over the repetitions of the contender's figure "
                + "divided by `jdk-channel`'s in the same repetition (their trials ran back to back), "
                + "with its range%n%n",
                results.flows.stream().mapToInt(Results.Flow::rep).max().orElse(0) + 1));
        targets(md);
        flowTable(md, "receive", "Receive: each contender's receiver, fed by the `jdk-channel` sender",
                "goodput");
        flowTable(md, "receive-gso", "Receive, fed by a GSO sender: each contender's receiver, fed by the C "
                + "reference's GSO sender (`c-gso`, up to 64 datagrams per sendmsg)", "goodput");
        flowTable(md, "send", "Send: each contender's sender, into the `jdk-channel` receiver", "rate");
        nativeTable(md);
        startupTable(md);
        pingTable(md);
        jmhTable(md);
        md.append(f("![CPU per datagram and goodput per contender and size](%s)%n%n", chartFile));
        if (!results.failures.isEmpty()) {
            md.append("Failed trials (not in the tables):\n\n");
            results.failures.forEach(x -> md.append("- ").append(x).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    private void flowTable(StringBuilder md, String mode, String title, String rateName) {
        if (results.flows.stream().noneMatch(x -> x.mode().equals(mode))) {
            return;
        }
        md.append("#### ").append(title).append("\n\n");
        md.append(f("| size (B) | contender | %s (datagrams/s) | MB/s | CPU per datagram (µs) | CPU ratio (range) "
                + "| %s ratio (range) | loss (whole run) |%n", rateName, rateName));
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (int size : sizes) {
            for (Contender c : contenders) {
                List<Results.Flow> fs = results.flows(mode, c, size);
                if (fs.isEmpty()) {
                    continue;
                }
                double rate = Results.median(fs, Results.Flow::rate);
                double cpu = Results.median(fs, Results.Flow::cpuMicrosPerDatagram);
                md.append(f("| %,d | %s | %s%s | %s | %s%s | %s | %s | %.3f%% |%n", size, c.label(), num(rate),
                        spread(Results.spreadPercent(fs, Results.Flow::rate)),
                        num(Results.median(fs, Results.Flow::megabytesPerSecond)), num(cpu),
                        spread(Results.spreadPercent(fs, Results.Flow::cpuMicrosPerDatagram)),
                        ratioText(mode, c, size, Results.Flow::cpuMicrosPerDatagram),
                        ratioText(mode, c, size, Results.Flow::rate),
                        Results.median(fs, Results.Flow::lossPercent)));
            }
        }
        md.append('\n');
    }

    /** The C reference a native or C contender is measured against: GSO/GRO for the batch path, mmsg otherwise. */
    private static Contender cReference(Contender c) {
        return c == Contender.UDPKIT_NATIVE_BATCH || c == Contender.C_GSO ? Contender.C_GSO : Contender.C_MMSG;
    }

    private static boolean nativeOrC(Contender c) {
        return c.isNative() || c.runtime() == Contender.Runtime.C;
    }

    /** Median paired ratio of a metric to another contender's, same mode, size and repetition. */
    private double ratioTo(String mode, Contender c, Contender base, int size, ToDoubleFunction<Results.Flow> metric) {
        return Results.median(results.pairedRatios(mode, c, base, size, metric), Double::doubleValue);
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : f("%.2f×", ratio);
    }

    private void nativeTable(StringBuilder md) {
        if (contenders.stream().noneMatch(Report::nativeOrC)) {
            return;
        }
        md.append("#### Native engine and the C reference: ratios to the C reference and to `jdk-channel`\n\n");
        md.append("Each ratio is the median over the repetitions of the paired ratio (same mode, size and repetition). "
                + "The C reference of\n`udpkit-native-batch` and `c-gso` is `c-gso` (GSO sends, GRO receives); of "
                + "every other row `c-mmsg` (sendmmsg,\nrecvmmsg, 64 per call).\n\n");
        md.append("| direction | size (B) | contender | datagrams/s | CPU/datagram (µs) | C ref | rate × C "
                + "| CPU × C | rate × jdk-channel | CPU × jdk-channel | loss |\n");
        md.append("|---|---:|---|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (String mode : List.of("receive", "receive-gso", "send")) {
            for (int size : sizes) {
                for (Contender c : contenders) {
                    List<Results.Flow> fs = results.flows(mode, c, size);
                    if (!nativeOrC(c) || fs.isEmpty()) {
                        continue;
                    }
                    Contender ref = cReference(c);
                    md.append(f("| %s | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %.3f%% |%n", mode, size,
                            c.label(), num(Results.median(fs, Results.Flow::rate)),
                            num(Results.median(fs, Results.Flow::cpuMicrosPerDatagram)), ref.label(),
                            times(ratioTo(mode, c, ref, size, Results.Flow::rate)),
                            times(ratioTo(mode, c, ref, size, Results.Flow::cpuMicrosPerDatagram)),
                            times(ratio(mode, c, size, Results.Flow::rate)),
                            times(ratio(mode, c, size, Results.Flow::cpuMicrosPerDatagram)),
                            Results.median(fs, Results.Flow::lossPercent)));
                }
            }
        }
        md.append('\n');
    }

    private void startupTable(StringBuilder md) {
        if (results.flows.stream().noneMatch(x -> x.mode().equals("startup"))) {
            return;
        }
        md.append(f("#### Start-up: a burst of %,d datagrams from the receiver's first moment (`jdk-channel` sender)"
                + "%n%n| size (B) | contender | loss, median | loss, each repetition |%n|---:|---|---:|---|%n",
                Launcher.STARTUP_BURST));
        for (int size : Launcher.STARTUP_SIZES) {
            for (Contender c : contenders) {
                List<Results.Flow> fs = results.flows("startup", c, size);
                if (fs.isEmpty()) {
                    continue;
                }
                md.append(f("| %,d | %s | %.3f%% | %s |%n", size, c.label(),
                        Results.median(fs, Results.Flow::lossPercent), String.join(", ", fs.stream()
                                .map(x -> f("%.3f%%", x.lossPercent())).toList())));
            }
        }
        md.append('\n');
    }

    private void pingTable(StringBuilder md) {
        if (results.pings.isEmpty()) {
            return;
        }
        md.append("#### Ping-pong, 32 B: each contender as echo server and as client (round trip, µs)\n\n");
        md.append("| contender | p50 best | p50 median | p90 | p99 best | p99 median | p99.9 | mean | p50 ratio (best) "
                + "| p99 ratio (best) | lost pings re-sent |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Results.Ping> base = results.pings(Contender.JDK_CHANNEL);
        double baseP50 = Results.min(base, Results.Ping::p50);
        double baseP99 = Results.min(base, Results.Ping::p99);
        for (Contender c : contenders) {
            List<Results.Ping> ps = results.pings(c);
            if (ps.isEmpty()) {
                continue;
            }
            md.append(f("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f× | %.2f× | %d |%n", c.label(),
                    Results.min(ps, Results.Ping::p50) / 1e3, Results.median(ps, Results.Ping::p50) / 1e3,
                    Results.median(ps, Results.Ping::p90) / 1e3, Results.min(ps, Results.Ping::p99) / 1e3,
                    Results.median(ps, Results.Ping::p99) / 1e3, Results.median(ps, Results.Ping::p999) / 1e3,
                    Results.median(ps, Results.Ping::mean) / 1e3, Results.min(ps, Results.Ping::p50) / baseP50,
                    Results.min(ps, Results.Ping::p99) / baseP99, ps.stream().mapToInt(Results.Ping::kicks).sum()));
        }
        md.append('\n');
    }

    private void jmhTable(StringBuilder md) {
        if (jmh.isEmpty()) {
            return;
        }
        md.append("#### JMH (in-process; `-prof gc`): time and allocation per operation\n\n");
        md.append("| benchmark | parameters | time | allocated per op (B) |\n|---|---|---:|---:|\n");
        for (Jmh.Row row : jmh) {
            if (!row.metric().isEmpty()) {
                continue;
            }
            double alloc = allocation(row);
            md.append(f("| %s | %s | %s ± %s %s | %s |%n", row.shortName(), row.paramText(), num(row.score()),
                    num(row.error()), row.unit(), Double.isNaN(alloc) ? "n/a" : f("%.1f", alloc)));
        }
        md.append('\n');
    }

    private double allocation(Jmh.Row primary) {
        return jmh.stream().filter(r -> r.benchmark().equals(primary.benchmark())
                        && r.params().equals(primary.params()) && r.metric().equals("gc.alloc.rate.norm"))
                .mapToDouble(Jmh.Row::score).findFirst().orElse(Double.NaN);
    }

    private double allocation(String benchmarkSuffix, String param, String value, int size) {
        return jmh.stream().filter(r -> r.benchmark().endsWith(benchmarkSuffix)
                        && r.metric().equals("gc.alloc.rate.norm")
                        && value.equals(r.params().get(param)) && Integer.toString(size).equals(r.params().get("size")))
                .mapToDouble(Jmh.Row::score).findFirst().orElse(Double.NaN);
    }

    // ---------------------------------------------------------------- targets

    private record Check(String target, String figure, Boolean met) {
    }

    private void targets(StringBuilder md) {
        List<Check> checks = new ArrayList<>();
        for (Contender u : List.of(Contender.UDPKIT, Contender.UDPKIT_ZC)) {
            if (!contenders.contains(u)) {
                continue;
            }
            String who = "`" + u.label() + "`";
            for (int size : RECEIVE_TARGET_SIZES) {
                if (!sizes.contains(size) || results.flows("receive", u, size).isEmpty()) {
                    continue;
                }
                double cpu = ratio("receive", u, size, Results.Flow::cpuMicrosPerDatagram);
                checks.add(new Check(f("Receive %,d B: %s CPU per datagram ≤ 1.10× jdk-channel", size, who),
                        f("%.2f×", cpu), ok(cpu <= 1.10, cpu)));
                double rate = ratio("receive", u, size, Results.Flow::rate);
                double noise = Math.max(5, Math.max(
                        Results.spreadPercent(results.flows("receive", Contender.JDK_CHANNEL, size),
                                Results.Flow::rate),
                        Results.spreadPercent(results.flows("receive", u, size), Results.Flow::rate))) / 100;
                checks.add(new Check(f("Receive %,d B: %s goodput within noise of jdk-channel (≥ 1 − max(5%%, "
                        + "spread))", size, who), f("%.2f× (noise %.0f%%)", rate, noise * 100),
                        ok(rate >= 1 - noise, rate)));
                double loss = med("receive", u, size, Results.Flow::lossPercent);
                double baseLoss = med("receive", Contender.JDK_CHANNEL, size, Results.Flow::lossPercent);
                checks.add(new Check(f("Receive %,d B: %s loss no higher than jdk-channel's (+0.01 points)", size, who),
                        f("%.3f%% vs %.3f%%", loss, baseLoss), ok(loss <= baseLoss + 0.01, loss)));
                if (contenders.contains(Contender.NETTY_NIO)) {
                    double netty = Results.median(results.pairedRatios("receive", u, Contender.NETTY_NIO, size,
                            Results.Flow::cpuMicrosPerDatagram), Double::doubleValue);
                    checks.add(new Check(f("Receive %,d B: %s CPU per datagram ≤ 0.6× netty-nio", size, who),
                            f("%.2f×", netty), ok(netty <= 0.6, netty)));
                }
            }
            for (int size : sizes) {
                if (results.flows("send", u, size).isEmpty()) {
                    continue;
                }
                double rate = ratio("send", u, size, Results.Flow::rate);
                double cpu = ratio("send", u, size, Results.Flow::cpuMicrosPerDatagram);
                checks.add(new Check(f("Send %,d B: %s rate ≥ 0.95× jdk-channel", size, who), f("%.2f×", rate),
                        ok(rate >= 0.95, rate)));
                checks.add(new Check(f("Send %,d B: %s CPU per datagram ≤ 1.05× jdk-channel", size, who),
                        f("%.2f×", cpu), ok(cpu <= 1.05, cpu)));
            }
            if (!results.pings(u).isEmpty() && !results.pings(Contender.JDK_CHANNEL).isEmpty()) {
                double p50 = Results.min(results.pings(u), Results.Ping::p50)
                        / Results.min(results.pings(Contender.JDK_CHANNEL), Results.Ping::p50);
                double p99 = Results.min(results.pings(u), Results.Ping::p99)
                        / Results.min(results.pings(Contender.JDK_CHANNEL), Results.Ping::p99);
                checks.add(new Check("Ping-pong 32 B: " + who + " p50 ≤ 1.10× jdk-channel (best of runs)",
                        f("%.2f×", p50), ok(p50 <= 1.10, p50)));
                checks.add(new Check("Ping-pong 32 B: " + who + " p99 ≤ 1.25× jdk-channel (best of runs)",
                        f("%.2f×", p99), ok(p99 <= 1.25, p99)));
            }
            for (int size : Launcher.STARTUP_SIZES) {
                if (results.flows("startup", u, size).isEmpty()) {
                    continue;
                }
                double loss = med("startup", u, size, Results.Flow::lossPercent);
                double baseLoss = med("startup", Contender.JDK_CHANNEL, size, Results.Flow::lossPercent);
                checks.add(new Check(f("Start-up %,d B: %s with its defaults, flooded from its first moment, loses no "
                        + "more than jdk-channel with 4 MiB (median of the repetitions; +0.01 points)", size, who),
                        f("%.3f%% vs %.3f%%", loss, baseLoss), ok(loss <= baseLoss + 0.01, loss)));
            }
        }
        nativeTargets(checks);
        for (int size : List.of(32, 1472)) {
            double view = allocation("ReceivePathBenchmark.receive", "path", "view", size);
            double datagram = allocation("ReceivePathBenchmark.receive", "path", "datagram", size);
            double send = allocation("SendBenchmark.send", "api", "udpkit-bytes", size);
            if (!Double.isNaN(view)) {
                checks.add(new Check(f("Allocation, zero-copy receive, %,d B: 0 B per datagram", size),
                        f("%.2f B", view), ok(view < 1, view)));
            }
            if (!Double.isNaN(datagram)) {
                long array = 16 + ((size + 7) / 8) * 8L;
                checks.add(new Check(f("Allocation, default receive, %,d B: payload copy (%d B as a byte[]) + a small "
                        + "constant (≤ 64 B)", size, array), f("%.1f B (constant %.1f B)", datagram, datagram - array),
                        ok(datagram - array <= 64, datagram)));
            }
            if (!Double.isNaN(send)) {
                checks.add(new Check(f("Allocation, send(byte[]), %,d B: 0 B per call", size), f("%.2f B", send),
                        ok(send < 1, send)));
            }
        }
        for (int size : List.of(32, 1472)) {
            for (String path : List.of("view-receive", "batch-send")) {
                double alloc = allocation("NativePathBenchmark.datagram", "path", path, size);
                if (!Double.isNaN(alloc)) {
                    checks.add(new Check(f("Allocation, native engine, %s, %,d B: 0 B per datagram", path, size),
                            f("%.2f B", alloc), ok(alloc < 1, alloc)));
                }
            }
        }
        md.append("#### Targets\n\n| target | figure | met? |\n|---|---|---|\n");
        for (Check c : checks) {
            md.append(f("| %s | %s | %s |%n", c.target(), c.figure(),
                    c.met() == null ? "n/a" : c.met() ? "met" : "**not met**"));
        }
        md.append('\n');
    }

    private boolean has(String mode, Contender c, int size) {
        return contenders.contains(c) && sizes.contains(size) && !results.flows(mode, c, size).isEmpty();
    }

    /** Issue #12's targets for the native engine, against the C reference, Netty epoll and udpkit on NIO. */
    private void nativeTargets(List<Check> checks) {
        Contender batch = Contender.UDPKIT_NATIVE_BATCH;
        Contender gso = Contender.C_GSO;
        for (int size : List.of(1472, 32)) {
            if (has("send", batch, size) && has("send", gso, size)) {
                double rate = ratioTo("send", batch, gso, size, Results.Flow::rate);
                double cpu = ratioTo("send", batch, gso, size, Results.Flow::cpuMicrosPerDatagram);
                checks.add(new Check(f("Send %,d B: `udpkit-native-batch` rate ≥ 0.8× the C GSO sender's (`c-gso`)",
                        size), times(rate), ok(rate >= 0.8, rate)));
                checks.add(new Check(f("Send %,d B: `udpkit-native-batch` CPU per datagram ≤ 1.25× `c-gso`'s", size),
                        times(cpu), ok(cpu <= 1.25, cpu)));
            }
        }
        int size = 1472;
        if (has("receive-gso", batch, size) && has("receive-gso", gso, size)) {
            double rate = ratioTo("receive-gso", batch, gso, size, Results.Flow::rate);
            double cpu = ratioTo("receive-gso", batch, gso, size, Results.Flow::cpuMicrosPerDatagram);
            double loss = med("receive-gso", batch, size, Results.Flow::lossPercent);
            double cLoss = med("receive-gso", gso, size, Results.Flow::lossPercent);
            checks.add(new Check("Receive 1,472 B fed by `c-gso`: `udpkit-native-batch` (offload) goodput ≥ 0.8× "
                    + "the C GRO receiver's (`c-gso`)", times(rate), ok(rate >= 0.8, rate)));
            // A merged datagram not split back fails the node (its size is checked), so the trial would be missing;
            // what is left is loss, which must be no more than the C GRO receiver's under the same feeder.
            checks.add(new Check("Receive 1,472 B fed by `c-gso`: no datagram lost to merging (every datagram of the "
                    + "sent size; loss ≤ `c-gso`'s + 0.01 points)", f("%.3f%% vs %.3f%%", loss, cLoss),
                    ok(loss <= cLoss + 0.01, loss)));
            checks.add(new Check("Receive 1,472 B fed by `c-gso`: `udpkit-native-batch` CPU per datagram ≤ 1.5× "
                    + "`c-gso`'s", times(cpu), ok(cpu <= 1.5, cpu)));
        } else if (contenders.contains(batch) && sizes.contains(size) && modes().contains("receive-gso")) {
            checks.add(new Check("Receive 1,472 B fed by `c-gso`: `udpkit-native-batch` against the C GRO receiver",
                    "no trial (failed or not run; see below)", false));
        }
        for (Contender c : List.of(batch, Contender.UDPKIT_NATIVE_MMSG)) {
            for (String mode : List.of("receive", "receive-gso", "send")) {
                for (int s : sizes) {
                    if (!has(mode, c, s) || !has(mode, Contender.NETTY_EPOLL, s)) {
                        continue;
                    }
                    double rate = ratioTo(mode, c, Contender.NETTY_EPOLL, s, Results.Flow::rate);
                    double cpu = ratioTo(mode, c, Contender.NETTY_EPOLL, s, Results.Flow::cpuMicrosPerDatagram);
                    checks.add(new Check(f("%s %,d B: `%s` ahead of `netty-epoll` (rate > 1×, CPU per datagram < 1×)",
                            mode, s, c.label()), f("rate %s, CPU %s", times(rate), times(cpu)),
                            Double.isNaN(rate) || Double.isNaN(cpu) ? null : rate > 1 && cpu < 1));
                }
            }
        }
        Contender perDatagram = Contender.UDPKIT_NATIVE;
        for (String mode : List.of("receive", "send")) {
            for (int s : sizes) {
                if (!has(mode, perDatagram, s) || !has(mode, Contender.UDPKIT_ZC, s)) {
                    continue;
                }
                double cpu = ratioTo(mode, perDatagram, Contender.UDPKIT_ZC, s, Results.Flow::cpuMicrosPerDatagram);
                checks.add(new Check(f("%s %,d B: `udpkit-native` CPU per datagram ≤ 1.05× NIO's (`udpkit-zc`, the "
                        + "same view and ByteBuffer paths)", mode, s), times(cpu), ok(cpu <= 1.05, cpu)));
            }
        }
    }

    private List<String> modes() {
        return results.flows.stream().map(Results.Flow::mode).distinct().toList();
    }

    private static Boolean ok(boolean condition, double figure) {
        return Double.isNaN(figure) ? null : condition;
    }

    // ---------------------------------------------------------------- chart

    String chart() {
        List<String[]> panels = new ArrayList<>();
        int panelHeight = 260;
        int width = 960;
        StringBuilder svg = new StringBuilder();
        List<Panel> list = List.of(
                new Panel("receive", "Receive: CPU time per datagram (µs, log scale; lower is better)",
                        Results.Flow::cpuMicrosPerDatagram),
                new Panel("receive", "Receive: goodput (datagrams/s, log scale; higher is better)", Results.Flow::rate),
                new Panel("send", "Send: CPU time per datagram (µs, log scale; lower is better)",
                        Results.Flow::cpuMicrosPerDatagram));
        int legendRows = (contenders.size() + LEGEND_ROW - 1) / LEGEND_ROW;
        int legend = 16 * Math.max(0, legendRows - 1);
        int height = list.size() * panelHeight + 60 + legend;
        svg.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        for (int i = 0; i < contenders.size(); i++) {
            int x = 70 + (i % LEGEND_ROW) * 140;
            int y = 12 + (i / LEGEND_ROW) * 16;
            svg.append(f("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y, colour(contenders.get(i)), x + 16, y + 10,
                    contenders.get(i).label()));
        }
        for (int p = 0; p < list.size(); p++) {
            panel(svg, list.get(p), 40 + legend + p * panelHeight, width, panelHeight - 30);
        }
        svg.append("</svg>\n");
        panels.clear();
        return svg.toString();
    }

    private record Panel(String mode, String title, ToDoubleFunction<Results.Flow> metric) {
    }

    private String colour(Contender c) {
        return COLOURS[c.ordinal() % COLOURS.length];
    }

    private void panel(StringBuilder svg, Panel panel, int top, int width, int height) {
        int left = 70;
        int plotTop = top + 24;
        int plotHeight = height - 50;
        int plotWidth = width - left - 20;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int size : sizes) {
            for (Contender c : contenders) {
                double v = med(panel.mode(), c, size, panel.metric());
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        svg.append(f("<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s</text>%n", left, top + 14,
                panel.title()));
        if (hi == 0) {
            return;
        }
        double logLo = Math.floor(Math.log10(lo));
        double logHi = Math.ceil(Math.log10(hi));
        if (logHi == logLo) {
            logHi = logLo + 1;
        }
        for (double d = logLo; d <= logHi; d++) {
            int y = (int) (plotTop + plotHeight - (d - logLo) / (logHi - logLo) * plotHeight);
            svg.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left, y, left + plotWidth, y,
                    left - 6, y + 4, axis(Math.pow(10, d))));
        }
        int groupWidth = plotWidth / Math.max(1, sizes.size());
        int barWidth = Math.max(4, (groupWidth - 20) / Math.max(1, contenders.size()));
        for (int s = 0; s < sizes.size(); s++) {
            int groupLeft = left + s * groupWidth + 10;
            svg.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%,d B</text>%n", groupLeft
                    + barWidth * contenders.size() / 2, plotTop + plotHeight + 16, sizes.get(s)));
            for (int i = 0; i < contenders.size(); i++) {
                Contender c = contenders.get(i);
                double v = med(panel.mode(), c, sizes.get(s), panel.metric());
                if (!(v > 0)) {
                    continue;
                }
                int barHeight = (int) Math.max(1, (Math.log10(v) - logLo) / (logHi - logLo) * plotHeight);
                svg.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %,d B: %s"
                                + "</title></rect>%n", groupLeft + i * barWidth, plotTop + plotHeight - barHeight,
                        barWidth - 2, barHeight, colour(c), c.label(), sizes.get(s), num(v)));
            }
        }
        svg.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", left, plotTop + plotHeight,
                left + plotWidth, plotTop + plotHeight));
    }

    private static String axis(double v) {
        if (v >= 1e6) {
            return f("%.0fM", v / 1e6);
        }
        if (v >= 1e3) {
            return f("%.0fk", v / 1e3);
        }
        return v >= 1 ? f("%.0f", v) : f("%.2g", v);
    }
}
