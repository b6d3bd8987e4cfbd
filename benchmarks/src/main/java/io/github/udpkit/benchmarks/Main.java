package io.github.udpkit.benchmarks;

import io.github.udpkit.benchmarks.harness.Launcher;
import io.github.udpkit.benchmarks.harness.Node;
import java.util.Arrays;

/**
 * Entry point of {@code benchmarks/target/udp-benchmarks.jar}: {@code harness ...} runs the two-process loopback
 * harness, {@code node ...} is one forked process of it, {@code jmh ...} runs the JMH micro-benchmarks,
 * {@code c-reference ...} measures the kernel's own limit with a C node.
 */
public final class Main {
    private Main() {
    }

    /**
     * Dispatches to the harness, a node or JMH.
     *
     * @param args the sub-command and its arguments
     * @throws Exception whatever the sub-command throws
     */
    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "harness" -> Launcher.main(rest);
            case "node" -> Node.main(rest);
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "c-reference" -> io.github.udpkit.benchmarks.harness.CReference.main(rest);
            default -> {
                System.out.println("usage: java -jar udp-benchmarks.jar harness [--quick] [--out DIR] [--readme FILE]");
                System.out.println("       java -jar udp-benchmarks.jar jmh [JMH options, e.g. -prof gc]");
                System.out.println("       java -jar udp-benchmarks.jar c-reference [--size 1472] [--warmup-ms 1500]"
                        + " [--window-ms 1500]");
                System.exit("help".equals(command) ? 0 : 2);
            }
        }
    }
}
