package io.github.udpkit.samples.udpcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.testkit.Payload;
import io.github.udpkit.testkit.RandomPayloads;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpPeerOptions;
import io.github.udpkit.testkit.UdpTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;

@UdpTest
@Timeout(60)
class UdpCatTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static UdpCat.Options options(String... args) {
        return UdpCat.Options.parse(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void listen_printsEachDatagramOnItsOwnLine_withControlCharactersEscaped(UdpPeer peer) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--port", "0", "--count", "5"), out, err,
                done::countDown)) {
            peer.sendTo(listener.localAddress(), "hello");
            peer.sendTo(listener.localAddress(), "a\tb\\c\nd\r");
            peer.sendTo(listener.localAddress(), new byte[] {0x01, 0x7f, 'x'});
            peer.sendTo(listener.localAddress(), "héllo €");
            peer.sendTo(listener.localAddress(), new byte[0]);
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(out()).isEqualTo("hello\na\\tb\\\\c\\nd\\r\n\\x01\\x7fx\nhéllo €\n\n");
            assertThat(err()).isEmpty();
        }
    }

    @Test
    void listen_hex_printsTheExactBytes(UdpPeer peer) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--port", "0", "--hex", "--count", "2"), out,
                err, done::countDown)) {
            peer.sendTo(listener.localAddress(), new byte[] {0, 1, (byte) 0xfe, (byte) 0xff, '\n'});
            peer.sendTo(listener.localAddress(), "AZ");
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(out()).isEqualTo("0001feff0a\n415a\n");
        }
    }

    @ParameterizedTest
    @RandomPayloads(maxSize = 1024, samples = 60)
    void listen_hex_printsEveryPayloadExactly_andCutsOnlyThoseOverTheLimit(Payload payload, UdpPeer peer)
            throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--port", "0", "--hex", "--max-size", "1024",
                "--count", "1"), out, err, done::countDown)) {
            peer.sendTo(listener.localAddress(), payload.bytes());
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            byte[] printed = java.util.Arrays.copyOf(payload.bytes(), Math.min(payload.size(), 1024));
            assertThat(out()).isEqualTo(java.util.HexFormat.of().formatHex(printed) + "\n");
            assertThat(err()).isEqualTo(payload.size() <= 1024 ? "" : "udpcat: truncated: the datagram from 127.0.0.1:"
                    + peer.port() + " was larger than 1024 bytes; only the first 1024 are printed\n");
        }
    }

    @Test
    void listen_saysWhenADatagramWasTruncated(UdpPeer peer) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--port", "0", "--max-size", "4", "--count",
                "2"), out, err, done::countDown)) {
            peer.sendTo(listener.localAddress(), "abcdefgh");
            peer.sendTo(listener.localAddress(), "wxyz");
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(out()).isEqualTo("abcd\nwxyz\n");
            assertThat(err()).isEqualTo("udpcat: truncated: the datagram from 127.0.0.1:" + peer.port()
                    + " was larger than 4 bytes; only the first 4 are printed\n");
        }
    }

    @Test
    void listen_onIpv6(@UdpPeerOptions(ipv6 = true) UdpPeer peer) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--host", "::1", "--port", "0", "--count",
                "1"), out, err, done::countDown)) {
            assertThat(listener.localAddress().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
            peer.sendTo(listener.localAddress(), "six");
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(out()).isEqualTo("six\n");
        }
    }

    @Test
    void listen_countStopsPrinting_afterNDatagrams(UdpPeer peer) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--port", "0", "--count", "1"), out, err,
                done::countDown)) {
            peer.sendTo(listener.localAddress(), "first");
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            peer.sendTo(listener.localAddress(), "second");
            peer.sendTo(listener.localAddress(), "third");
            await().atMost(WAIT).until(() -> listenerReceived(listener) == 3);
            assertThat(out()).isEqualTo("first\n");
        }
    }

    private static long listenerReceived(UdpCat.Listener listener) {
        return listener.received();
    }

    @Test
    void send_message_isOneDatagram_utf8(UdpPeer peer) {
        int status = UdpCat.send(peer.address(), false, new ByteArrayInputStream(utf8("héllo\nworld")), err, true);
        assertThat(status).isZero();
        assertThat(peer.take(WAIT).payload()).isEqualTo(utf8("héllo\nworld"));
        peer.expectNothing(Duration.ofMillis(100));
    }

    @Test
    void send_standardInput_eachLineIsOneDatagram_emptyLinesToo(UdpPeer peer) {
        int status = UdpCat.send(peer.address(), false, new ByteArrayInputStream(utf8("one\ntwo\n\nthree")), err,
                false);
        assertThat(status).isZero();
        assertThat(peer.take(4, WAIT)).extracting(Datagram::text).containsExactly("one", "two", "", "three");
        peer.expectNothing(Duration.ofMillis(100));
        assertThat(peer.journal()).extracting(Datagram::sender).containsOnly(peer.journal().get(0).sender());
    }

    @Test
    void send_hex_sendsThoseBytes(@UdpPeerOptions(ipv6 = true) UdpPeer peer) {
        int status = UdpCat.send(peer.address(), true, new ByteArrayInputStream(utf8("00ff0a\n41 \n")), err,
                false);
        assertThat(status).isZero();
        List<Datagram> got = peer.take(2, WAIT);
        assertThat(got.get(0).payload()).containsExactly(0x00, 0xff, 0x0a);
        assertThat(got.get(1).payload()).containsExactly(0x41);
    }

    @Test
    void send_badLines_areReported_theOthersSent_andTheStatusIs1(UdpPeer peer) {
        String tooLong = "x".repeat(65_508);
        int status = UdpCat.send(peer.address(), false, new ByteArrayInputStream(utf8("ok\n" + tooLong + "\nalso ok"
                + "\n")), err, false);
        assertThat(status).isEqualTo(1);
        assertThat(peer.take(2, WAIT)).extracting(Datagram::text).containsExactly("ok", "also ok");
        assertThat(err()).isEqualTo("udpcat: line 2 not sent: payload of 65508 bytes exceeds the IPv4 UDP maximum"
                + " of 65507 bytes for IPv4 target 127.0.0.1:" + peer.port() + "; nothing was sent\n");
        errBytes.reset();
        int hexStatus = UdpCat.send(peer.address(), true, new ByteArrayInputStream(utf8("zz\n")), err, false);
        assertThat(hexStatus).isEqualTo(1);
        assertThat(err()).startsWith("udpcat: line 1 not sent: line 1 is not hex (");
        peer.expectNothing(Duration.ofMillis(100));
    }

    @Test
    void cli_listen_printsThePort_thenTheDatagrams_andExitsAfterCount(UdpPeer peer) throws Exception {
        ListeningCli cli = ListeningCli.start(new String[] {"listen", "--port", "0", "--count", "2"}, out, err,
                this::err, WAIT);
        int port = cli.port();
        peer.sendTo(new InetSocketAddress("127.0.0.1", port), "first");
        peer.sendTo(new InetSocketAddress("127.0.0.1", port), "second");
        assertThat(cli.awaitExit(WAIT)).isZero();
        assertThat(out()).isEqualTo("first\nsecond\n");
    }

    @Test
    void send_toParsesIpv4AndBracketedIpv6() {
        assertThat(options("send", "--to", "127.0.0.1:9999").to()).isEqualTo(new InetSocketAddress("127.0.0.1",
                9999));
        assertThat(options("send", "--to", "[::1]:9999").to()).isEqualTo(new InetSocketAddress("::1", 9999));
    }

    @Test
    void badOptions_areRejectedWithTheValue() {
        assertThatThrownBy(() -> options("listen")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("listen needs --port P (0 for any free port)");
        assertThatThrownBy(() -> options("send", "hi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("send needs --to HOST:PORT");
        assertThatThrownBy(() -> options("listen", "--port", "70000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port must be a number from 0 to 65535, was '70000'");
        assertThatThrownBy(() -> options("listen", "--port", "0", "--max-size", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-size must be a number from 1 to 65535, was '0'");
        assertThatThrownBy(() -> options("listen", "--port", "0", "--max-size=65536"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-size must be a number from 1 to 65535, was '65536'");
        assertThatThrownBy(() -> options("listen", "--port", "0", "--verbose"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> options("listen", "--port", "0", "extra"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unexpected argument 'extra'");
        assertThatThrownBy(() -> options("send", "--to", "127.0.0.1:1", "one", "two"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unexpected argument 'two'");
        assertThatThrownBy(() -> options("listen", "--port", "0", "--hex=no"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("option --hex takes no value, was '--hex=no'");
        assertThatThrownBy(() -> options("send", "--to", "127.0.0.1:70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port must be a number from 0 to 65535, was '70000'");
        assertThatThrownBy(() -> options("send", "--to", "localhost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--to must be HOST:PORT, for example 127.0.0.1:9999 or [::1]:9999, was 'localhost'");
        assertThatThrownBy(() -> options("send", "--to", "127.0.0.1:1", "--port", "3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port is an option of listen, not of send");
        assertThatThrownBy(() -> options("listen", "--port", "0", "--to", "127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--to is an option of send, not of listen");
        assertThatThrownBy(() -> options("talk")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the first argument must be listen or send, was 'talk'");
    }
}
