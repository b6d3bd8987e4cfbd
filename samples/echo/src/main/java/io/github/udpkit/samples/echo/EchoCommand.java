package io.github.udpkit.samples.echo;

import io.github.udpkit.UdpLimits;
import io.github.udpkit.samples.Cli;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@code echo-server} and {@code echo-client} commands.
 */
public final class EchoCommand {
    static final String SERVER_USAGE = """
            usage: echo-server [--host H] [--port P] [--max-size N] [--quiet]
            Answers each datagram with the same bytes, from its own port, until stopped (Ctrl-C).
              --host H       address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every interface, where on
                             the native engine each answer leaves from the address its request was sent to)
              --port P       port, 0 to 65535 (default 7007; 0 binds a free one)
              --max-size N   largest request answered, 1 to 65527 (default 1472); larger ones get no answer
              --quiet        do not print a line per datagram
              --help         this text
            Options are written --port 7007 or --port=7007.""";

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
            Options are written --attempts 3 or --attempts=3.
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
        Cli cli = new Cli(args);
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--help", "-h" -> {
                    out.println(SERVER_USAGE);
                    return 0;
                }
                case "--quiet" -> quiet = true;
                case "--host" -> host = cli.value();
                case "--port" -> port = cli.port();
                case "--max-size" -> maxSize = cli.number(1, UdpLimits.IPV6_MAX_PAYLOAD);
                default -> throw cli.unknown();
            }
        }
        EchoServer server = EchoServer.start(new InetSocketAddress(Cli.host(host), port), maxSize,
                quiet ? line -> { } : out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        err.println("echo server on " + Cli.format(server.localAddress()) + " (Ctrl-C to stop)");
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
        boolean messageGiven = false;
        Cli cli = new Cli(args);
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--help", "-h" -> {
                    out.println(CLIENT_USAGE);
                    return 0;
                }
                case "--to" -> to = cli.target(7007);
                case "--timeout" -> timeout = cli.number(1, 3_600_000);
                case "--attempts" -> attempts = cli.number(1, 100);
                case "--backoff" -> backoff = Cli.decimal("--backoff", cli.value(), 1.0, 10.0);
                case "--max-timeout" -> maxTimeout = cli.number(1, 3_600_000);
                case "--count" -> count = cli.number(1, 1_000_000);
                default -> {
                    if (messageGiven) {
                        throw cli.unknown();
                    }
                    message = cli.positional();
                    messageGiven = true;
                }
            }
        }
        try (EchoClient client = EchoClient.open(to, Duration.ofMillis(timeout), attempts, backoff,
                Duration.ofMillis(Math.max(maxTimeout, timeout)))) {
            for (int n = 1; n <= count; n++) {
                try {
                    EchoReply reply = client.request(message);
                    out.println("echo " + n + "/" + count + " on attempt " + reply.attempt() + ": "
                            + new String(reply.payload(), StandardCharsets.UTF_8));
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
}
