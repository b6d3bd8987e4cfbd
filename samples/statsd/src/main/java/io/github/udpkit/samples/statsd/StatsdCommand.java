package io.github.udpkit.samples.statsd;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpLimits;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.samples.Cli;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import java.util.function.LongConsumer;

/**
 * The {@code statsd} command: sends the metrics named on the command line, packed into datagrams.
 */
public final class StatsdCommand {
    static final String USAGE = """
            usage: statsd [--to HOST:PORT] [--prefix P] [--max-size N] [--show] METRIC...
            Sends StatsD metrics, packed into as few datagrams as fit, then prints what was sent.
              --to HOST:PORT  the StatsD server (default 127.0.0.1:8125; IPv6 as [::1]:8125)
              --prefix P      put before every name, for example "shop." (default none)
              --max-size N    largest datagram, 64 to 65507 (default 1432); lines are never split
              --show          send to a receiver of its own on 127.0.0.1 instead, and print each datagram it got
              --help          this text
            Options are written --to 127.0.0.1:8125 or --to=127.0.0.1:8125.
            METRIC:
              count:NAME=N[@RATE]   add N, a whole number, to a counter, sampled at RATE (0 < RATE <= 1)
              gauge:NAME=N          set a gauge; N may be a decimal: 42, -3.25
              delta:NAME=+N|-N      change a gauge: +2, -0.5
              timer:NAME=MS         record a timing in milliseconds: 320, 12.5
              set:NAME=VALUE        add VALUE to a set
            Counters count events, so they stay whole numbers: not every StatsD server reads a decimal counter.
            example: statsd --show count:orders=1 gauge:queue=-4 delta:queue=+2 timer:db=320 set:users=alice""";

    private StatsdCommand() {
    }

    /**
     * The {@code statsd} command.
     *
     * @param args the options and metrics, see {@code --help}
     * @param out what was sent
     * @param err failures
     * @return 0 if every line was sent, 1 otherwise
     * @throws InterruptedException if interrupted while waiting for {@code --show}
     * @throws IllegalArgumentException for a bad option or metric
     */
    public static int cli(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8125);
        String prefix = "";
        int maxSize = StatsdClient.DEFAULT_MAX_SIZE;
        boolean show = false;
        List<String> metrics = new ArrayList<>();
        Cli cli = new Cli(args);
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "--to" -> to = cli.target(8125);
                case "--prefix" -> prefix = cli.value();
                case "--max-size" -> maxSize = cli.number(64, UdpLimits.IPV4_MAX_PAYLOAD);
                case "--show" -> show = true;
                default -> metrics.add(cli.positional());
            }
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no METRIC given, for example count:orders=1");
        }
        BlockingQueue<Datagram> shown = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = show ? UdpReceiver.builder().onDatagram(shown::add).start() : null) {
            InetSocketAddress target = receiver != null ? receiver.localAddress() : to;
            StatsdClient client = StatsdClient.builder().target(target).prefix(prefix).maxDatagramSize(maxSize)
                    .flushInterval(Duration.ZERO).onError(e -> err.println("statsd: " + e.getMessage())).build();
            try {
                for (String metric : metrics) {
                    apply(client, metric);
                }
            } finally {
                client.close(); // sends what is waiting
            }
            StatsdClient.Stats stats = client.stats();
            if (receiver != null) {
                for (long n = 1; n <= stats.datagramsSent(); n++) {
                    Datagram d = shown.poll(5, TimeUnit.SECONDS);
                    if (d == null) {
                        err.println("statsd: datagram " + n + " did not arrive within 5 seconds");
                        return 1;
                    }
                    out.println("datagram " + n + " (" + d.length() + " bytes):");
                    out.println(d.text());
                }
            }
            out.println("sent " + stats.linesSent() + (stats.linesSent() == 1 ? " line" : " lines") + " in "
                    + stats.datagramsSent() + (stats.datagramsSent() == 1 ? " datagram" : " datagrams")
                    + (stats.linesDropped() > 0 ? ", dropped " + stats.linesDropped() : "")
                    + (stats.sampledOut() > 0 ? ", sampled out " + stats.sampledOut() : ""));
            return stats.linesDropped() == 0 ? 0 : 1;
        }
    }

    /** Applies one {@code type:name=value} metric. */
    static void apply(StatsdClient client, String metric) {
        int colon = metric.indexOf(':');
        int equals = metric.indexOf('=', colon + 1);
        if (colon < 0 || equals < 0) {
            throw new IllegalArgumentException("METRIC must look like count:orders=1, was '" + metric + "'");
        }
        String type = metric.substring(0, colon);
        String name = metric.substring(colon + 1, equals);
        String value = metric.substring(equals + 1);
        switch (type) {
            case "count" -> {
                int at = value.indexOf('@');
                long n = longValue(metric, at < 0 ? value : value.substring(0, at));
                double rate = at < 0 ? 1.0 : rate(metric, value.substring(at + 1));
                client.count(name, n, rate);
            }
            case "gauge" -> decimal(metric, value, n -> client.gauge(name, n), n -> client.gauge(name, n));
            case "delta" -> decimal(metric, value, n -> client.gaugeDelta(name, n), n -> client.gaugeDelta(name, n));
            case "timer" -> decimal(metric, value, n -> client.time(name, n), n -> client.time(name, n));
            case "set" -> client.set(name, value);
            default -> throw new IllegalArgumentException("METRIC type must be count, gauge, delta, timer or set, was '"
                    + type + "' in '" + metric + "'");
        }
    }

    private static long longValue(String metric, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the value of '" + metric + "' must be a whole number, was '" + value
                    + "'", e);
        }
    }

    /**
     * Reads a gauge or timer value, which StatsD allows to be a decimal: an optional sign, digits, and optionally a
     * point and more digits ({@code 42}, {@code -3.25}, {@code +0.5}). A whole number goes to {@code whole}, so that
     * it stays exact however large; a decimal to {@code decimal}.
     */
    private static void decimal(String metric, String value, LongConsumer whole, DoubleConsumer decimal) {
        int sign = value.startsWith("+") || value.startsWith("-") ? 1 : 0;
        int point = value.indexOf('.');
        boolean wellFormed = value.length() > sign && point != sign && point != value.length() - 1
                && value.indexOf('.', point + 1) < 0
                && value.chars().skip(sign).allMatch(c -> c >= '0' && c <= '9' || c == '.');
        if (!wellFormed) {
            throw new IllegalArgumentException("the value of '" + metric + "' must be a number such as 42, -3.25 "
                    + "or +0.5, was '" + value + "'");
        }
        if (point < 0) {
            try {
                whole.accept(Long.parseLong(value));
                return;
            } catch (NumberFormatException e) {
                // over 19 digits: sent as a decimal
            }
        }
        decimal.accept(Double.parseDouble(value));
    }

    private static double rate(String metric, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the sample rate of '" + metric + "' must be a number such as 0.1, was '"
                    + value + "'", e);
        }
    }
}
