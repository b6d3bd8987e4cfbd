package io.github.udpkit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.DatagramTooLargeException;
import io.github.udpkit.IcmpError;
import io.github.udpkit.PathMtuDiscovery;
import io.github.udpkit.UdpEngine;
import io.github.udpkit.UdpSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Fragmentation needed" from a real router: this JVM runs in a network namespace of its own (the pom's
 * {@code native-jar-netns} execution starts it through {@code tools/netns/bin/java}); the test adds two more, a router
 * and a far host, linked by veth pairs, the far link with an MTU of 1280:
 *
 * <pre>
 *   this JVM  va 198.18.1.1 ── vr1 198.18.1.2  [router, forwarding]  vr2 198.18.2.1 ── vc 198.18.2.2  far host
 *             MTU 1500                                              MTU 1280
 * </pre>
 *
 * A 1,400-byte datagram with Don't Fragment reaches the router, which answers ICMP type 3 code 4 with the MTU 1280.
 * The far host has one address per test (198.18.2.2 to .6), since the learnt path MTU is kept per destination; from .3
 * on it is silent, answering nothing (a rule drops what it would send), so no port unreachable is pending on a
 * connected sender when a test means to see only the router's error.
 * The addresses are from the benchmarking range (198.18.0.0/15, RFC 2544), and exist only in these namespaces: the
 * test refuses to run in the namespace of the process that started its JVM, where it would add an address and a
 * route. Skipped with the reason where no namespace can be made; under {@code CI=true} that fails instead.
 */
class PathMtuNetnsTest {
    private static final String ROUTER = "udpkit-r-" + ProcessHandle.current().pid();
    private static final String FAR = "udpkit-c-" + ProcessHandle.current().pid();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static boolean made;

