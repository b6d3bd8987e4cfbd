package io.github.udpkit.benchmarks.harness;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One forked process of the harness. It talks to the {@link Launcher} in lines: on stdout {@code READY <port>},
 * {@code WINDOW <count> <nanos> <cpuNanos>}, {@code RESULT ...}, {@code ERROR ...}; on stdin {@code STOP}.
 *
 * <pre>
 * node recv  CONTENDER SIZE WARMUP_MS WINDOW_MS        counts datagrams; measures its own window
 * node flood CONTENDER SIZE PORT WARMUP_MS WINDOW_MS   sends as fast as it can; measures its own window
 * node burst CONTENDER SIZE PORT COUNT                 sends COUNT datagrams as fast as it can, then stops
 * node echo  CONTENDER                                  answers every datagram
 * node ping  CONTENDER SIZE PORT WARMUP COUNT          ping-pong; prints the round trips' percentiles
 * </pre>
 */
public final class Node {
    private static final long FIRST_DATAGRAM_TIMEOUT_MILLIS = 30_000;
    private static final long QUIET_MILLIS = 200;
    private static final long DRAIN_LIMIT_MILLIS = 5_000;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Node() {
    }

    /**
     * Runs one role.
     *
     * @param args the role and its arguments, see the class documentation
     * @throws Exception if the role fails
     */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        Transport transport = Contender.of(args[1]).transport();
        try {
            switch (role) {
                case "recv" -> receive(transport, Integer.parseInt(args[2]), Long.parseLong(args[3]),
                        Long.parseLong(args[4]));
                case "flood" -> flood(transport, Integer.parseInt(args[2]), target(args[3]), Long.parseLong(args[4]),
                        Long.parseLong(args[5]));
                case "burst" -> burst(transport, Integer.parseInt(args[2]), target(args[3]), Long.parseLong(args[4]));
                case "echo" -> echo(transport);
                case "ping" -> ping(transport, Integer.parseInt(args[2]), target(args[3]), Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]));
                default -> throw new IllegalArgumentException("role must be recv, flood, echo or ping, was " + role);
            }
        } catch (Exception | Error e) {
            say("ERROR " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static InetSocketAddress target(String port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port));
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void awaitStop() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.trim().equals("STOP")) {
                return;
            }
        }
    }

    interface Count {
        long get();
    }

    /** Sleeps through the warm-up, then measures count, wall time and process CPU time over the window. */
    private static void window(Count count, long warmupMillis, long windowMillis) throws InterruptedException {
        Thread.sleep(warmupMillis);
        long c0 = count.get();
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(windowMillis);
        long c1 = count.get();
        long cpu1 = OS.getProcessCpuTime();
        long t1 = System.nanoTime();
        say("WINDOW " + (c1 - c0) + " " + (t1 - t0) + " " + (cpu1 - cpu0));
    }

    private static void receive(Transport transport, int size, long warmupMillis, long windowMillis)
            throws Exception {
        try (Transport.Receiving receiving = transport.receive(size)) {
            say("READY " + receiving.port());
            long deadline = System.nanoTime() + FIRST_DATAGRAM_TIMEOUT_MILLIS * 1_000_000;
            while (receiving.count() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no datagram within " + FIRST_DATAGRAM_TIMEOUT_MILLIS + " ms");
                }
                Thread.sleep(1);
            }
            window(receiving::count, warmupMillis, windowMillis);
            awaitStop();
            // Drain: wait until nothing arrived for QUIET_MILLIS (bounded), so the kernel buffer is empty.
            long drainUntil = System.nanoTime() + DRAIN_LIMIT_MILLIS * 1_000_000;
            long last = -1;
            while (receiving.count() != last && System.nanoTime() < drainUntil) {
                last = receiving.count();
                Thread.sleep(QUIET_MILLIS);
            }
            say("RESULT " + receiving.count());
        }
    }

    private static void flood(Transport transport, int size, InetSocketAddress target, long warmupMillis,
                              long windowMillis) throws Exception {
        Transport.Flooding flooding = transport.flood(target, size);
        say("READY 0");
        window(flooding::count, warmupMillis, windowMillis);
        awaitStop();
        flooding.close();
        say("RESULT " + flooding.count());
    }

    /** Floods until {@code limit} datagrams were sent, then stops: the start-up test's burst. */
    private static void burst(Transport transport, int size, InetSocketAddress target, long limit) throws Exception {
        Transport.Flooding flooding = transport.flood(target, size);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (flooding.count() < limit && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        flooding.close();
        say("READY 0");
        awaitStop();
        say("RESULT " + flooding.count());
    }

    private static void echo(Transport transport) throws Exception {
        try (Transport.Running running = transport.echo()) {
            say("READY " + running.port());
            awaitStop();
        }
        say("RESULT 0");
    }

    private static void ping(Transport transport, int size, InetSocketAddress target, int warmup, int measured)
            throws Exception {
        Latencies latencies = new Latencies(warmup, measured);
        int kicks = 0;
        try (Transport.Pinging pinging = transport.ping(target, size, latencies)) {
            say("READY " + pinging.port());
            long deadline = System.nanoTime() + 120_000_000_000L;
            int seen = -1;
            // A watchdog, not a clock: if no round trip completed for a second, a datagram was lost; send another.
            while (!latencies.await(1_000)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ping-pong did not finish in 120 s; "
                            + latencies.progress() + " round trips done");
                }
                if (latencies.progress() == seen) {
                    kicks++;
                    pinging.kick();
                }
                seen = latencies.progress();
            }
        }
        long[] samples = latencies.samples();
        Arrays.sort(samples);
        say("RESULT " + pct(samples, 0.50) + " " + pct(samples, 0.90) + " " + pct(samples, 0.99) + " "
                + pct(samples, 0.999) + " " + Arrays.stream(samples).sum() / samples.length + " " + kicks);
    }

    private static long pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
