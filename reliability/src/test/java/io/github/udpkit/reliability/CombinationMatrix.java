package io.github.udpkit.reliability;

import static io.github.udpkit.reliability.ApiMatrix.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.UdpPeer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Rows for combinations of options, where each option alone is fine and the pair is not: a receiver built with
 * {@code connect(peer)} asked to send elsewhere, a bind address of one family and a target of the other, a target
 * on port 0; and the members added in 0.2 ({@code failure()}, {@code maxPendingBytes}, the slice and {@code reply}
 * overloads). Each row asserts the exact exception type and message: never a raw JDK exception.
 */
final class CombinationMatrix {
    private static final InetSocketAddress V4_PORT_0 = new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 0);
    private static final InetSocketAddress V6_DISCARD = new InetSocketAddress(ApiMatrix.ip("::1"), 9);
    private static final InetSocketAddress V4_DISCARD = new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 9);

    private CombinationMatrix() {
    }

    static void addTo(Matrix m) {
        connectedReceiver(m);
        families(m);
        peerFamilies(m);
        portZero(m);
        newMembers(m);
    }

    private static void connectedReceiver(Matrix m) {
        String r = "UdpReceiver#";
        m.holds(r + "sendTo(InetSocketAddress,String)", "connect(peer) x sendTo another address: "
                + "IllegalStateException naming both", () -> {
                    try (UdpPeer peer = UdpPeer.start(); UdpPeer other = UdpPeer.start();
                         UdpReceiver rec = UdpReceiver.builder().connect(peer.address()).onDatagram(d -> { })
                                 .start()) {
                        assertThatThrownBy(() -> rec.sendTo(other.address(), "x"))
                                .isExactlyInstanceOf(IllegalStateException.class)
                                .hasMessage("receiver on " + rec.localAddress() + " is connected to " + peer.address()
                                        + " and cannot send to " + other.address() + "; build it without "
                                        + "connect(peer) to answer many senders");
                        other.expectNothing(Duration.ofMillis(100));
                    }
                });
        m.holds(r + "sendTo(InetSocketAddress,byte[])", "connect(peer) x sendTo the peer: arrives", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpReceiver rec = UdpReceiver.builder().connect(peer.address()).onDatagram(d -> { }).start()) {
                rec.sendTo(peer.address(), new byte[] {1, 2, 3});
                assertThat(peer.take(WAIT).payload()).containsExactly(1, 2, 3);
            }
        });
        m.holds(r + "sendTo(InetSocketAddress,ByteBuffer)", "NIO: connect(peer) x an empty payload: refused, never "
                + "silently skipped", () -> {
                    try (UdpPeer peer = UdpPeer.start();
                         UdpReceiver rec = UdpReceiver.builder().engine(io.github.udpkit.UdpEngine.NIO)
                                 .connect(peer.address()).onDatagram(d -> { }).start()) {
                        assertThatThrownBy(() -> rec.sendTo(peer.address(), ByteBuffer.allocate(0)))
                                .isExactlyInstanceOf(UdpException.class)
                                .hasMessage("cannot send an empty datagram to " + peer.address() + " on a connected "
                                        + "socket: the JDK's DatagramChannel silently skips zero-length sends when "
                                        + "connected; build the receiver without connect(peer) to send empty "
                                        + "datagrams");
                    }
                });
        m.holds(r + "reply(Datagram,byte[])", "connect(peer) x a reply to a datagram from another address: "
                + "IllegalStateException", () -> {
                    try (UdpPeer peer = UdpPeer.start();
                         UdpReceiver rec = UdpReceiver.builder().connect(peer.address()).onDatagram(d -> { })
                                 .start()) {
                        Datagram forged = ApiMatrix.datagram(V4_DISCARD, "forged");
                        assertThatThrownBy(() -> rec.reply(forged, new byte[1]))
                                .isExactlyInstanceOf(IllegalStateException.class)
                                .hasMessage("receiver on " + rec.localAddress() + " is connected to " + peer.address()
                                        + " and cannot send to " + V4_DISCARD + "; build it without connect(peer) "
                                        + "to answer many senders");
                    }
                });
        m.holds(r + "reply(Datagram,String)", "connect(peer) x a reply to the peer: arrives from the bound port",
                () -> {
                    try (UdpPeer peer = UdpPeer.start();
                         UdpReceiver rec = UdpReceiver.builder().connect(peer.address()).onDatagram(d -> { })
                                 .start()) {
                        rec.reply(ApiMatrix.datagram(peer.address(), "q"), "answer");
                        Datagram got = peer.take(WAIT);
                        assertThat(got.text()).isEqualTo("answer");
                        assertThat(got.sender()).isEqualTo(rec.localAddress());
                    }
                });
    }

    private static void families(Matrix m) {
        String b = "UdpSender.Builder#";
        m.rejects(b + "build()", "bind IPv4 x target IPv6", () -> UdpSender.builder().bind("127.0.0.1", 0)
                        .target("::1", 9).build(), IllegalArgumentException.class,
                "target " + V6_DISCARD + " is an IPv6 address, but the socket is bound to the IPv4 address "
                        + V4_PORT_0 + " and can reach IPv4 addresses only; bind an IPv6 address, or :: for both "
                        + "families");
        InetSocketAddress v6Bind = new InetSocketAddress(ApiMatrix.ip("::1"), 0);
        m.rejects(b + "build()", "bind IPv6 x target IPv4", () -> UdpSender.builder().bind("::1", 0)
                        .target("127.0.0.1", 9).build(), IllegalArgumentException.class,
                "target " + V4_DISCARD + " is an IPv4 address, but the socket is bound to the IPv6 address " + v6Bind
                        + " and can reach IPv6 addresses only; bind an IPv4 address, or :: for both families");
        InetSocketAddress wildcard4 = new InetSocketAddress(ApiMatrix.ip("0.0.0.0"), 0);
        m.rejects(b + "build()", "bind 0.0.0.0 x target IPv6", () -> UdpSender.builder().bind("0.0.0.0", 0)
                        .target("::1", 9).build(), IllegalArgumentException.class,
                "target " + V6_DISCARD + " is an IPv6 address, but the socket is bound to the IPv4 address "
                        + wildcard4 + " and can reach IPv4 addresses only; bind an IPv6 address, or :: for both "
                        + "families");
        m.holds(b + "build()", "bind :: x target IPv4, and no bind x target IPv6: both arrive", () -> {
            try (UdpPeer v4 = UdpPeer.start(); UdpPeer v6 = UdpPeer.builder().ipv6().start();
                 UdpSender dual = UdpSender.builder().bind("::", 0).target(v4.address()).build();
                 UdpSender plain = UdpSender.builder().target(v6.address()).build()) {
                dual.send("four");
                plain.send("six");
                assertThat(v4.take(WAIT).text()).isEqualTo("four");
                assertThat(v6.take(WAIT).text()).isEqualTo("six");
            }
        });
        m.holds("UdpSender#sendTo(InetSocketAddress,byte[])", "unconnected, bound to ::1 x sendTo IPv4: "
                + "IllegalArgumentException, not 'Network is unreachable'", () -> {
                    try (UdpSender s = UdpSender.builder().bind("::1", 0).build()) {
                        assertThatThrownBy(() -> s.sendTo(V4_DISCARD, new byte[1]))
                                .isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessage("to " + V4_DISCARD + " is an IPv4 address, but the socket is bound to "
                                        + "the IPv6 address " + s.localAddress() + " and can reach IPv6 addresses "
                                        + "only; bind an IPv4 address, or :: for both families");
                    }
                });
        m.holds("UdpReceiver#sendTo(InetSocketAddress,String)", "receiver on ::1 x an IPv4 target", () -> {
            try (UdpReceiver rec = UdpReceiver.builder().bind("::1", 0).onDatagram(d -> { }).start()) {
                assertThatThrownBy(() -> rec.sendTo(V4_DISCARD, "x"))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("target " + V4_DISCARD + " is an IPv4 address, but the socket is bound to the "
                                + "IPv6 address " + rec.localAddress() + " and can reach IPv6 addresses only; bind "
                                + "an IPv4 address, or :: for both families");
            }
        });
        m.holds("UdpReceiver#sendTo(InetSocketAddress,String)", "receiver on :: x an IPv4 target: arrives", () -> {
            try (UdpPeer v4 = UdpPeer.start();
                 UdpReceiver rec = UdpReceiver.builder().bind("::", 0).onDatagram(d -> { }).start()) {
                rec.sendTo(v4.address(), "dual");
                assertThat(v4.take(WAIT).text()).isEqualTo("dual");
            }
        });
    }

    private static void peerFamilies(Matrix m) {
        InetSocketAddress v4Loopback0 = new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 0);
        m.rejects("UdpReceiver.Builder#start()", "bind IPv4 x connect(IPv6 peer): not a raw "
                        + "UnsupportedAddressTypeException", () -> UdpReceiver.builder().bind("127.0.0.1", 0)
                        .connect(V6_DISCARD).onDatagram(d -> { }).start(), IllegalArgumentException.class,
                "peer " + V6_DISCARD + " is an IPv6 address, but the socket is bound to the IPv4 address "
                        + v4Loopback0 + " and can reach IPv4 addresses only; bind an IPv6 address, or :: for both "
                        + "families");
    }

    private static void portZero(Matrix m) {
        m.rejects("UdpSender#sendTo(InetSocketAddress,String)", "port 0 target", () -> {
            try (UdpSender s = UdpSender.builder().build()) {
                s.sendTo(V4_PORT_0, "x");
            }
        }, IllegalArgumentException.class, "to port must be between 1 and 65535, was 0 (" + V4_PORT_0 + ")");
        m.rejects("UdpSender#sendTo(InetSocketAddress,ByteBuffer)", "port 0 target", () -> {
            try (UdpSender s = UdpSender.builder().build()) {
                s.sendTo(V4_PORT_0, ByteBuffer.allocate(1));
            }
        }, IllegalArgumentException.class, "to port must be between 1 and 65535, was 0 (" + V4_PORT_0 + ")");
        m.rejects("UdpReceiver#sendTo(InetSocketAddress,byte[])", "port 0 target", () -> {
            try (UdpReceiver rec = ApiMatrix.receiver()) {
                rec.sendTo(V4_PORT_0, new byte[1]);
            }
        }, IllegalArgumentException.class, "target port must be between 1 and 65535, was 0 (" + V4_PORT_0 + ")");
        m.rejects("UdpSender.Builder#target(String,int)", "port 0", () -> UdpSender.builder().target("127.0.0.1", 0),
                IllegalArgumentException.class, "port must be between 1 and 65535, was 0");
        m.rejects("UdpReceiver.Builder#connect(InetSocketAddress)", "port 0", () -> UdpReceiver.builder()
                .connect(V4_PORT_0), IllegalArgumentException.class, "peer port must be between 1 and 65535, was 0");
    }

    private static void newMembers(Matrix m) {
        String r = "UdpReceiver#";
        m.holds(r + "failure()", "empty while running and after a plain close", () -> {
            UdpReceiver rec = ApiMatrix.receiver();
            assertThat(rec.failure()).isEmpty();
            rec.close();
            assertThat(rec.failure()).isEmpty();
            assertThat(rec.isOpen()).isFalse();
        });
        m.rejects("UdpReceiver.Builder#maxPendingBytes(long)", "zero", () -> UdpReceiver.builder()
                .maxPendingBytes(0), IllegalArgumentException.class, "maxPendingBytes must be at least 1, was 0");
        m.rejects("UdpReceiver.Builder#maxPendingBytes(long)", "negative", () -> UdpReceiver.builder()
                .maxPendingBytes(-5), IllegalArgumentException.class, "maxPendingBytes must be at least 1, was -5");
        m.holds(r + "sendTo(InetSocketAddress,byte[],int,int)", "bad slice, null; a slice arrives exactly", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpReceiver rec = ApiMatrix.receiver()) {
                byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
                assertThatThrownBy(() -> rec.sendTo(peer.address(), bytes, 8, 3))
                        .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessage("offset 8 and length 3 do not fit payload of length 10");
                assertThatThrownBy(() -> rec.sendTo(peer.address(), null, 0, 0))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                assertThatThrownBy(() -> rec.sendTo(null, bytes, 0, 1))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("target must not be null");
                rec.sendTo(peer.address(), bytes, 2, 3);
                assertThat(peer.take(WAIT).text()).isEqualTo("234");
            }
        });
        m.holds("UdpSender#sendTo(InetSocketAddress,byte[],int,int)", "bad slice, null; a slice arrives exactly",
                () -> {
                    try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().build()) {
                        byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
                        assertThatThrownBy(() -> s.sendTo(peer.address(), bytes, -1, 3))
                                .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                                .hasMessage("offset -1 and length 3 do not fit payload of length 10");
                        assertThatThrownBy(() -> s.sendTo(null, bytes, 0, 1))
                                .isExactlyInstanceOf(NullPointerException.class).hasMessage("to must not be null");
                        s.sendTo(peer.address(), bytes, 7, 3);
                        assertThat(peer.take(WAIT).text()).isEqualTo("789");
                    }
                });
        m.holds(r + "reply(Datagram,String)", "null request, null text", () -> {
            try (UdpReceiver rec = ApiMatrix.receiver()) {
                assertThatThrownBy(() -> rec.reply(null, "x"))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("request must not be null");
                assertThatThrownBy(() -> rec.reply(ApiMatrix.datagram(V4_DISCARD, "q"), (String) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("text must not be null");
            }
        });
        m.holds(r + "reply(Datagram,ByteBuffer)", "null request, null buffer; a reply from the listener arrives",
                () -> {
                    try (UdpReceiver rec = ApiMatrix.receiver()) {
                        assertThatThrownBy(() -> rec.reply(null, ByteBuffer.allocate(1)))
                                .isExactlyInstanceOf(NullPointerException.class)
                                .hasMessage("request must not be null");
                        assertThatThrownBy(() -> rec.reply(ApiMatrix.datagram(V4_DISCARD, "q"), (ByteBuffer) null))
                                .isExactlyInstanceOf(NullPointerException.class)
                                .hasMessage("payload must not be null");
                    }
                    try (UdpReceiver rec = UdpReceiver.builder()
                            .onRequest((d, self) -> self.reply(d, ByteBuffer.wrap(("re:" + d.text())
                                    .getBytes(StandardCharsets.UTF_8))))
                            .start();
                         UdpSender s = UdpSender.builder().target(rec.localAddress()).build()) {
                        s.send("ping");
                        assertThat(s.receive(WAIT).orElseThrow().text()).isEqualTo("re:ping");
                    }
                });
        m.holds("UdpSender#receive(Duration)", "Duration.ofSeconds(Long.MAX_VALUE) waits without a limit: the "
                + "datagram sent later arrives", () -> {
                    try (UdpPeer peer = UdpPeer.start();
                         UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                        s.send("hello");
                        peer.take(WAIT);
                        peer.sendTo(s.localAddress(), "late");
                        assertThat(s.receive(Duration.ofSeconds(Long.MAX_VALUE)).orElseThrow().text())
                                .isEqualTo("late");
                    }
                });
    }
}
