package io.github.udpkit.samples;

import io.github.udpkit.samples.hello.HelloClient;
import io.github.udpkit.samples.hello.HelloDemo;
import io.github.udpkit.samples.hello.HelloServer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The samples jar's entry point: {@code java -jar udp-samples.jar <sample> [options]}; {@code --help} lists them.
 */
public final class Main {
    /** A sub-command: its one-line description and its main method. */
    private record Command(String summary, MainMethod main) {
    }

    @FunctionalInterface
    private interface MainMethod {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("hello", new Command("the classic lab: server and client in one process (= hello-demo)",
                HelloDemo::main));
        COMMANDS.put("hello-demo", new Command("the classic lab: server and client in one process", HelloDemo::main));
        COMMANDS.put("hello-server", new Command("prints 'received message: ...' for each datagram on 127.0.0.1:5005",
                HelloServer::main));
        COMMANDS.put("hello-client", new Command("sends 'Hello, World!' to 127.0.0.1:5005", HelloClient::main));
    }

    private Main() {
    }

    /**
     * Runs a sample.
     *
     * @param args the sample's name, then its options
     * @throws Exception whatever the sample throws
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.println(usage());
            return;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            System.err.println("unknown sample '" + args[0] + "'\n" + usage());
            System.exit(2);
            return;
        }
        try {
            command.main().run(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println(args[0] + ": " + e.getMessage());
            System.exit(2);
        }
    }

    static String usage() {
        StringBuilder out = new StringBuilder("usage: java -jar udp-samples.jar <sample> [options]   "
                + "(<sample> --help explains its options)\n\nsamples:\n");
        COMMANDS.forEach((name, command) -> out.append(String.format("  %-14s %s%n", name, command.summary())));
        return out.toString().stripTrailing();
    }
}
