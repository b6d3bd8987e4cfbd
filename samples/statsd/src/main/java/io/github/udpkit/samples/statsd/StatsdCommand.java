package io.github.udpkit.samples.statsd;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpReceiver;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
            METRIC:
              count:NAME=N[@RATE]   add N to a counter, sampled at RATE (0 < RATE <= 1)
              gauge:NAME=N          set a gauge
              delta:NAME=+N|-N      change a gauge
              timer:NAME=MS         record a timing in milliseconds
              set:NAME=VALUE        add VALUE to a set
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "--to" -> to = hostAndPort(value(args, i++));
                case "--prefix" -> prefix = value(args, i++);
                case "--max-size" -> maxSize = number("--max-size", value(args, i++));
                case "--show" -> show = true;
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    metrics.add(args[i]);
                }
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
            case "gauge" -> client.gauge(name, longValue(metric, value));
            case "delta" -> client.gaugeDelta(name, longValue(metric, value));
            case "timer" -> client.time(name, longValue(metric, value));
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

    private static double rate(String metric, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the sample rate of '" + metric + "' must be a number such as 0.1, was '"
                    + value + "'", e);
        }
    }

    private static InetSocketAddress hostAndPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--to must be HOST:PORT, for example 127.0.0.1:8125, was '" + text
                    + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = number("--to port", text.substring(colon + 1));
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'", e);
        }
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException("option " + args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'", e);
        }
    }
}
