package io.github.udpkit.samples;

import io.github.udpkit.samples.dns.DnsCommand;
import io.github.udpkit.samples.echo.EchoCommand;
import io.github.udpkit.samples.hello.HelloClient;
import io.github.udpkit.samples.hello.HelloDemo;
import io.github.udpkit.samples.hello.HelloServer;
import io.github.udpkit.samples.multicast.MulticastCommand;
import io.github.udpkit.samples.statsd.StatsdCommand;
import io.github.udpkit.samples.syslog.SyslogCommand;
import io.github.udpkit.samples.udpcat.UdpCat;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The samples jar's entry point: {@code java -jar udp-samples.jar <sample> [options]}; {@code --help} lists the
 * samples and {@code <sample> --help} explains each one's options.
 */
public final class Main {
    /**
     * A sub-command's main method: runs it with the given arguments and streams and returns the exit status.
     */
    @FunctionalInterface
    public interface Command {
        /**
         * Runs the sub-command.
         *
         * @param args the options after the sub-command's name
         * @param out standard output
         * @param err standard error
         * @return the exit status: 0 for success, 1 for a failure, 2 for a usage error
         * @throws IllegalArgumentException for a usage mistake; the jar prints its message and a hint, and exits 2
         * @throws Exception for a failure; the jar prints its message (never its class) and exits 1
         */
        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    /** A sub-command with its one-line description. */
    private record Entry(String summary, Command command) {
    }

    private static final Map<String, Entry> COMMANDS;

    static {
        Map<String, Entry> commands = new LinkedHashMap<>();
        commands.put("hello", new Entry("the classic lab: server and client in one process (= hello-demo)",
                HelloDemo::cli));
        commands.put("hello-demo", new Entry("the classic lab: server and client in one process", HelloDemo::cli));
        commands.put("hello-server", new Entry("prints 'received message: ...' for each datagram on 127.0.0.1:5005",
                HelloServer::cli));
        commands.put("hello-client", new Entry("sends 'Hello, World!' to 127.0.0.1:5005", HelloClient::cli));
        commands.put("echo-server", new Entry("answers each datagram with the same bytes, from its own port",
                EchoCommand::server));
        commands.put("echo-client", new Entry("sends requests to an echo server, with timeout, retries and backoff",
                EchoCommand::client));
        commands.put("udpcat", new Entry("netcat for UDP: 'udpcat listen --port P' prints datagrams, "
                + "'udpcat send --to HOST:PORT' sends them", UdpCat::cli));
        commands.put("statsd", new Entry("sends StatsD metrics (counters, gauges, timers, sets) in packed datagrams",
                StatsdCommand::cli));
        commands.put("syslog", new Entry("receives syslog (RFC 5424 and RFC 3164) and prints one line per message",
                SyslogCommand::cli));
        commands.put("multicast", new Entry("discovery by heartbeat on a multicast group: lists the peers it hears, "
                + "drops silent ones", MulticastCommand::cli));
        commands.put("dns-server", new Entry("answers DNS A queries from a fixed table (a stub for tests)",
                DnsCommand::server));
        commands.put("dns-query", new Entry("looks up A records over UDP, all names at once, matched by query id",
                DnsCommand::query));
        COMMANDS = Collections.unmodifiableMap(commands);
    }

    private Main() {
    }

    /**
     * Runs a sample and exits with its status when that is not 0.
     *
     * @param args the sample's name, then its options
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs a sample; see {@link Cli#run} for how failures are reported.
     *
     * @param args the sample's name, then its options
     * @param out standard output
     * @param err standard error
     * @return the exit status: 0 success, 1 failure, 2 usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        Entry entry = COMMANDS.get(args[0]);
        if (entry == null) {
            err.println("unknown sample '" + args[0] + "'\n" + usage());
            return 2;
        }
        return Cli.run(args[0], entry.command(), Arrays.copyOfRange(args, 1, args.length), out, err);
    }

    /**
     * Returns the names of all sub-commands, in the order {@code --help} lists them.
     *
     * @return the names
     */
    public static Set<String> commands() {
        return COMMANDS.keySet();
    }

    static String usage() {
        StringBuilder out = new StringBuilder("usage: java -jar udp-samples.jar <sample> [options]   "
                + "(<sample> --help explains its options)\n\nsamples:\n");
        COMMANDS.forEach((name, entry) -> out.append(String.format("  %-13s %s%n", name, entry.summary())));
        return out.toString().stripTrailing();
    }
}
