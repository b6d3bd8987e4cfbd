package io.github.udpkit.benchmarks.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The measurements of one harness run and the statistics over its repetitions. */
final class Results {
    /** One flood trial: receive mode measures the receiver, send mode the sender. */
    record Flow(String mode, Contender contender, int size, int rep, long windowCount, long windowNanos,
                long windowCpuNanos, long sent, long received) {
        double rate() {
            return windowNanos == 0 ? Double.NaN : windowCount * 1e9 / windowNanos;
        }

        double megabytesPerSecond() {
            return rate() * size / 1e6;
        }

        double cpuMicrosPerDatagram() {
            return windowCount == 0 ? Double.NaN : windowCpuNanos / 1e3 / windowCount;
        }

        double lossPercent() {
            return sent == 0 ? Double.NaN : Math.max(0, 100.0 * (sent - received) / sent);
        }

        String csv() {
            return String.join(",", mode, contender.label(), Integer.toString(size), Integer.toString(rep),
                    Long.toString(windowCount), Long.toString(windowNanos), Long.toString(windowCpuNanos),
                    Long.toString(sent), Long.toString(received));
        }
    }

    /** One ping-pong trial, in nanoseconds. */
    record Ping(Contender contender, int size, int rep, long p50, long p90, long p99, long p999, long mean,
                int kicks) {
        String csv() {
            return String.join(",", "ping", contender.label(), Integer.toString(size), Integer.toString(rep),
                    Long.toString(p50), Long.toString(p90), Long.toString(p99), Long.toString(p999),
                    Long.toString(mean), Integer.toString(kicks));
        }
    }

    final List<Flow> flows = new ArrayList<>();
    final List<Ping> pings = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    List<Flow> flows(String mode, Contender contender, int size) {
        return flows.stream().filter(f -> f.mode.equals(mode) && f.contender == contender && f.size == size)
                .toList();
    }

    List<Ping> pings(Contender contender) {
        return pings.stream().filter(p -> p.contender == contender).toList();
    }

    /**
     * The ratios of a contender's metric to the baseline's metric in the same repetition (the two trials ran next to
     * each other, so slow changes of the machine's load cancel out), one per repetition both have.
     */
    List<Double> pairedRatios(String mode, Contender contender, Contender baseline, int size,
                              ToDoubleFunction<Flow> metric) {
        List<Double> ratios = new ArrayList<>();
        for (Flow f : flows(mode, contender, size)) {
            flows(mode, baseline, size).stream().filter(b -> b.rep == f.rep).findFirst().ifPresent(b -> {
                double r = metric.applyAsDouble(f) / metric.applyAsDouble(b);
                if (!Double.isNaN(r) && !Double.isInfinite(r)) {
                    ratios.add(r);
                }
            });
        }
        return ratios;
    }

    static <T> double median(List<T> items, ToDoubleFunction<T> metric) {
        double[] values = items.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    static <T> double min(List<T> items, ToDoubleFunction<T> metric) {
        return items.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    /** Spread over the repetitions: (max − min) / median, in percent; NaN with fewer than two. */
    static <T> double spreadPercent(List<T> items, ToDoubleFunction<T> metric) {
        double[] values = items.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).toArray();
        if (values.length < 2) {
            return Double.NaN;
        }
        double med = median(items, metric);
        return 100 * (Arrays.stream(values).max().getAsDouble() - Arrays.stream(values).min().getAsDouble()) / med;
    }
}
