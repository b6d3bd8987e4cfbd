package io.github.udpkit.samples.hello;

/**
 * The hello sample's command line: {@code --host} (default 127.0.0.1), {@code --port} (default 5005) and, for the
 * client, {@code --message} (default {@code Hello, World!}).
 *
 * @param host the address
 * @param port the port
 * @param message the text to send
 */
record HelloOptions(String host, int port, String message) {
    static final String USAGE = """
            usage: hello|hello-demo|hello-server|hello-client [--host H] [--port P] [--message M]
            hello (= hello-demo) runs the lab's server and client in one process and prints its four lines;
            hello-server prints a line per datagram until stopped (Ctrl-C); hello-client sends one message.
              --host H      address to bind or send to (default 127.0.0.1)
              --port P      port (default 5005)
              --message M   text the client sends (default "Hello, World!")
              --help        this text""";

    /**
     * Parses the arguments; prints the usage to {@code out} and returns null for {@code --help}.
     *
     * @throws IllegalArgumentException naming the bad option and value
     */
    static HelloOptions parse(String[] args, boolean withMessage, java.io.PrintStream out) {
        String host = "127.0.0.1";
        int port = 5005;
        String message = "Hello, World!";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                out.println(USAGE);
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--host" -> host = value;
                case "--port" -> port = parsePort(value);
                case "--message" -> {
                    if (!withMessage) {
                        throw new IllegalArgumentException("the server takes no --message");
                    }
                    message = value;
                }
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return new HelloOptions(host, port, message);
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be a number from 0 to 65535, was '" + value + "'");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number from 0 to 65535, was '" + value + "'", e);
        }
    }
}
