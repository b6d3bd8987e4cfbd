package io.github.udpkit.samples.hello;

import io.github.udpkit.UdpSender;
import java.io.PrintStream;

/**
 * The lab's client: prints the target IP, port and message, then sends the message as one datagram.
 */
public final class HelloClient {
    private HelloClient() {
    }

    /**
     * Prints the three lab lines and sends the message.
     *
     * @param host the target IP, for example {@code 127.0.0.1}
     * @param port the target port, for example 5005
     * @param message the text to send, UTF-8 encoded
     * @param out where the lines go
     */
    public static void send(String host, int port, String message, PrintStream out) {
        out.println("UDP target IP: " + host);
        out.println("UDP target port: " + port);
        out.println("message: " + message);
        try (UdpSender sender = UdpSender.builder().target(host, port).build()) {
            sender.send(message);
        }
    }

    /**
     * The {@code hello-client} command: sends one message.
     *
     * @param args {@code [--host H] [--port P] [--message M]}
     * @param out where the lines go
     * @param err unused
     * @return 0
     * @throws IllegalArgumentException for a bad option
     */
    public static int cli(String[] args, PrintStream out, PrintStream err) {
        HelloOptions options = HelloOptions.parse(args, true, out);
        if (options != null) {
            send(options.host(), options.port(), options.message(), out);
        }
        return 0;
    }

    /**
     * Sends one message.
     *
     * @param args {@code [--host H] [--port P] [--message M]}
     */
    public static void main(String[] args) {
        cli(args, System.out, System.err);
    }
}