    private static void unavailable(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI must be able to make network namespaces: " + reason);
        }
        Assumptions.abort("skipped: " + reason);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end within 10 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
    }

    @BeforeAll
    static void aRouterAndAFarHostBehindASmallMtu() throws Exception {
        String netnsUnavailable = System.getenv("UDPKIT_NETNS_UNAVAILABLE");
        if (netnsUnavailable != null) {
            unavailable(netnsUnavailable);
        }
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        if (Files.readSymbolicLink(Path.of("/proc/self/ns/net"))
                .equals(Files.readSymbolicLink(Path.of("/proc/" + parent + "/ns/net")))) {
            unavailable("this JVM runs in the network namespace of the process that started it, which the test must "
                    + "not change (run it through Maven's native-jar-netns execution)");
        }
        if (!LinuxNative.isAvailable()) {
            unavailable("the native engine cannot run: " + LinuxNative.unavailableReason().orElse("?"));
        }
        try {
            ip("netns", "add", ROUTER);
            made = true;
            ip("netns", "add", FAR);
            ip("link", "add", "va", "type", "veth", "peer", "name", "vr1", "netns", ROUTER);
            ip("addr", "add", "198.18.1.1/24", "dev", "va");
            ip("link", "set", "va", "up");
            ip("route", "add", "198.18.2.0/24", "via", "198.18.1.2");
            ip("-n", ROUTER, "link", "set", "lo", "up");
            ip("-n", ROUTER, "addr", "add", "198.18.1.2/24", "dev", "vr1");
            ip("-n", ROUTER, "link", "set", "vr1", "up");
            ip("-n", ROUTER, "link", "add", "vr2", "type", "veth", "peer", "name", "vc", "netns", FAR);
            ip("-n", ROUTER, "addr", "add", "198.18.2.1/24", "dev", "vr2");
            ip("-n", ROUTER, "link", "set", "vr2", "mtu", "1280", "up");
            ip("-n", FAR, "link", "set", "lo", "up");
            ip("-n", FAR, "addr", "add", "198.18.2.2/24", "dev", "vc");
            for (int host = 3; host <= 6; host++) { // one far address per test: the learnt path MTU is per address
                ip("-n", FAR, "addr", "add", "198.18.2." + host + "/24", "dev", "vc");
                // silent: what it would answer (port unreachable, as nothing listens) is dropped before it leaves
                ip("-n", FAR, "rule", "add", "from", "198.18.2." + host, "blackhole");
            }
            ip("-n", FAR, "link", "set", "vc", "mtu", "1280", "up");
            ip("-n", FAR, "route", "add", "198.18.1.0/24", "via", "198.18.2.1");
            ip("netns", "exec", ROUTER, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        } catch (IOException e) {
            unavailable("cannot build the router namespaces: " + e.getMessage());
        }
    }

    @AfterAll
    static void removeThem() throws Exception {
        if (made) {
            ip("netns", "del", ROUTER); // its veth ends go with it, and so do their peers
            ip("netns", "del", FAR);
        }
    }

    @Test
    void fragmentationNeeded_reachesTheListenerWithTheMtu_andTheSenderFollowsThePathMtu() throws Exception {
        BlockingQueue<IcmpError> icmp = new LinkedBlockingQueue<>();
        InetSocketAddress far = new InetSocketAddress(InetAddress.getByName("198.18.2.2"), 9);
        try (UdpSender sender = UdpSender.builder().target(far).pathMtuDiscovery(PathMtuDiscovery.DO)
                .onIcmpError(icmp::add).build()) {
            assertThat(sender.engine()).isEqualTo(UdpEngine.NATIVE);
            assertThat(sender.pathMtu()).as("the first link's").hasValue(1500);
            sender.send(new byte[1400]);
            await().atMost(WAIT).until(() -> sender.pathMtu().orElse(0) == 1280);

            assertThatThrownBy(() -> sender.send(new byte[1400]))
                    .isExactlyInstanceOf(DatagramTooLargeException.class)
                    .hasMessage("payload of 1400 bytes exceeds the path MTU (1280 bytes, less 28 of IP and UDP "
                            + "headers) of 1252 bytes for IPv4 target " + far + "; nothing was sent");
            IcmpError fromRouter = icmp.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(fromRouter).isNotNull();
            assertThat(fromRouter.kind()).isEqualTo(IcmpError.Kind.TOO_BIG);
            assertThat(fromRouter.origin()).isEqualTo(IcmpError.Origin.ICMP);
            assertThat(fromRouter.type()).isEqualTo(3);
            assertThat(fromRouter.code()).isEqualTo(4);
            assertThat(fromRouter.mtu()).hasValue(1280);
            assertThat(fromRouter.reporter()).contains(InetAddress.getByName("198.18.1.2"));
            assertThat(fromRouter.destination()).contains(far);
            IcmpError local = icmp.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(local).as("the local refusal of the second send").isNotNull();
            assertThat(local.kind()).isEqualTo(IcmpError.Kind.TOO_BIG);
            assertThat(local.origin()).isEqualTo(IcmpError.Origin.LOCAL);
            assertThat(local.mtu()).hasValue(1280);

            sender.send(new byte[1252]); // what fits goes out, and no stale error fails it
            assertThat(sender.stats().sent()).isEqualTo(2);
            assertThat(icmp).isEmpty();
        }
    }

    /** Waits until this namespace's route to {@code host} holds the path MTU a router reported. */
    private static void awaitLearntMtu(InetAddress host, int mtu) {
        await().atMost(WAIT).until(() -> routeTo(host).contains(" mtu " + mtu));
    }

    private static String routeTo(InetAddress host) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "route", "get", host.getHostAddress()).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ip route get did not end within 10 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void anEarlierDatagramsFragmentationNeeded_neverFailsALaterSendThatFits_onEitherEngine() throws Exception {
        int host = 3;
        for (UdpEngine engine : List.of(UdpEngine.NATIVE, UdpEngine.NIO)) {
            InetSocketAddress far = new InetSocketAddress(InetAddress.getByName("198.18.2." + host++), 9);
            // the system's default path MTU discovery (WANT): Don't Fragment while the path MTU is not known
            try (UdpSender sender = UdpSender.builder().engine(engine).target(far).build()) {
                sender.send(new byte[1400]); // the router answers "fragmentation needed", MTU 1280
                awaitLearntMtu(far.getAddress(), 1280);
                // the kernel reports that on the socket's next call, which sends nothing: udpkit sends again
                for (int i = 0; i < 3; i++) {
                    sender.send(new byte[100]);
                }
                sender.send(new byte[1400]); // now fragmented by this host to the learnt MTU
                assertThat(sender.stats().sent()).as(engine.toString()).isEqualTo(5);
                assertThat(sender.stats().failed()).as(engine.toString()).isZero();
            }
        }
    }

    @Test
    void anEarlierDatagramsFragmentationNeeded_neitherFailsABatch_norTurnsGsoOff() throws Exception {
        InetSocketAddress far = new InetSocketAddress(InetAddress.getByName("198.18.2.5"), 9);
        try (NativeUdpSocket socket = NativeUdpSocket.open(java.net.StandardProtocolFamily.INET);
             SendBatch batch = new SendBatch(8, 1 << 16)) {
            socket.connect(far);
            assertThat(socket.gsoAllowed()).as("GSO on this kernel").isTrue();
            socket.send(java.nio.ByteBuffer.wrap(new byte[1400]), null);
            awaitLearntMtu(far.getAddress(), 1280);
            for (int i = 0; i < 4; i++) {
                batch.add(java.nio.ByteBuffer.wrap(new byte[100]), null); // one GSO message of four segments
            }
            assertThat(socket.send(batch)).isEqualTo(4);
            assertThat(socket.gsoAllowed()).as("GSO still on after the late error").isTrue();
        }
    }

    @Test
    void dontFragment_onTheNativeEngine_isPathMtuDiscoveryDo() throws Exception {
        InetSocketAddress far = new InetSocketAddress(InetAddress.getByName("198.18.2.6"), 9);
        try (UdpSender sender = UdpSender.builder().engine(UdpEngine.NATIVE).target(far).dontFragment(true).build()) {
            sender.send(new byte[1400]);
            awaitLearntMtu(far.getAddress(), 1280);
            await().atMost(WAIT).until(() -> sender.pathMtu().orElse(0) == 1280);
            assertThatThrownBy(() -> sender.send(new byte[1400])) // WANT would fragment it now: DO refuses it
                    .isExactlyInstanceOf(DatagramTooLargeException.class)
                    .hasMessage("payload of 1400 bytes exceeds the path MTU (1280 bytes, less 28 of IP and UDP "
                            + "headers) of 1252 bytes for IPv4 target " + far + "; nothing was sent");
            sender.send(new byte[1252]);
            assertThat(sender.stats().sent()).isEqualTo(2);
        }
    }
}
