package io.github.udpkit.samples.multicast;

import io.github.udpkit.samples.Cli;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;

/**
 * The {@code multicast} command: a discovery node that prints the peers as they come and go.
 */
public final class MulticastCommand {
    static final String USAGE = """
            usage: multicast --interface IF [--id ID] [--group G] [--port P] [--interval MS] [--timeout MS] [--ttl N]
            Announces this node on a multicast group every interval and prints the peers it hears, as they come and go,
            until stopped (Ctrl-C); a peer silent for the timeout is dropped. Run it on two machines of one network.
              --interface IF  network interface to join the group on and announce from, for example eth0 (required)
              --id ID         this node's id: letters, digits, . - _ (default: a random one)
              --group G       multicast group (default 239.255.77.77)
              --port P        port, 0 to 65535 (default 7777)
              --interval MS   announce every MS milliseconds (default 1000)
              --timeout MS    drop a peer silent for MS milliseconds (default 3 intervals)
              --ttl N         routers announcements may cross, 0 to 255 (default 1: this network only)
              --help          this text
            Options are written --port 7777 or --port=7777.""";

    private MulticastCommand() {
    }

    /**
     * The {@code multicast} command; returns at once and leaves the node running until the JVM stops.
     *
     * @param args the options, see {@code --help}
     * @param out a line per peer that joins or leaves
     * @param err what the node is doing
     * @return 0
     * @throws IllegalArgumentException for a bad option
     */
    public static int cli(String[] args, PrintStream out, PrintStream err) {
        DiscoveryNode.Builder builder = DiscoveryNode.builder();
        String id = "node-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "239.255.77.77";
        int port = 7777;
        boolean hasInterface = false;
        Cli cli = new Cli(args);
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "--interface" -> {
                    builder.networkInterface(cli.value());
                    hasInterface = true;
                }
                case "--id" -> id = cli.value();
                case "--group" -> group = cli.value();
                case "--port" -> port = cli.port();
                case "--interval" -> builder.interval(Duration.ofMillis(cli.number(10, 3_600_000)));
                case "--timeout" -> builder.timeout(Duration.ofMillis(cli.number(11, 3_600_000)));
                case "--ttl" -> builder.ttl(cli.number(0, 255));
                default -> throw cli.unknown();
            }
        }
        if (!hasInterface) {
            throw new IllegalArgumentException("--interface IF is required, for example --interface eth0 (ip link "
                    + "lists them)");
        }
        DiscoveryNode node = builder.id(id).group(group, port).listener(new DiscoveryNode.Listener() {
            @Override
            public void joined(String peer, InetSocketAddress address) {
                out.println("joined " + peer + " from " + Cli.format(address));
            }

            @Override
            public void left(String peer, String reason) {
                out.println("left " + peer + " (" + reason + ")");
            }
        }).start();
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        err.println("node " + node.id() + " on " + Cli.format(node.group()) + " (Ctrl-C to say goodbye and stop)");
        return 0;
    }
}
