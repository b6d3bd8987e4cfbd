package io.github.udpkit.samples.hello;

import io.github.udpkit.UdpLimits;
import io.github.udpkit.UdpSender;
import io.github.udpkit.samples.Cli;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The lab's client: prints the target IP, port and message, then sends the message as one datagram with an
 * unconnected {@code sendto}, as the lab's Python client does ({@code sock.sendto(MESSAGE, (UDP_IP, UDP_PORT))}); so
 * an empty message is sent as an empty datagram.
 */
public final class HelloClient {
    private HelloClient() {
    }

    /**
     * Checks the arguments, then prints the three lab lines and sends the message. Nothing is printed when an
     * argument is wrong.
     *
     * @param host the target IP, for example {@code 127.0.0.1}
     * @param port the target port, for example 5005
     * @param message the text to send, UTF-8 encoded; may be empty
     * @param out where the lines go
     * @throws IllegalArgumentException if the host is unknown, the port is outside 1 to 65535, or the message is
     *     larger than a datagram to that host can be
     * @throws io.github.udpkit.UdpException if the operating system refuses the send
     */
    public static void send(String host, int port, String message, PrintStream out) {
        InetSocketAddress target = Cli.destination("--port", Cli.host(host), port);
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        int max = UdpLimits.maxPayload(target);
        if (payload.length > max) {
            throw new IllegalArgumentException("--message must be at most " + max + " bytes in UTF-8 to "
                    + Cli.format(target) + ", was " + payload.length + " bytes");
        }
        out.println("UDP target IP: " + host);
        out.println("UDP target port: " + port);
        out.println("message: " + message);
        try (UdpSender sender = UdpSender.builder().target(target).connected(false).build()) {
            sender.sendTo(target, payload);
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
        HelloOptions options = HelloOptions.parse(args, HelloOptions.Role.CLIENT, out);
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
        Cli.main("hello-client", HelloClient::cli, args);
    }
}
