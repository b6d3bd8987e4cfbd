package io.github.udpkit.samples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpEngine;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpPeerOptions;
import io.github.udpkit.testkit.UdpTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@UdpTest
@Timeout(60)
class EchoServerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static byte[] bytes(int size, long seed) {
        byte[] payload = new byte[size];
        new Random(seed).nextBytes(payload);
        return payload;
    }

    @Test
    void answersWithExactlyTheRequestsBytes_fromItsOwnPort(UdpPeer client) {
        List<String> log = new CopyOnWriteArrayList<>();
        try (EchoServer server = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), 1472, log::add)) {
            for (int size : new int[] {0, 1, 13, 1471, 1472}) {
                byte[] request = bytes(size, size);
                client.sendTo(server.localAddress(), request);
                Datagram reply = client.take(WAIT);
                assertThat(reply.sender()).isEqualTo(server.localAddress());
                assertThat(reply.payload()).isEqualTo(request);
                assertThat(reply.truncated()).isFalse();
            }
            client.expectNothing(Duration.ofMillis(200));
            assertThat(server.echoed()).isEqualTo(5);
            assertThat(server.refused()).isZero();
            assertThat(log).containsExactly(
                    "echoed 0 bytes to " + EchoClient.format(client.address()),
                    "echoed 1 bytes to " + EchoClient.format(client.address()),
                    "echoed 13 bytes to " + EchoClient.format(client.address()),
                    "echoed 1471 bytes to " + EchoClient.format(client.address()),
                    "echoed 1472 bytes to " + EchoClient.format(client.address()));
        }
    }

    @Test
    void requestOverTheLimit_isNotAnswered_soItCannotBeAmplifiedOrCut() {
        List<String> log = new CopyOnWriteArrayList<>();
        try (EchoServer server = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), 100, log::add);
             UdpPeer client = UdpPeer.start()) {
            client.sendTo(server.localAddress(), bytes(101, 1));
            client.sendTo(server.localAddress(), bytes(5000, 2));
            client.sendTo(server.localAddress(), "fits");
            assertThat(client.take(WAIT).text()).isEqualTo("fits");
            client.expectNothing(Duration.ofMillis(300));
            assertThat(server.refused()).isEqualTo(2);
            assertThat(server.echoed()).isEqualTo(1);
            String from = EchoClient.format(client.address());
            assertThat(log).containsExactly(
                    "not answered: a datagram from " + from + " was larger than 100 bytes",
                    "not answered: a datagram from " + from + " was larger than 100 bytes",
                    "echoed 4 bytes to " + from);
        }
    }

    @Test
    void overIpv6_answersFromItsOwnPort(@UdpPeerOptions(ipv6 = true) UdpPeer client) {
        try (EchoServer server = EchoServer.start(new InetSocketAddress("::1", 0), 1472, line -> { })) {
            client.sendTo(server.localAddress(), "over IPv6");
            Datagram reply = client.take(WAIT);
            assertThat(reply.sender()).isEqualTo(server.localAddress());
            assertThat(reply.text()).isEqualTo("over IPv6");
        }
    }

    private static InetSocketAddress at(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void onTheWildcard_onTheNativeEngine_answersFromTheAddressEachRequestWasSentTo() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (EchoServer server = EchoServer.start(new InetSocketAddress("0.0.0.0", 0), 1472, log::add);
             UdpSender client = UdpSender.builder().bind("127.0.0.1", 0).build()) {
            Assumptions.assumeTrue(server.engine() == UdpEngine.NATIVE, "answering from the address asked on a "
                    + "wildcard needs the native engine (JDK 22+, native access); this server runs on "
                    + server.engine());
            int port = server.localAddress().getPort();
            for (String host : new String[] {"127.0.0.1", "127.0.0.2"}) {
                client.sendTo(at(host, port), "to " + host);
                Datagram reply = client.receive(WAIT).orElseThrow();
                assertThat(reply.text()).isEqualTo("to " + host);
                assertThat(reply.sender()).as("the answer leaves from the address asked").isEqualTo(at(host, port));
            }
            await().atMost(WAIT).until(() -> log.size() == 2); // counted and logged after the reply is sent
            assertThat(server.echoed()).isEqualTo(2);
            assertThat(log).containsExactly("echoed 12 bytes to " + EchoClient.format(client.localAddress()),
                    "echoed 12 bytes to " + EchoClient.format(client.localAddress()));
        }
    }

    @Test
    void onTheWildcard_onNio_stillEchoes_fromTheAddressTheRouteGives() throws Exception {
        try (EchoServer server = EchoServer.start(new InetSocketAddress("0.0.0.0", 0), 1472, line -> { });
             UdpSender client = UdpSender.builder().bind("127.0.0.1", 0).build()) {
            Assumptions.assumeTrue(server.engine() == UdpEngine.NIO, "the native engine runs here: the wildcard "
                    + "answers from the address asked (the test above)");
            int port = server.localAddress().getPort();
            for (String host : new String[] {"127.0.0.1", "127.0.0.2"}) {
                client.sendTo(at(host, port), "to " + host);
                Datagram reply = client.receive(WAIT).orElseThrow();
                assertThat(reply.text()).isEqualTo("to " + host);
                // NIO cannot choose the source: the kernel takes the route's, 127.0.0.1, whatever was asked
                assertThat(reply.sender()).isEqualTo(at("127.0.0.1", port));
            }
            await().atMost(WAIT).until(() -> server.echoed() == 2); // counted after the reply is sent
        }
    }

    @Test
    void manyClients_eachGetsOnlyItsOwnAnswers() {
        try (EchoServer server = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), 1472, line -> { });
             UdpPeer a = UdpPeer.start();
             UdpPeer b = UdpPeer.start()) {
            for (int i = 0; i < 20; i++) {
                a.sendTo(server.localAddress(), "a" + i);
                b.sendTo(server.localAddress(), "b" + i);
            }
            assertThat(a.take(20, WAIT)).extracting(Datagram::text)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "a" + i).toList());
            assertThat(b.take(20, WAIT)).extracting(Datagram::text)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "b" + i).toList());
            await().atMost(WAIT).until(() -> server.echoed() == 40);
        }
    }
}
