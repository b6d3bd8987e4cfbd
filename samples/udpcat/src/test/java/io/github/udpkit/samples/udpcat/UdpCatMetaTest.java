package io.github.udpkit.samples.udpcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.Ecn;
import io.github.udpkit.UdpEngine;
import io.github.udpkit.UdpSender;
import io.github.udpkit.samples.Main;
import io.github.udpkit.samples.Printed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code udpcat listen --meta}: on the native engine, each line starts with the sender, destination, interface, TTL,
 * ECN and kernel drop count, then a tab; where the native engine cannot run, one line that says why, and exit 1. The
 * engine is the one {@code engine(AUTO)} picks here (native on JDK 22+ with native access, NIO otherwise): each test
 * that needs the other is skipped, saying so.
 */
@Timeout(60)
class UdpCatMetaTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Printed out = new Printed();
    private final Printed err = new Printed();

    private static UdpCat.Options options(String... args) {
        return UdpCat.Options.parse(args, new Printed());
    }

    /** The engine {@code engine(AUTO)} runs on in this JVM, as a sender reports it. */
    private static UdpEngine engineHere() {
        try (UdpSender probe = UdpSender.builder().connected(false).build()) {
            return probe.engine();
        }
    }

    private static void assumeEngine(UdpEngine engine, String why) {
        Assumptions.assumeTrue(engineHere() == engine, why);
    }

    private static int loopbackIndex() throws Exception {
        return NetworkInterface.getByName("lo").getIndex();
    }

    private static InetSocketAddress at(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** Why the native engine cannot run in this JVM, in udp-api's words: before JDK 22, or without native access. */
    private static String whyNoNativeEngine() {
        int feature = Runtime.version().feature();
        return feature < 22 ? "the native engine needs JDK 22 or later (the FFM API); this is Java " + feature
                : "the native engine needs native access: add --enable-native-access=ALL-UNNAMED to the java command";
    }

    @Test
    void cli_meta_startsEachLineWithTheDatagramsMetadata_thenATab() throws Exception {
        assumeEngine(UdpEngine.NATIVE, "--meta needs the native engine: JDK 22+ with native access");
        ListeningCli cli = ListeningCli.start(new String[] {"listen", "--port=0", "--meta", "--count=2"}, out, err,
                err::text, WAIT);
        int port = cli.port();
        try (UdpSender sender = UdpSender.builder().target(at("127.0.0.1", port)).ttl(9).build()) {
            sender.send(ByteBuffer.wrap("hello\tworld".getBytes(StandardCharsets.UTF_8)), Ecn.ECT_0);
            sender.send("plain");
            assertThat(cli.awaitExit(WAIT)).isZero();
            String meta = "from=127.0.0.1:" + sender.localAddress().getPort() + " to=127.0.0.1:" + port + " if="
                    + loopbackIndex() + " ttl=9";
            assertThat(out.text()).isEqualTo(meta + " ecn=ECT_0 drops=0\thello\\tworld\n"
                    + meta + " ecn=NOT_ECT drops=0\tplain\n");
            assertThat(err.text()).isEqualTo("udpcat: listening on 127.0.0.1:" + port + "\n"
                    + "udpcat: received 2, truncated 0, kernel drops 0\n");
        }
    }

    @Test
    void meta_onTheWildcard_showsTheAddressEachDatagramWasSentTo_inHexAndWhenTruncated() throws Exception {
        assumeEngine(UdpEngine.NATIVE, "--meta needs the native engine: JDK 22+ with native access");
        CountDownLatch done = new CountDownLatch(1);
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--host", "0.0.0.0", "--port", "0", "--meta",
                "--hex", "--max-size", "4", "--count", "2"), out, err, done::countDown);
             UdpSender sender = UdpSender.builder().bind("127.0.0.1", 0).ttl(9).build()) {
            int port = listener.localAddress().getPort();
            sender.sendTo(at("127.0.0.2", port), ByteBuffer.wrap(new byte[] {'a', 'b', 'c', 'd', 'e', 'f'}), Ecn.CE);
            sender.sendTo(at("127.0.0.1", port), ByteBuffer.wrap(new byte[] {0, (byte) 0xff}), Ecn.ECT_1);
            assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            String from = "from=127.0.0.1:" + sender.localAddress().getPort();
            String rest = " if=" + loopbackIndex() + " ttl=9";
            assertThat(out.text()).isEqualTo(from + " to=127.0.0.2:" + port + rest + " ecn=CE drops=0\t61626364\n"
                    + from + " to=127.0.0.1:" + port + rest + " ecn=ECT_1 drops=0\t00ff\n");
            assertThat(err.text()).isEqualTo("udpcat: truncated: the datagram from 127.0.0.1:"
                    + sender.localAddress().getPort() + " was larger than 4 bytes; only the first 4 are printed\n");
        }
    }

    @Test
    void meta_overIpv6_writesAddressesInBrackets_andTheHopLimit() throws Exception {
        assumeEngine(UdpEngine.NATIVE, "--meta needs the native engine: JDK 22+ with native access");
        CountDownLatch done = new CountDownLatch(1);
        try (UdpCat.Listener listener = UdpCat.listen(options("listen", "--host", "::1", "--port", "0", "--meta",
                "--count", "1"), out, err, done::countDown);
             UdpSender sender = UdpSender.builder().target(listener.localAddress()).ttl(9).build()) {
            sender.send(ByteBuffer.wrap("six".getBytes(StandardCharsets.UTF_8)), Ecn.ECT_0);
            assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(out.text()).isEqualTo("from=[::1]:" + sender.localAddress().getPort() + " to=[::1]:"
                    + listener.localAddress().getPort() + " if=" + loopbackIndex() + " ttl=9 ecn=ECT_0 drops=0\tsix\n");
        }
    }

    @Test
    void cli_meta_whereTheNativeEngineCannotRun_failsAtOnce_inOneLineSayingWhatItNeeds() throws Exception {
        assumeEngine(UdpEngine.NIO, "the native engine runs here: --meta works (the other tests of this class)");
        String expected = "udpcat: --meta: metadata(DESTINATION, TTL, ECN, KERNEL_DROPS) needs the native engine, "
                + "which cannot run here: " + whyNoNativeEngine() + "\n";
        assertThat(UdpCat.cli(new String[] {"listen", "--port", "0", "--meta"}, out, err)).isEqualTo(1);
        assertThat(err.text()).isEqualTo(expected);
        assertThat(out.text()).isEmpty();
        err.clear();
        assertThat(Main.run(new String[] {"udpcat", "listen", "--port=0", "--hex", "--meta"}, out, err))
                .as("the samples jar's entry point").isEqualTo(1);
        assertThat(err.text()).isEqualTo(expected);
        assertThat(out.text()).isEmpty();
    }

    @Test
    void metaPrefix_writesADashForWhatIsNotKnown() {
        assertThat(UdpCat.metaPrefix(new InetSocketAddress("::1", 5), Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), Optional.empty(), OptionalLong.empty()))
                .isEqualTo("from=[::1]:5 to=- if=- ttl=- ecn=- drops=-\t");
        assertThat(UdpCat.metaPrefix(new InetSocketAddress("127.0.0.1", 40000),
                Optional.of(new InetSocketAddress("127.0.0.2", 9999)), OptionalInt.of(1),
                OptionalInt.of(255), Optional.of(Ecn.NOT_ECT), OptionalLong.of(Long.MAX_VALUE)))
                .isEqualTo("from=127.0.0.1:40000 to=127.0.0.2:9999 if=1 ttl=255 ecn=NOT_ECT drops="
                        + Long.MAX_VALUE + "\t");
    }

    @Test
    void metaOption_isListensOnly_andTakesNoValue() throws Exception {
        assertThat(options("listen", "--port", "0", "--meta").meta()).isTrue();
        assertThat(options("listen", "--port", "0").meta()).isFalse();
        assertThatThrownBy(() -> options("send", "--to", "127.0.0.1:1", "--meta"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--meta is an option of listen, not of send");
        assertThatThrownBy(() -> options("listen", "--port", "0", "--meta=yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --meta takes no value, was '--meta=yes'");
        assertThat(UdpCat.cli(new String[] {"--help"}, out, err)).isZero();
        assertThat(out.text()).contains("usage: udpcat listen [--host H] --port P [--max-size N] [--hex] [--count N] "
                + "[--meta]\n").contains("  --meta         start each line with what the kernel told about the "
                + "datagram, then a tab:\n"
                + "                 from=SENDER to=DESTINATION if=INTERFACE-INDEX ttl=TTL ecn=ECN drops=DROPS");
    }
}
