package io.github.udpkit.samples.dns;

import io.github.udpkit.UdpTimeoutException;
import io.github.udpkit.samples.Cli;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** The {@code dns-server} and {@code dns-query} commands. */
public final class DnsCommand {
    static final String SERVER_USAGE = """
            usage: dns-server [--host H] [--port P] [--ttl S] [--record NAME=IPV4]...
            Answers DNS A queries from the records given, until stopped (Ctrl-C); NXDOMAIN for other names.
              --host H             address to listen on (default 127.0.0.1)
              --port P             port (default 5353)
              --ttl S              the records' time to live in seconds (default 60)
              --record NAME=IPV4   an A record; repeat for more (default example.test=192.0.2.1)
              --help               this text""";

    static final String QUERY_USAGE = """
            usage: dns-query [--to HOST:PORT] [--timeout MS] [--attempts N] NAME...
            Looks up each NAME's A records, all at once, and prints one line per name.
              --to HOST:PORT   the DNS server (default 127.0.0.1:5353)
              --timeout MS     how long a lookup waits, retries included (default 2000)
              --attempts N     how often a query is sent at most, 1 to 10 (default 3)
              --help           this text
            Exit status 0 when every name resolved, 1 otherwise.""";

    private DnsCommand() {
    }

    /**
     * The {@code dns-server} command; returns at once and leaves the server running until the JVM stops.
     *
     * @param args the options, see {@code --help}
     * @param out a line per query
     * @param err the listening address
     * @return 0
     * @throws IllegalArgumentException for a bad option
     */
    public static int server(String[] args, PrintStream out, PrintStream err) {
        String host = "127.0.0.1";
        int port = 5353;
        long ttl = 60;
        Map<String, List<Inet4Address>> records = new LinkedHashMap<>();
        Cli cli = new Cli(args);
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--help", "-h" -> {
                    out.println(SERVER_USAGE);
                    return 0;
                }
                case "--host" -> host = cli.value();
                case "--port" -> port = cli.port();
                case "--ttl" -> ttl = cli.number(0, Integer.MAX_VALUE);
                case "--record" -> record(cli.value(), records);
                default -> throw cli.unknown();
            }
        }
        if (records.isEmpty()) {
            record("example.test=192.0.2.1", records);
        }
        DnsServerStub server = DnsServerStub.start(new InetSocketAddress(Cli.host(host), port), records, ttl,
                out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        err.println("dns server on " + Cli.format(server.localAddress()) + " with " + records.keySet()
                + " (Ctrl-C to stop)");
        return 0;
    }

    /**
     * The {@code dns-query} command.
     *
     * @param args the options, see {@code --help}
     * @param out a line per name: {@code NAME A ADDRESS ...}
     * @param err a line per name that did not resolve
     * @return 0 if every name resolved, 1 otherwise
     * @throws IllegalArgumentException for a bad option
     * @throws InterruptedException if interrupted while waiting
     */
    public static int query(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353);
        long timeout = 2000;
        int attempts = 3;
        List<String> names = new ArrayList<>();
        Cli cli = new Cli(args);
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--help", "-h" -> {
                    out.println(QUERY_USAGE);
                    return 0;
                }
                case "--to" -> to = cli.target(5353);
                case "--timeout" -> timeout = cli.number(1, 3_600_000);
                case "--attempts" -> attempts = cli.number(1, 10);
                default -> names.add(cli.positional());
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("give at least one NAME to look up");
        }
        int failures = 0;
        try (DnsResolver resolver = DnsResolver.open(to, Duration.ofMillis(timeout), attempts)) {
            var lookups = names.stream().map(resolver::resolve).toList(); // all in flight at once
            for (int i = 0; i < names.size(); i++) {
                try {
                    List<Inet4Address> addresses = lookups.get(i).get();
                    StringBuilder line = new StringBuilder(names.get(i)).append(" A");
                    addresses.forEach(a -> line.append(' ').append(a.getHostAddress()));
                    out.println(addresses.isEmpty() ? names.get(i) + " has no A records" : line);
                } catch (ExecutionException e) {
                    failures++;
                    Throwable cause = e.getCause();
                    err.println(names.get(i) + ": " + (cause instanceof UdpTimeoutException
                            || cause instanceof DnsException ? cause.getMessage() : cause.toString()));
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static void record(String text, Map<String, List<Inet4Address>> records) {
        int eq = text.indexOf('=');
        InetAddress address = eq > 0 ? address(text.substring(eq + 1)) : null;
        if (!(address instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("--record must be NAME=IPV4, was '" + text + "'");
        }
        records.computeIfAbsent(text.substring(0, eq), k -> new ArrayList<>()).add(v4);
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve '" + host + "'", e);
        }
    }
}
