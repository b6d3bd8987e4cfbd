package io.github.udpkit.samples.hello;

import io.github.udpkit.UdpLimits;
import io.github.udpkit.samples.Cli;
import java.io.PrintStream;

/**
 * The hello sample's command line: {@code --host} (default 127.0.0.1), {@code --port} (default 5005), for the client
 * {@code --message} (default {@code Hello, World!}) and for the server {@code --max-size} (default 1024, the lab's).
 *
 * @param host the address
 * @param port the port
 * @param message the text to send
 * @param maxSize the server's largest datagram
 */
record HelloOptions(String host, int port, String message, int maxSize) {
    static final String USAGE = """
            usage: hello|hello-demo|hello-server|hello-client [--host H] [--port P] [--message M] [--max-size N]
            hello (= hello-demo) runs the lab's server and client in one process and prints its four lines;
            hello-server prints a line per datagram until stopped (Ctrl-C); hello-client sends one message.
              --host H       address to bind or send to (default 127.0.0.1)
              --port P       port, 0 to 65535 (default 5005; the server binds a free one for 0)
              --message M    text the client sends, UTF-8, may be empty (default "Hello, World!")
              --max-size N   largest datagram the server prints whole, 1 to 65527 (default 1024, the lab's
                             recvfrom(1024)); a larger one is printed cut to N bytes, saying it was truncated
              --help         this text
            Options are written --port 5005 or --port=5005.""";

    /** Which of the lab's commands is parsing: each takes the options of the parts it runs. */
    enum Role {
        DEMO("hello-demo", true, true),
        SERVER("hello-server", false, true),
        CLIENT("hello-client", true, false);

        private final String command;
        private final boolean client;
        private final boolean server;

        Role(String command, boolean client, boolean server) {
            this.command = command;
            this.client = client;
            this.server = server;
        }
    }

    /**
     * Parses the arguments; prints the usage to {@code out} and returns null for {@code --help}.
     *
     * @throws IllegalArgumentException naming the bad option and value
     */
    static HelloOptions parse(String[] args, Role role, PrintStream out) {
        String host = "127.0.0.1";
        int port = 5005;
        String message = "Hello, World!";
        int maxSize = HelloServer.MAX_SIZE;
        Cli cli = new Cli(args);
        while (cli.hasNext()) {
            String option = cli.next();
            switch (option) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return null;
                }
                case "--host" -> host = cli.value();
                case "--port" -> port = cli.port();
                case "--message" -> message = only(role.client, role, option, "hello-client and hello-demo",
                        cli.value());
                case "--max-size" -> maxSize = only(role.server, role, option, "hello-server and hello-demo",
                        cli.number(1, UdpLimits.IPV6_MAX_PAYLOAD));
                default -> throw cli.unknown();
            }
        }
        return new HelloOptions(host, port, message, maxSize);
    }

    private static <T> T only(boolean allowed, Role role, String option, String commands, T value) {
        if (!allowed) {
            throw new IllegalArgumentException(option + " is an option of " + commands + ", not of " + role.command);
        }
        return value;
    }
}
