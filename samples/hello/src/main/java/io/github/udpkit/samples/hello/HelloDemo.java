package io.github.udpkit.samples.hello;

import io.github.udpkit.UdpReceiver;
import io.github.udpkit.samples.Cli;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Server and client in one process: the whole lab exchange, then exit. Exit status 0 when the server printed the
 * message, 1 when nothing arrived within five seconds.
 */
public final class HelloDemo {
    private HelloDemo() {
    }

    /**
     * Runs the exchange.
     *
     * @param host the address the server binds and the client targets
     * @param port the port
     * @param message the text
     * @param out where all four lines go
     * @return {@code true} if the server received the message in time
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean run(String host, int port, String message, PrintStream out) throws InterruptedException {
        return run(host, port, HelloServer.MAX_SIZE, message, out);
    }

    /**
     * Runs the exchange with a server limit other than the lab's 1024 bytes.
     *
     * @param host the address the server binds and the client targets
     * @param port the port
     * @param maxSize the server's largest datagram printed whole
     * @param message the text
     * @param out where all four lines go
     * @return {@code true} if the server received the message in time
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean run(String host, int port, int maxSize, String message, PrintStream out)
            throws InterruptedException {
        CountDownLatch printed = new CountDownLatch(1);
        try (UdpReceiver server = HelloServer.start(host, port, maxSize, out, printed::countDown)) {
            HelloClient.send(host, server.localAddress().getPort(), message, out);
            return printed.await(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The {@code hello} command: runs the demo.
     *
     * @param args {@code [--host H] [--port P] [--message M] [--max-size N]}
     * @param out where the four lines go
     * @param err where a failure is reported
     * @return 0 when the server printed the message, 1 when nothing arrived within five seconds
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException for a bad option
     */
    public static int cli(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        HelloOptions options = HelloOptions.parse(args, HelloOptions.Role.DEMO, out);
        if (options == null) {
            return 0;
        }
        if (!run(options.host(), options.port(), options.maxSize(), options.message(), out)) {
            err.println("no datagram arrived within 5 seconds");
            return 1;
        }
        return 0;
    }

    /**
     * Runs the demo and exits with its status.
     *
     * @param args {@code [--host H] [--port P] [--message M] [--max-size N]}
     */
    public static void main(String[] args) {
        Cli.main("hello-demo", HelloDemo::cli, args);
    }
}
