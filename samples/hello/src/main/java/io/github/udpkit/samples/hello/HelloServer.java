package io.github.udpkit.samples.hello;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.samples.Cli;
import java.io.PrintStream;

/**
 * The lab's server: binds 127.0.0.1:5005, reads datagrams of up to 1024 bytes (or {@code --max-size}) and prints
 * {@code received message: <text>} for each. Unlike the lab's {@code recvfrom(1024)}, a longer datagram is not cut
 * silently: the line says it was truncated.
 */
public final class HelloServer {
    /** The lab's receive size, the default. */
    public static final int MAX_SIZE = 1024;

    private HelloServer() {
    }

    /**
     * Starts the server with the lab's limit of 1024 bytes; it prints one line per datagram until closed.
     *
     * @param host the address to bind, for example {@code 127.0.0.1}
     * @param port the port to bind, for example 5005 (0 for any free port)
     * @param out where the lines go
     * @param onLine called after each printed line (the demo waits on it); may be {@code () -> {}}
     * @return the running receiver
     */
    public static UdpReceiver start(String host, int port, PrintStream out, Runnable onLine) {
        return start(host, port, MAX_SIZE, out, onLine);
    }

    /**
     * Starts the server; it prints one line per datagram until closed.
     *
     * @param host the address to bind, for example {@code 127.0.0.1}
     * @param port the port to bind, for example 5005 (0 for any free port)
     * @param maxSize the largest datagram printed whole, 1 to 65,527; a larger one is printed cut, saying so
     * @param out where the lines go
     * @param onLine called after each printed line (the demo waits on it); may be {@code () -> {}}
     * @return the running receiver
     * @throws IllegalArgumentException if {@code maxSize} is outside 1 to 65,527
     * @throws io.github.udpkit.UdpBindException if the address cannot be bound
     */
    public static UdpReceiver start(String host, int port, int maxSize, PrintStream out, Runnable onLine) {
        return UdpReceiver.builder()
                .bind(host, port)
                .maxDatagramSize(maxSize)
                .onDatagram(d -> {
                    out.println("received message: " + d.text());
                    onLine.run();
                })
                .onTruncated(d -> {
                    out.println(truncatedLine(d, maxSize));
                    onLine.run();
                })
                .start();
    }

    static String truncatedLine(Datagram d, int maxSize) {
        return "received message (truncated: the datagram was larger than " + maxSize + " bytes, only the first "
                + d.length() + " were kept): " + d.text();
    }

    /**
     * The {@code hello-server} command: starts the server, which runs until the process is stopped (its receive
     * thread keeps the JVM alive; a shutdown hook closes it on Ctrl-C).
     *
     * @param args {@code [--host H] [--port P] [--max-size N]}
     * @param out where the lines go
     * @param err where the listening address is reported
     * @return 0
     * @throws IllegalArgumentException for a bad option
     */
    public static int cli(String[] args, PrintStream out, PrintStream err) {
        HelloOptions options = HelloOptions.parse(args, HelloOptions.Role.SERVER, out);
        if (options == null) {
            return 0;
        }
        UdpReceiver receiver = start(options.host(), options.port(), options.maxSize(), out, () -> { });
        Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
        err.println("listening on " + Cli.format(receiver.localAddress()) + " (Ctrl-C to stop)");
        return 0;
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args {@code [--host H] [--port P] [--max-size N]}
     */
    public static void main(String[] args) {
        Cli.main("hello-server", HelloServer::cli, args);
    }
}
