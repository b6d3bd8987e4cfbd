package io.github.udpkit.reliability;

import static io.github.udpkit.reliability.ApiMatrix.WAIT;
import static io.github.udpkit.reliability.ApiMatrix.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.Datagram;
import io.github.udpkit.DatagramMetadata;
import io.github.udpkit.DatagramView;
import io.github.udpkit.Ecn;
import io.github.udpkit.IcmpError;
import io.github.udpkit.IcmpErrorListener;
import io.github.udpkit.PathMtuDiscovery;
import io.github.udpkit.UdpEngine;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Rows for what the kernel tells about each datagram and the ICMP errors (issue #13): each holds on whichever engine
 * runs (the native one reads the metadata; NIO refuses the options that need it, naming the engine).
 */
final class MetadataMatrix {
    private MetadataMatrix() {
    }

    private static boolean nativeRuns() {
        try (UdpSender probe = UdpSender.builder().build()) {
            return probe.engine() == UdpEngine.NATIVE;
        }
    }

    /** One datagram with every metadata the engine reads, or with the refusal checked where it reads none. */
    private static void withMetadata(Consumer<Datagram> check) throws InterruptedException {
        DatagramMetadata[] all = DatagramMetadata.values();
        if (!nativeRuns()) {
            assertThatThrownBy(() -> UdpReceiver.builder().metadata(all).onDatagram(d -> { }).start())
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("metadata(DESTINATION, TTL, ECN, KERNEL_TIMESTAMP, KERNEL_DROPS) needs the "
                            + "native engine, which cannot run here: ");
            return;
        }
        BlockingQueue<Datagram> got = new ArrayBlockingQueue<>(1);
        try (UdpReceiver r = UdpReceiver.builder().bind("0.0.0.0", 0).metadata(all).onDatagram(got::add).start();
             UdpSender s = UdpSender.builder().ttl(21).build()) {
            s.sendTo(new InetSocketAddress(ip("127.0.0.3"), r.localAddress().getPort()),
                    ByteBuffer.wrap(new byte[] {1}), Ecn.ECT_0);
            Datagram d = got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(d).as("datagram delivered").isNotNull();
            check.accept(d);
        }
    }

    /** The same through a view listener; the check runs inside the callback, its failure is rethrown here. */
    private static void withView(Consumer<DatagramView> check) throws Exception {
        if (!nativeRuns()) {
            return; // withMetadata checks the refusal
        }
        BlockingQueue<Throwable> outcome = new ArrayBlockingQueue<>(1);
        try (UdpReceiver r = UdpReceiver.builder().bind("0.0.0.0", 0).metadata(DatagramMetadata.values())
                .onDatagramView(v -> {
                    try {
                        check.accept(v);
                        outcome.add(new Throwable("ok"));
                    } catch (Throwable t) {
                        outcome.add(t);
                    }
                }).start();
             UdpSender s = UdpSender.builder().ttl(22).build()) {
            s.sendTo(new InetSocketAddress(ip("127.0.0.3"), r.localAddress().getPort()),
                    ByteBuffer.wrap(new byte[] {1}), Ecn.CE);
            Throwable t = outcome.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(t).as("view delivered").isNotNull();
            if (!"ok".equals(t.getMessage()) || t.getClass() != Throwable.class) {
                throw new AssertionError(t);
            }
        }
    }

    static void addTo(Matrix m) {
        datagrams(m);
        views(m);
        builders(m);
        sends(m);
        values(m);
    }

    private static void datagrams(Matrix m) {
        String d = "Datagram#";
        InetSocketAddress from = new InetSocketAddress(ip("127.0.0.1"), 9);
        Datagram byHand = new Datagram(from, new byte[1], Instant.EPOCH, false);
        m.holds(d + "destination()", "made by hand: empty; received on a wildcard: the address asked", () -> {
            assertThat(byHand.destination()).isEmpty();
            withMetadata(x -> assertThat(x.destination().orElseThrow().getAddress()).isEqualTo(ip("127.0.0.3")));
        });
        m.holds(d + "interfaceIndex()", "made by hand: empty; received: loopback's", () -> {
            assertThat(byHand.interfaceIndex()).isEmpty();
            int lo = ApiMatrix.loopbackInterface().getIndex();
            withMetadata(x -> assertThat(x.interfaceIndex()).hasValue(lo));
        });
        m.holds(d + "ttl()", "made by hand: empty; received: the sender's", () -> {
            assertThat(byHand.ttl()).isEmpty();
            withMetadata(x -> assertThat(x.ttl()).hasValue(21));
        });
        m.holds(d + "ecn()", "made by hand: empty; received: the sender's codepoint", () -> {
            assertThat(byHand.ecn()).isEmpty();
            withMetadata(x -> assertThat(x.ecn()).contains(Ecn.ECT_0));
        });
        m.holds(d + "kernelDrops()", "made by hand: empty; received without drops: 0", () -> {
            assertThat(byHand.kernelDrops()).isEmpty();
            withMetadata(x -> assertThat(x.kernelDrops()).hasValue(0));
        });
        m.holds(d + "kernelTimestamp()", "made by hand: false; received with KERNEL_TIMESTAMP: true", () -> {
            assertThat(byHand.kernelTimestamp()).isFalse();
            withMetadata(x -> assertThat(x.kernelTimestamp()).isTrue());
        });
    }

    private static void views(Matrix m) {
        String v = "DatagramView#";
        m.holds(v + "destination()", "the address asked, during the callback", () ->
                withView(x -> assertThat(x.destination().orElseThrow().getAddress()).isEqualTo(ip("127.0.0.3"))));
        m.holds(v + "interfaceIndex()", "loopback's", () -> {
            int lo = ApiMatrix.loopbackInterface().getIndex();
            withView(x -> assertThat(x.interfaceIndex()).hasValue(lo));
        });
        m.holds(v + "ttl()", "the sender's", () -> withView(x -> assertThat(x.ttl()).hasValue(22)));
        m.holds(v + "ecn()", "the sender's codepoint", () -> withView(x -> assertThat(x.ecn()).contains(Ecn.CE)));
        m.holds(v + "kernelDrops()", "0 without drops", () -> withView(x -> assertThat(x.kernelDrops()).hasValue(0)));
    }

    private static void builders(Matrix m) {
        String rb = "UdpReceiver.Builder#";
        m.rejects(rb + "metadata(DatagramMetadata[])", "null array",
                () -> UdpReceiver.builder().metadata((DatagramMetadata[]) null),
                NullPointerException.class, "kinds must not be null");
        m.rejects(rb + "metadata(DatagramMetadata[])", "a null element",
                () -> UdpReceiver.builder().metadata(DatagramMetadata.ECN, null),
                NullPointerException.class, "kinds[1] must not be null");
        m.rejects(rb + "metadata(DatagramMetadata[])", "with engine(NIO)",
                () -> UdpReceiver.builder().engine(UdpEngine.NIO).metadata(DatagramMetadata.TTL)
                        .onDatagram(d -> { }).start(), IllegalStateException.class,
                "metadata(TTL) needs the native engine, but engine(NIO) was chosen; use engine(AUTO) or "
                        + "engine(NATIVE)");
        m.rejects(rb + "onIcmpError(IcmpErrorListener)", "null", () -> UdpReceiver.builder().onIcmpError(null),
                NullPointerException.class, "listener must not be null");
        m.rejects(rb + "onIcmpError(IcmpErrorListener)", "with engine(NIO)",
                () -> UdpReceiver.builder().engine(UdpEngine.NIO).onIcmpError(e -> { }).onDatagram(d -> { })
                        .start(), IllegalStateException.class,
                "onIcmpError needs the native engine, but engine(NIO) was chosen; use engine(AUTO) or engine(NATIVE)");
        String sb = "UdpSender.Builder#";
        m.rejects(sb + "ttl(int)", "zero", () -> UdpSender.builder().ttl(0),
                IllegalArgumentException.class, "ttl must be between 1 and 255, was 0");
        m.rejects(sb + "ttl(int)", "256", () -> UdpSender.builder().ttl(256),
                IllegalArgumentException.class, "ttl must be between 1 and 255, was 256");
        m.rejects(sb + "ttl(int)", "with engine(NIO)", () -> UdpSender.builder().engine(UdpEngine.NIO).ttl(3).build(),
                IllegalStateException.class, "ttl(3) needs the native engine, but engine(NIO) was chosen; use "
                        + "engine(AUTO) or engine(NATIVE)");
        m.rejects(sb + "pathMtuDiscovery(PathMtuDiscovery)", "null", () -> UdpSender.builder().pathMtuDiscovery(null),
                NullPointerException.class, "mode must not be null");
        m.rejects(sb + "pathMtuDiscovery(PathMtuDiscovery)", "WANT with dontFragment(true)",
                () -> UdpSender.builder().pathMtuDiscovery(PathMtuDiscovery.WANT).dontFragment(true).build(),
                IllegalStateException.class, "dontFragment(true) is pathMtuDiscovery(DO) and contradicts "
                        + "pathMtuDiscovery(WANT); set only one of them");
        m.rejects(sb + "onIcmpError(IcmpErrorListener)", "null", () -> UdpSender.builder().onIcmpError(null),
                NullPointerException.class, "listener must not be null");
        m.holds(sb + "onIcmpError(IcmpErrorListener)", "native: port unreachable of an unconnected send reaches it; "
                + "NIO: refused", () -> {
                    BlockingQueue<IcmpError> icmp = new ArrayBlockingQueue<>(8);
                    if (!nativeRuns()) {
                        assertThatThrownBy(() -> UdpSender.builder().onIcmpError(icmp::add).build())
                                .isExactlyInstanceOf(IllegalStateException.class)
                                .hasMessageStartingWith("onIcmpError needs the native engine, which cannot run here: ");
                        return;
                    }
                    int dead;
                    try (UdpReceiver gone = ApiMatrix.receiver()) {
                        dead = gone.localAddress().getPort();
                    }
                    try (UdpReceiver live = ApiMatrix.receiver();
                         UdpSender s = UdpSender.builder().onIcmpError(icmp::add).build()) {
                        InetSocketAddress target = new InetSocketAddress(ip("127.0.0.1"), dead);
                        s.sendTo(target, "x");
                        long deadline = System.nanoTime() + WAIT.toNanos();
                        while (icmp.isEmpty() && System.nanoTime() < deadline) { // bounded by WAIT
                            s.sendTo(live.localAddress(), "probe"); // the next call reports the pending error
                        }
                        IcmpError e = icmp.poll();
                        assertThat(e).isNotNull();
                        assertThat(e.kind()).isEqualTo(IcmpError.Kind.PORT_UNREACHABLE);
                        assertThat(e.destination()).contains(target);
                    }
                });
    }

    private static void sends(Matrix m) {
        ByteBuffer one = ByteBuffer.wrap(new byte[] {1});
        m.holds("UdpSender#send(ByteBuffer,Ecn)", "nulls refused; native: the codepoint arrives; NIO: refused",
                () -> {
                    try (UdpReceiver r = ApiMatrix.receiver();
                         UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                        assertThatThrownBy(() -> s.send(one, null)).isExactlyInstanceOf(NullPointerException.class)
                                .hasMessage("ecn must not be null");
                        assertThatThrownBy(() -> s.send((ByteBuffer) null, Ecn.CE))
                                .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                        if (s.engine() == UdpEngine.NIO) {
                            assertThatThrownBy(() -> s.send(one.duplicate(), Ecn.CE))
                                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                                    .hasMessage("a send with an ECN codepoint (CE) needs the native engine; this "
                                            + "sender runs on NIO");
                        }
                    }
                    withMetadata(x -> assertThat(x.ecn()).contains(Ecn.ECT_0));
                });
        m.holds("UdpSender#sendTo(InetSocketAddress,ByteBuffer,Ecn)", "nulls and unresolved refused", () -> {
            try (UdpSender s = UdpSender.builder().build()) {
                assertThatThrownBy(() -> s.sendTo(null, one, Ecn.CE)).isExactlyInstanceOf(NullPointerException.class)
                        .hasMessage("to must not be null");
                assertThatThrownBy(() -> s.sendTo(ApiMatrix.UNRESOLVED, one, Ecn.CE))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("to must be a resolved address, was unresolved.invalid/<unresolved>:4000");
                assertThatThrownBy(() -> s.sendTo(new InetSocketAddress(ip("127.0.0.1"), 9), one, null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("ecn must not be null");
            }
        });
        m.holds("UdpSender#pathMtu()", "connected: the route's MTU on native, empty on NIO; unconnected: empty", () -> {
            try (UdpReceiver r = ApiMatrix.receiver();
                 UdpSender c = UdpSender.builder().target(r.localAddress()).build();
                 UdpSender u = UdpSender.builder().target(r.localAddress()).connected(false).build()) {
                if (c.engine() == UdpEngine.NATIVE) {
                    assertThat(c.pathMtu().orElseThrow()).isBetween(1280, 65535);
                } else {
                    assertThat(c.pathMtu()).isEmpty();
                }
                assertThat(u.pathMtu()).isEmpty();
            }
        });
        m.holds("UdpReceiver#reply(Datagram,ByteBuffer,Ecn)", "nulls refused; NIO: refused naming the engine", () -> {
            try (UdpReceiver r = ApiMatrix.receiver()) {
                Datagram request = ApiMatrix.datagram(r.localAddress(), "x");
                assertThatThrownBy(() -> r.reply(null, one, Ecn.CE)).isExactlyInstanceOf(NullPointerException.class)
                        .hasMessage("request must not be null");
                assertThatThrownBy(() -> r.reply(request, null, Ecn.CE))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                assertThatThrownBy(() -> r.reply(request, one, null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("ecn must not be null");
                if (r.engine() == UdpEngine.NIO) {
                    assertThatThrownBy(() -> r.reply(request, one.duplicate(), Ecn.ECT_1))
                            .isExactlyInstanceOf(UnsupportedOperationException.class)
                            .hasMessage("a reply with an ECN codepoint (ECT_1) needs the native engine; this receiver "
                                    + "runs on NIO");
                }
            }
        });
    }

    private static void values(Matrix m) {
        m.rejects("Ecn#ofTrafficClass(int)", "256", () -> Ecn.ofTrafficClass(256),
                IllegalArgumentException.class, "trafficClass must be between 0 and 255, was 256");
        m.holds("Ecn#ofTrafficClass(int)", "the two low bits", () -> {
            assertThat(Ecn.ofTrafficClass(0xb8)).isEqualTo(Ecn.NOT_ECT);
            assertThat(Ecn.ofTrafficClass(0xbb)).isEqualTo(Ecn.CE);
        });
        m.holds("Ecn#bits()", "00, 01, 10, 11", () -> {
            assertThat(Ecn.NOT_ECT.bits()).isZero();
            assertThat(Ecn.ECT_1.bits()).isEqualTo(1);
            assertThat(Ecn.ECT_0.bits()).isEqualTo(2);
            assertThat(Ecn.CE.bits()).isEqualTo(3);
        });
        String i = "IcmpError#";
        String ctor = i + "<init>(Kind,Origin,int,int,String,InetAddress,InetSocketAddress,int)";
        m.rejects(ctor, "null kind", () -> new IcmpError(null, IcmpError.Origin.ICMP, 3, 3, "r", null, null, 0),
                NullPointerException.class, "kind must not be null");
        m.rejects(ctor, "null origin", () -> new IcmpError(IcmpError.Kind.OTHER, null, 3, 3, "r", null, null, 0),
                NullPointerException.class, "origin must not be null");
        m.rejects(ctor, "null reason", () -> new IcmpError(IcmpError.Kind.OTHER, IcmpError.Origin.ICMP, 3, 3, null,
                null, null, 0), NullPointerException.class, "reason must not be null");
        m.rejects(ctor, "code 256", () -> new IcmpError(IcmpError.Kind.OTHER, IcmpError.Origin.ICMP, 3, 256, "r",
                null, null, 0), IllegalArgumentException.class, "code must be between 0 and 255, was 256");
        m.rejects(ctor, "mtu 65536", () -> new IcmpError(IcmpError.Kind.TOO_BIG, IcmpError.Origin.ICMP, 3, 4, "r",
                null, null, 65536), IllegalArgumentException.class, "mtu must be between 0 and 65535, was 65536");
        InetSocketAddress to = new InetSocketAddress(ip("192.0.2.7"), 53);
        IcmpError e = new IcmpError(IcmpError.Kind.TOO_BIG, IcmpError.Origin.ICMP6, 2, 0, "Message too long",
                ip("2001:db8::1"), to, 1280);
        m.holds(i + "kind()", "as given", () -> assertThat(e.kind()).isEqualTo(IcmpError.Kind.TOO_BIG));
        m.holds(i + "origin()", "as given", () -> assertThat(e.origin()).isEqualTo(IcmpError.Origin.ICMP6));
        m.holds(i + "type()", "as given", () -> assertThat(e.type()).isEqualTo(2));
        m.holds(i + "code()", "as given", () -> assertThat(e.code()).isZero());
        m.holds(i + "reason()", "as given", () -> assertThat(e.reason()).isEqualTo("Message too long"));
        m.holds(i + "reporter()", "as given; empty for null", () -> {
            assertThat(e.reporter()).contains(ip("2001:db8::1"));
            assertThat(new IcmpError(IcmpError.Kind.OTHER, IcmpError.Origin.LOCAL, 0, 0, "r", null, null, 0)
                    .reporter()).isEmpty();
        });
        m.holds(i + "destination()", "as given", () -> assertThat(e.destination()).contains(to));
        m.holds(i + "mtu()", "as given; empty for 0", () -> {
            assertThat(e.mtu()).hasValue(1280);
            assertThat(new IcmpError(IcmpError.Kind.OTHER, IcmpError.Origin.LOCAL, 0, 0, "r", null, null, 0).mtu())
                    .isEmpty();
        });
        m.holds("IcmpErrorListener#onIcmpError(IcmpError)", "a lambda gets the error", () -> {
            IcmpError[] seen = new IcmpError[1];
            IcmpErrorListener listener = x -> seen[0] = x;
            listener.onIcmpError(e);
            assertThat(seen[0]).isSameAs(e);
        });
    }
}
