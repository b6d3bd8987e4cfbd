package io.github.udpkit.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Turns a run's {@link Results} into markdown tables, a target check list and an SVG chart. */
final class Report {
    private static final List<Integer> RECEIVE_TARGET_SIZES = List.of(32, 512, 1472, 8192);
    private static final String[] COLOURS = {"#4c4c4c", "#1f77b4", "#17becf", "#9467bd", "#ff7f0e", "#d62728"};

    private final Results results;
    private final Launcher.Machine machine;
    private final List<Integer> sizes;
    private final List<Contender> contenders;
    private final boolean quick;
    private final List<Jmh.Row> jmh;

    Report(Results results, Launcher.Machine machine, List<Integer> sizes, List<Contender> contenders, boolean quick,
           List<Jmh.Row> jmh) {
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
        flowTable(md, "send", "Send: each contender's sender, into the `jdk-channel` receiver", "rate");
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
        md.append("#### Targets\n\n| target | figure | met? |\n|---|---|---|\n");
        for (Check c : checks) {
            md.append(f("| %s | %s | %s |%n", c.target(), c.figure(),
                    c.met() == null ? "n/a" : c.met() ? "met" : "**not met**"));
        }
        md.append('\n');
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
        int height = list.size() * panelHeight + 60;
        svg.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        for (int i = 0; i < contenders.size(); i++) {
            int x = 70 + i * 140;
            svg.append(f("<rect x=\"%d\" y=\"12\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"22\">%s</text>%n", x, colour(contenders.get(i)), x + 16,
                    contenders.get(i).label()));
        }
        for (int p = 0; p < list.size(); p++) {
            panel(svg, list.get(p), 40 + p * panelHeight, width, panelHeight - 30);
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
