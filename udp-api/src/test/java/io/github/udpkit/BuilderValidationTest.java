package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every builder option rejects bad values at once, naming the option and echoing the value. */
class BuilderValidationTest {

    static Stream<Arguments> badArguments() {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("example.invalid", 5005);
        return Stream.of(
                bad("receiver bind port -1", () -> UdpReceiver.builder().bind("127.0.0.1", -1),
                        IllegalArgumentException.class, "port must be between 0 and 65535, was -1"),
                bad("receiver bind port 65536", () -> UdpReceiver.builder().bind("127.0.0.1", 65_536),
                        IllegalArgumentException.class, "port must be between 0 and 65535, was 65536"),
                bad("receiver bind host null", () -> UdpReceiver.builder().bind((String) null, 1),
                        NullPointerException.class, "host must not be null"),
                bad("receiver bind host blank", () -> UdpReceiver.builder().bind(" ", 1),
                        IllegalArgumentException.class, "host must not be blank, was ' '"),
                bad("receiver bind host unresolvable", () -> UdpReceiver.builder().bind("no-such-host.invalid", 1),
                        IllegalArgumentException.class, "host cannot be resolved, was 'no-such-host.invalid'"),
                bad("receiver bind address null", () -> UdpReceiver.builder().bind((InetSocketAddress) null),
                        NullPointerException.class, "address must not be null"),
                bad("receiver bind address unresolved", () -> UdpReceiver.builder().bind(unresolved),
                        IllegalArgumentException.class,
                        "address must be a resolved address, was " + unresolved),
                bad("receiver port -5", () -> UdpReceiver.builder().port(-5),
                        IllegalArgumentException.class, "port must be between 0 and 65535, was -5"),
                bad("receiver maxDatagramSize 0", () -> UdpReceiver.builder().maxDatagramSize(0),
                        IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was 0"),
                bad("receiver maxDatagramSize 70000", () -> UdpReceiver.builder().maxDatagramSize(70_000),
                        IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was 70000"),
                bad("receiver onDatagram null", () -> UdpReceiver.builder().onDatagram(null),
                        NullPointerException.class, "onDatagram must not be null"),
                bad("receiver onRequest null", () -> UdpReceiver.builder().onRequest(null),
                        NullPointerException.class, "onRequest must not be null"),
                bad("receiver onDatagram and onRequest", () -> UdpReceiver.builder().onDatagram(d -> { })
                                .onRequest((d, r) -> { }).start(),
                        IllegalStateException.class,
                        "a receiver takes one of onDatagram, onDatagramView and onRequest, not several"),
                bad("receiver onTruncated null", () -> UdpReceiver.builder().onTruncated(null),
                        NullPointerException.class, "onTruncated must not be null"),
                bad("receiver onError null", () -> UdpReceiver.builder().onError(null),
                        NullPointerException.class, "onError must not be null"),
                bad("receiver executor null", () -> UdpReceiver.builder().executor(null),
                        NullPointerException.class, "executor must not be null"),
                bad("receiver threadFactory null", () -> UdpReceiver.builder().threadFactory(null),
                        NullPointerException.class, "threadFactory must not be null"),
                bad("receiver receiveBufferSize 0", () -> UdpReceiver.builder().receiveBufferSize(0),
                        IllegalArgumentException.class,
                        "receiveBufferSize must be between 1 and 2147483647, was 0"),
                bad("receiver receiveBufferSize -1", () -> UdpReceiver.builder().receiveBufferSize(-1),
                        IllegalArgumentException.class,
                        "receiveBufferSize must be between 1 and 2147483647, was -1"),
                bad("receiver start without onDatagram", () -> UdpReceiver.builder().start(),
                        IllegalStateException.class,
                        "a receiver needs a listener; call onDatagram(...), onDatagramView(...) or onRequest(...) "
                                + "first"),
                bad("sender target port 0", () -> UdpSender.builder().target("127.0.0.1", 0),
                        IllegalArgumentException.class, "port must be between 1 and 65535, was 0"),
                bad("sender target port 70000", () -> UdpSender.builder().target("127.0.0.1", 70_000),
                        IllegalArgumentException.class, "port must be between 1 and 65535, was 70000"),
                bad("sender target host null", () -> UdpSender.builder().target((String) null, 5005),
                        NullPointerException.class, "host must not be null"),
                bad("sender target host unresolvable", () -> UdpSender.builder().target("no-such-host.invalid", 5),
                        IllegalArgumentException.class, "host cannot be resolved, was 'no-such-host.invalid'"),
                bad("sender target address null", () -> UdpSender.builder().target((InetSocketAddress) null),
                        NullPointerException.class, "target must not be null"),
                bad("sender target address unresolved", () -> UdpSender.builder().target(unresolved),
                        IllegalArgumentException.class, "target must be a resolved address, was " + unresolved),
                bad("sender target address port 0",
                        () -> UdpSender.builder().target(new InetSocketAddress("127.0.0.1", 0)),
                        IllegalArgumentException.class, "target port must be between 1 and 65535, was 0"),
                bad("sender bind port -1", () -> UdpSender.builder().bind("127.0.0.1", -1),
                        IllegalArgumentException.class, "port must be between 0 and 65535, was -1"),
                bad("sender bind address null", () -> UdpSender.builder().bind((InetSocketAddress) null),
                        NullPointerException.class, "address must not be null"),
                bad("sender maxDatagramSize -1", () -> UdpSender.builder().maxDatagramSize(-1),
                        IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was -1"),
                bad("sender maxDatagramSize 65528", () -> UdpSender.builder().maxDatagramSize(65_528),
                        IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was 65528"),
                bad("sender charset null", () -> UdpSender.builder().charset(null),
                        NullPointerException.class, "charset must not be null"),
                bad("receiver reusePort 0", () -> UdpReceiver.builder().reusePort(0),
                        IllegalArgumentException.class, "sockets must be between 1 and 64, was 0"),
                bad("receiver reusePort 65", () -> UdpReceiver.builder().reusePort(65),
                        IllegalArgumentException.class, "sockets must be between 1 and 64, was 65"),
                bad("receiver acceptFrom no address", () -> UdpReceiver.builder().acceptFrom(new InetAddress[0]),
                        IllegalArgumentException.class, "addresses must name at least one address, was empty"),
                bad("receiver acceptFrom null address",
                        () -> UdpReceiver.builder().acceptFrom(InetAddress.getLoopbackAddress(), null),
                        NullPointerException.class, "addresses[1] must not be null"),
                bad("receiver acceptFrom null predicate",
                        () -> UdpReceiver.builder().acceptFrom((Predicate<InetSocketAddress>) null),
                        NullPointerException.class, "predicate must not be null"),
                bad("receiver acceptFromSubnet null", () -> UdpReceiver.builder().acceptFromSubnet(null),
                        NullPointerException.class, "cidr must not be null"),
                bad("receiver acceptFromSubnet no prefix", () -> UdpReceiver.builder().acceptFromSubnet("127.0.0.1"),
                        IllegalArgumentException.class,
                        "cidr must be an address and a prefix length such as 127.0.0.0/8, was '127.0.0.1'"),
                bad("receiver acceptFromSubnet prefix 33",
                        () -> UdpReceiver.builder().acceptFromSubnet("127.0.0.0/33"),
                        IllegalArgumentException.class,
                        "cidr prefix length must be between 0 and 32 for an IPv4 address, was '127.0.0.0/33'"),
                bad("receiver acceptFromSubnet host name",
                        () -> UdpReceiver.builder().acceptFromSubnet("localhost/8"),
                        IllegalArgumentException.class,
                        "cidr must be a literal IP address and a prefix length such as 127.0.0.0/8 (host names are not "
                                + "looked up), was 'localhost/8'"),
                bad("receiver connect null", () -> UdpReceiver.builder().connect(null),
                        NullPointerException.class, "peer must not be null"),
                bad("receiver connect port 0",
                        () -> UdpReceiver.builder().connect(new InetSocketAddress("127.0.0.1", 0)),
                        IllegalArgumentException.class, "peer port must be between 1 and 65535, was 0"),
                bad("receiver joinGroup null group", () -> UdpReceiver.builder().joinGroup((String) null, "lo"),
                        NullPointerException.class, "group must not be null"),
                bad("receiver joinGroup null interface name",
                        () -> UdpReceiver.builder().joinGroup("239.1.2.3", (String) null),
                        NullPointerException.class, "networkInterface must not be null"),
                bad("receiver maxPending 0", () -> UdpReceiver.builder().maxPending(0),
                        IllegalArgumentException.class, "maxPending must be between 1 and 2147483647, was 0"),
                bad("sender trafficClass 256", () -> UdpSender.builder().trafficClass(256),
                        IllegalArgumentException.class, "trafficClass must be between 0 and 255, was 256"),
                bad("sender trafficClass -1", () -> UdpSender.builder().trafficClass(-1),
                        IllegalArgumentException.class, "trafficClass must be between 0 and 255, was -1"),
                bad("sender multicastTtl 256", () -> UdpSender.builder().multicastTtl(256),
                        IllegalArgumentException.class, "ttl must be between 0 and 255, was 256"),
                bad("sender multicastInterface null",
                        () -> UdpSender.builder().multicastInterface((NetworkInterface) null),
                        NullPointerException.class, "networkInterface must not be null"),
                bad("sender multicastInterface unknown name",
                        () -> UdpSender.builder().multicastInterface("no-such-if0"),
                        IllegalArgumentException.class, null),
                bad("sender sendBufferSize 0", () -> UdpSender.builder().sendBufferSize(0),
                        IllegalArgumentException.class, "sendBufferSize must be between 1 and 2147483647, was 0"));
    }

    private static Arguments bad(String name, ThrowingCallable call, Class<? extends Throwable> type,
                                 String message) {
        return Arguments.of(Named.of(name, call), type, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void badArgument_isRejectedNamingTheOptionAndTheValue(ThrowingCallable call, Class<? extends Throwable> type,
                                                          String message) {
        if (message == null) { // messages that list this machine's interfaces: checked by their start
            assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessageStartingWith(
                    "networkInterface names no network interface of this machine, was 'no-such-if0'; available: ");
        } else {
            assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessage(message);
        }
    }
}
