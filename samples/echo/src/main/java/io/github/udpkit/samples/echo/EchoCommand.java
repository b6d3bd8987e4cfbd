package io.github.udpkit.samples.echo;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The {@code echo-server} and {@code echo-client} commands.
 */
public final class EchoCommand {
    static final String SERVER_USAGE = """
            usage: echo-server [--host H] [--port P] [--max-size N] [--quiet]
            Answers each datagram with the same bytes, from its own port, until stopped (Ctrl-C).
              --host H       address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every interface)
              --port P       port (default 7007)
              --max-size N   largest request answered, 1 to 65527 (default 1472); larger ones get no answer
              --quiet        do not print a line per datagram
              --help         this text""";

    static final String CLIENT_USAGE = """
            usage: echo-client [--to HOST:PORT] [--timeout MS] [--attempts N] [--backoff F] [--max-timeout MS]
                               [--count N] [MESSAGE]
            Sends MESSAGE (default "hello") to an echo server and waits for it to come back; retries with backoff.
              --to HOST:PORT    the server (default 127.0.0.1:7007; IPv6 as [::1]:7007)
              --timeout MS      how long the first attempt waits (default 200)
              --attempts N      attempts per request, 1 to 100 (default 5)
              --backoff F       each retry waits F times longer, 1.0 to 10.0 (default 2.0)
              --max-timeout MS  the longest wait of one attempt (default 2000)
              --count N         requests to send, one after another (default 1)
              --help            this text
            Exit status 0 when every request was answered, 1 when one timed out.""";

    private EchoCommand() {
    }

    /**
     * The {@code echo-server} command; returns at once and leaves the server running until the JVM stops.
     *
     * @param args the options, see {@code --help}
     * @param out where a line per datagram goes
     * @param err where the listening address goes
     * @return 0
     * @throws IllegalArgumentException for a bad option
     */
    public static int server(String[] args, PrintStream out, PrintStream err) {
        String host = "127.0.0.1";
        int port = 7007;
        int maxSize = EchoServer.DEFAULT_MAX_SIZE;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.println(SERVER_USAGE);
                    return 0;
                }
                case "--quiet" -> quiet = true;
                case "--host" -> host = value(args, i++);
                case "--port" -> port = number(args, i++, 0, 65535);
                case "--max-size" -> maxSize = number(args, i++, 1, 65527);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        EchoServer server = EchoServer.start(new InetSocketAddress(address(host), port), maxSize,
                quiet ? line -> { } : out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        err.println("echo server on " + EchoClient.format(server.localAddress()) + " (Ctrl-C to stop)");
        return 0;
    }

    /**
     * The {@code echo-client} command.
     *
     * @param args the options, see {@code --help}
     * @param out a line per answer, then a summary
     * @param err the timeout message
     * @return 0 if every request was answered, 1 otherwise
     * @throws IllegalArgumentException for a bad option
     */
    public static int client(String[] args, PrintStream out, PrintStream err) {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), 7007);
        long timeout = 200;
        int attempts = 5;
        double backoff = 2.0;
        long maxTimeout = 2000;
        int count = 1;
        String message = "hello";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.println(CLIENT_USAGE);
                    return 0;
                }
                case "--to" -> to = hostAndPort(value(args, i++));
                case "--timeout" -> timeout = number(args, i++, 1, 3_600_000);
                case "--attempts" -> attempts = number(args, i++, 1, 100);
                case "--backoff" -> backoff = decimal(args, i++);
                case "--max-timeout" -> maxTimeout = number(args, i++, 1, 3_600_000);
                case "--count" -> count = number(args, i++, 1, 1_000_000);
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    message = args[i];
                }
            }
        }
        try (EchoClient client = EchoClient.open(to, Duration.ofMillis(timeout), attempts, backoff,
                Duration.ofMillis(Math.max(maxTimeout, timeout)))) {
            for (int n = 1; n <= count; n++) {
                try {
                    EchoReply reply = client.request(message);
                    out.println("echo " + n + "/" + count + " on attempt " + reply.attempt() + ": "
                            + new String(reply.payload(), java.nio.charset.StandardCharsets.UTF_8));
                } catch (EchoTimeoutException e) {
                    err.println(e.getMessage());
                }
            }
            EchoClient.Stats stats = client.stats();
            out.println(stats.requests() + (stats.requests() == 1 ? " request, " : " requests, ")
                    + stats.answered() + " answered, " + stats.failed() + " failed, " + stats.attempts()
                    + (stats.attempts() == 1 ? " attempt (" : " attempts (") + stats.retries()
                    + (stats.retries() == 1 ? " retry)" : " retries)"));
            return stats.failed() == 0 ? 0 : 1;
        }
    }

    /** Parses {@code host:port}, {@code [v6]:port} or {@code v6-literal:port}. */
    static InetSocketAddress hostAndPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--to must be HOST:PORT, for example 127.0.0.1:7007 or [::1]:7007, "
                    + "was '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(address(host), parse("--to port", text.substring(colon + 1), 1, 65535));
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
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

    private static int number(String[] args, int i, int min, int max) {
        return parse(args[i], value(args, i), min, max);
    }

    private static int parse(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max + ", was '"
                + value + "'");
    }

    private static double decimal(String[] args, int i) {
        String value = value(args, i);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i] + " must be a number such as 2.0, was '" + value + "'", e);
        }
    }
}
