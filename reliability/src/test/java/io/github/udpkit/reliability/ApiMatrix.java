package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.Datagram;
import io.github.udpkit.DatagramListener;
import io.github.udpkit.DatagramTooLargeException;
import io.github.udpkit.ErrorListener;
import io.github.udpkit.ReceiverStats;
import io.github.udpkit.UdpBindException;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpLimits;
import io.github.udpkit.UdpListenerException;
import io.github.udpkit.UdpPortUnreachableException;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.UdpPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** The matrix rows of udp-api ({@code io.github.udpkit}). */
final class ApiMatrix {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final InetSocketAddress UNRESOLVED = InetSocketAddress.createUnresolved("unresolved.invalid", 4000);
    static final String NO_SUCH_HOST = "no-such-host.invalid";

    private ApiMatrix() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }

    static NetworkInterface loopbackInterface() {
        try {
            return NetworkInterface.getByName("lo");
        } catch (SocketException e) {
            throw new AssertionError(e);
        }
    }

    static UdpReceiver receiver() {
        return UdpReceiver.builder().onDatagram(d -> { }).start();
    }

    static UdpReceiver closedReceiver() {
        UdpReceiver r = receiver();
        r.close();
        return r;
    }

    static Datagram datagram(InetSocketAddress from, String text) {
        return new Datagram(from, text.getBytes(StandardCharsets.UTF_8), Instant.EPOCH, false);
    }

    /** Sends one datagram to a fresh receiver and returns what its listener got. */
    static Datagram roundTrip(UdpReceiver.Builder builder, byte[] payload) throws InterruptedException {
        BlockingQueue<Datagram> got = new ArrayBlockingQueue<>(1);
        try (UdpReceiver r = builder.onDatagram(got::add).start();
             UdpSender s = UdpSender.builder().target(r.localAddress()).connected(false).build()) {
            s.send(payload);
            Datagram d = got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(d).as("datagram delivered").isNotNull();
            return d;
        }
    }

    static void addTo(Matrix m) {
        receiverBuilder(m);
        receiver(m);
        sender(m);
        values(m);
    }

    private static void receiverBuilder(Matrix m) {
        String b = "UdpReceiver.Builder#";
        m.holds("UdpReceiver#builder()", "a new builder each call, defaults: loopback, ephemeral port", () -> {
            assertThat(UdpReceiver.builder()).isNotSameAs(UdpReceiver.builder());
            try (UdpReceiver r = receiver()) {
                assertThat(r.localAddress().getAddress().isLoopbackAddress()).isTrue();
                assertThat(r.localAddress().getPort()).isPositive();
                assertThat(r.maxDatagramSize()).isEqualTo(UdpLimits.IPV6_MAX_PAYLOAD);
            }
        });
        m.rejects(b + "bind(String,int)", "null host", () -> UdpReceiver.builder().bind(null, 0),
                NullPointerException.class, "host must not be null");
        m.rejects(b + "bind(String,int)", "blank host", () -> UdpReceiver.builder().bind(" ", 0),
                IllegalArgumentException.class, "host must not be blank, was ' '");
        m.rejects(b + "bind(String,int)", "unresolvable host", () -> UdpReceiver.builder().bind(NO_SUCH_HOST, 0),
                IllegalArgumentException.class, "host cannot be resolved, was '" + NO_SUCH_HOST + "'");
        m.rejects(b + "bind(String,int)", "negative port", () -> UdpReceiver.builder().bind("127.0.0.1", -1),
                IllegalArgumentException.class, "port must be between 0 and 65535, was -1");
        m.rejects(b + "bind(String,int)", "port out of range", () -> UdpReceiver.builder().bind("127.0.0.1", 65_536),
                IllegalArgumentException.class, "port must be between 0 and 65535, was 65536");
        m.holds(b + "bind(String,int)", "a port already taken: start() throws UdpBindException naming the address",
                () -> {
                    try (UdpReceiver first = receiver()) {
                        InetSocketAddress taken = first.localAddress();
                        UdpReceiver.Builder second = UdpReceiver.builder()
                                .bind("127.0.0.1", taken.getPort()).onDatagram(d -> { });
                        assertThatThrownBy(second::start).isExactlyInstanceOf(UdpBindException.class)
                                .hasMessageStartingWith("cannot bind UDP socket to " + taken + ": ")
                                .extracting(e -> ((UdpBindException) e).address()).isEqualTo(taken);
                    }
                });
        m.holds(b + "bind(String,int)", "an address of another machine: UdpBindException naming it", () -> {
            UdpReceiver.Builder builder = UdpReceiver.builder().bind("192.0.2.77", 0).onDatagram(d -> { });
            assertThatThrownBy(builder::start).isExactlyInstanceOf(UdpBindException.class)
                    .hasMessageStartingWith("cannot bind UDP socket to /192.0.2.77:0: ");
        });
        m.rejects(b + "bind(InetSocketAddress)", "null", () -> UdpReceiver.builder().bind(null),
                NullPointerException.class, "address must not be null");
        m.rejects(b + "bind(InetSocketAddress)", "unresolved", () -> UdpReceiver.builder().bind(UNRESOLVED),
                IllegalArgumentException.class, "address must be a resolved address, was " + UNRESOLVED);
        m.holds(b + "bind(InetSocketAddress)", "IPv6 loopback: the socket is IPv6", () -> {
            try (UdpReceiver r = UdpReceiver.builder().bind(new InetSocketAddress(ip("::1"), 0))
                    .onDatagram(d -> { }).start()) {
                assertThat(r.localAddress().getAddress()).isEqualTo(ip("::1"));
            }
        });
        m.rejects(b + "port(int)", "negative", () -> UdpReceiver.builder().port(-5),
                IllegalArgumentException.class, "port must be between 0 and 65535, was -5");
        m.rejects(b + "port(int)", "out of range", () -> UdpReceiver.builder().port(70_000),
                IllegalArgumentException.class, "port must be between 0 and 65535, was 70000");
        m.holds(b + "port(int)", "0 binds loopback on an ephemeral port", () -> {
            try (UdpReceiver r = UdpReceiver.builder().port(0).onDatagram(d -> { }).start()) {
                assertThat(r.localAddress().getAddress().isLoopbackAddress()).isTrue();
            }
        });
        m.rejects(b + "maxDatagramSize(int)", "zero", () -> UdpReceiver.builder().maxDatagramSize(0),
                IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was 0");
        m.rejects(b + "maxDatagramSize(int)", "negative", () -> UdpReceiver.builder().maxDatagramSize(-1),
                IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was -1");
        m.rejects(b + "maxDatagramSize(int)", "over the UDP maximum",
                () -> UdpReceiver.builder().maxDatagramSize(70_000),
                IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was 70000");
        m.holds(b + "maxDatagramSize(int)", "called twice: the last value wins", () -> {
            try (UdpReceiver r = UdpReceiver.builder().maxDatagramSize(10).maxDatagramSize(20)
                    .onDatagram(d -> { }).start()) {
                assertThat(r.maxDatagramSize()).isEqualTo(20);
            }
        });
        m.rejects(b + "onDatagram(DatagramListener)", "null", () -> UdpReceiver.builder().onDatagram(null),
                NullPointerException.class, "onDatagram must not be null");
        m.rejects(b + "onDatagram(DatagramListener)", "never set: start() refuses",
                () -> UdpReceiver.builder().start(), IllegalStateException.class,
                "a receiver needs a listener; call onDatagram(...), onDatagramView(...) or onRequest(...) first");
        m.rejects(b + "onTruncated(DatagramListener)", "null", () -> UdpReceiver.builder().onTruncated(null),
                NullPointerException.class, "onTruncated must not be null");
        m.holds(b + "onTruncated(DatagramListener)", "gets exactly the first maxDatagramSize bytes", () -> {
            BlockingQueue<Datagram> cut = new ArrayBlockingQueue<>(1);
            try (UdpReceiver r = UdpReceiver.builder().maxDatagramSize(3).onDatagram(d -> { })
                    .onTruncated(cut::add).start();
                 UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                s.send(new byte[] {1, 2, 3, 4});
                Datagram d = cut.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(d).isNotNull();
                assertThat(d.payload()).containsExactly(1, 2, 3);
                assertThat(d.truncated()).isTrue();
            }
        });
        m.rejects(b + "onError(ErrorListener)", "null", () -> UdpReceiver.builder().onError(null),
                NullPointerException.class, "onError must not be null");
        m.rejects(b + "executor(Executor)", "null", () -> UdpReceiver.builder().executor(null),
                NullPointerException.class, "executor must not be null");
        m.holds(b + "executor(Executor)", "listeners run on the executor, not the receive thread", () -> {
            AtomicReference<String> thread = new AtomicReference<>();
            Executor named = task -> {
                Thread t = new Thread(task, "matrix-executor");
                t.start();
            };
            BlockingQueue<String> threads = new ArrayBlockingQueue<>(1);
            try (UdpReceiver r = UdpReceiver.builder().executor(named)
                    .onDatagram(d -> threads.add(Thread.currentThread().getName())).start();
                 UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                s.send("x");
                thread.set(threads.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            assertThat(thread.get()).isEqualTo("matrix-executor");
        });
        m.rejects(b + "maxPending(int)", "zero", () -> UdpReceiver.builder().maxPending(0),
                IllegalArgumentException.class, "maxPending must be between 1 and 2147483647, was 0");
        m.rejects(b + "maxPending(int)", "negative", () -> UdpReceiver.builder().maxPending(-3),
                IllegalArgumentException.class, "maxPending must be between 1 and 2147483647, was -3");
        m.rejects(b + "threadFactory(ThreadFactory)", "null", () -> UdpReceiver.builder().threadFactory(null),
                NullPointerException.class, "threadFactory must not be null");
        m.holds(b + "threadFactory(ThreadFactory)", "a factory that returns null: start() refuses and binds nothing",
                () -> {
                    ThreadFactory none = r -> null;
                    UdpReceiver.Builder builder = UdpReceiver.builder().threadFactory(none).onDatagram(d -> { });
                    assertThatThrownBy(builder::start).isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessageStartingWith("threadFactory returned null for the receiver on /127.0.0.1:");
                });
        m.rejects(b + "receiveBufferSize(int)", "zero", () -> UdpReceiver.builder().receiveBufferSize(0),
                IllegalArgumentException.class, "receiveBufferSize must be between 1 and 2147483647, was 0");
        m.rejects(b + "receiveBufferSize(int)", "negative", () -> UdpReceiver.builder().receiveBufferSize(-1),
                IllegalArgumentException.class, "receiveBufferSize must be between 1 and 2147483647, was -1");
        m.holds(b + "reuseAddress(boolean)", "two receivers with reuseAddress share nothing they should not", () -> {
            try (UdpReceiver r = UdpReceiver.builder().reuseAddress(true).onDatagram(d -> { }).start()) {
                assertThat(r.isOpen()).isTrue();
            }
        });
        m.rejects(b + "reusePort(int)", "zero", () -> UdpReceiver.builder().reusePort(0),
                IllegalArgumentException.class, "sockets must be between 1 and 64, was 0");
        m.rejects(b + "reusePort(int)", "too many", () -> UdpReceiver.builder().reusePort(65),
                IllegalArgumentException.class, "sockets must be between 1 and 64, was 65");
        m.holds(b + "reusePort(int)", "4 sockets on one port", () -> {
            try (UdpReceiver r = UdpReceiver.builder().reusePort(4).onDatagram(d -> { }).start()) {
                assertThat(r.sockets()).isEqualTo(4);
            }
        });
        m.rejects(b + "acceptFrom(InetAddress[])", "null array",
                () -> UdpReceiver.builder().acceptFrom((InetAddress[]) null),
                NullPointerException.class, "addresses must not be null");
        m.rejects(b + "acceptFrom(InetAddress[])", "empty", () -> UdpReceiver.builder().acceptFrom(new InetAddress[0]),
                IllegalArgumentException.class, "addresses must name at least one address, was empty");
        m.rejects(b + "acceptFrom(InetAddress[])", "a null element",
                () -> UdpReceiver.builder().acceptFrom(ip("127.0.0.1"), null),
                NullPointerException.class, "addresses[1] must not be null");
        m.holds(b + "acceptFrom(InetAddress[])", "a foreign sender is filtered and counted", () -> {
            try (UdpReceiver r = UdpReceiver.builder().acceptFrom(ip("127.0.0.2")).onDatagram(d -> { }).start();
                 UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                s.send("x");
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> r.stats().filtered() == 1);
                assertThat(r.stats().delivered()).isZero();
            }
        });
        m.rejects(b + "acceptFromSubnet(String)", "null", () -> UdpReceiver.builder().acceptFromSubnet(null),
                NullPointerException.class, "cidr must not be null");
        m.rejectsNaming(b + "acceptFromSubnet(String)", "no prefix", () -> UdpReceiver.builder()
                .acceptFromSubnet("127.0.0.1"), IllegalArgumentException.class, "cidr", "was '127.0.0.1'");
        m.rejectsNaming(b + "acceptFromSubnet(String)", "prefix too long for IPv4", () -> UdpReceiver.builder()
                .acceptFromSubnet("127.0.0.0/33"), IllegalArgumentException.class, "cidr", "was '127.0.0.0/33'");
        m.rejectsNaming(b + "acceptFromSubnet(String)", "negative prefix", () -> UdpReceiver.builder()
                .acceptFromSubnet("127.0.0.0/-1"), IllegalArgumentException.class, "cidr", "was '127.0.0.0/-1'");
        m.rejectsNaming(b + "acceptFromSubnet(String)", "a host name, not a literal", () -> UdpReceiver.builder()
                .acceptFromSubnet("localhost/8"), IllegalArgumentException.class, "cidr", "was 'localhost/8'");
        m.rejects(b + "acceptFrom(Predicate)", "null",
                () -> UdpReceiver.builder().acceptFrom((Predicate<InetSocketAddress>) null),
                NullPointerException.class, "predicate must not be null");
        m.holds(b + "acceptFrom(Predicate)", "a predicate that throws: dropped as filtered and reported", () -> {
            BlockingQueue<UdpException> errors = new ArrayBlockingQueue<>(1);
            try (UdpReceiver r = UdpReceiver.builder().acceptFrom(a -> {
                throw new IllegalStateException("predicate failed");
            }).onError(errors::add).onDatagram(d -> { }).start();
                 UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                s.send("x");
                UdpException e = errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(e).isExactlyInstanceOf(UdpListenerException.class);
                assertThat(e).hasMessage("acceptFrom threw for the datagram from " + s.localAddress()
                        + "; it was dropped and counted as filtered: java.lang.IllegalStateException: predicate "
                        + "failed");
                // reported before it is counted: wait for the count
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> r.stats().filtered() == 1);
                assertThat(r.stats().delivered()).isZero();
            }
        });
        m.rejects(b + "connect(InetSocketAddress)", "null", () -> UdpReceiver.builder().connect(null),
                NullPointerException.class, "peer must not be null");
        m.rejects(b + "connect(InetSocketAddress)", "unresolved", () -> UdpReceiver.builder().connect(UNRESOLVED),
                IllegalArgumentException.class, "peer must be a resolved address, was " + UNRESOLVED);
        m.rejects(b + "connect(InetSocketAddress)", "port 0",
                () -> UdpReceiver.builder().connect(new InetSocketAddress(ip("127.0.0.1"), 0)),
                IllegalArgumentException.class, "peer port must be between 1 and 65535, was 0");
        m.rejects(b + "joinGroup(String,String)", "null group", () -> UdpReceiver.builder().joinGroup(null, "lo"),
                NullPointerException.class, "group must not be null");
        m.rejects(b + "joinGroup(String,String)", "not a multicast address",
                () -> UdpReceiver.builder().joinGroup("127.0.0.1", "lo"), IllegalArgumentException.class,
                "group must be a multicast address (224.0.0.0/4 or ff00::/8), was 127.0.0.1");
        m.rejects(b + "joinGroup(String,String)", "null interface",
                () -> UdpReceiver.builder().joinGroup("239.1.2.3", null),
                NullPointerException.class, "networkInterface must not be null");
        m.rejectsNaming(b + "joinGroup(String,String)", "no such interface",
                () -> UdpReceiver.builder().joinGroup("239.1.2.3", "nosuch0"), IllegalArgumentException.class,
                "networkInterface", "'nosuch0'");
        m.rejects(b + "joinGroup(InetAddress,NetworkInterface)", "null group",
                () -> UdpReceiver.builder().joinGroup(null, loopbackInterface()),
                NullPointerException.class, "group must not be null");
        m.rejects(b + "joinGroup(InetAddress,NetworkInterface)", "null interface",
                () -> UdpReceiver.builder().joinGroup(ip("239.1.2.3"), null),
                NullPointerException.class, "networkInterface must not be null");
        m.rejectsNaming(b + "joinGroup(InetAddress,NetworkInterface)", "an interface without multicast (lo)",
                () -> UdpReceiver.builder().joinGroup(ip("239.1.2.3"), loopbackInterface()),
                IllegalArgumentException.class, "networkInterface", "lo");
        m.rejects(b + "joinGroup(InetAddress,NetworkInterface,InetAddress)", "null source",
                () -> UdpReceiver.builder().joinGroup(ip("232.1.2.3"), loopbackInterface(), null),
                NullPointerException.class, "source must not be null");
        m.holds(b + "start()", "a group without an explicit bind; a group with reusePort(2); nothing is joined",
                () -> {
                    UdpReceiver.Builder unbound = UdpReceiver.builder().joinGroup(ip("239.1.2.3"),
                            multicastInterface()).onDatagram(d -> { });
                    assertThatThrownBy(unbound::start).isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessage("a multicast receiver must be bound explicitly to the group's port, for "
                                    + "example bind(\"0.0.0.0\", port) or bind(group, port): the default loopback "
                                    + "address receives no multicast");
                    UdpReceiver.Builder spread = UdpReceiver.builder().bind("0.0.0.0", 0).reusePort(2)
                            .joinGroup(ip("239.1.2.3"), multicastInterface()).onDatagram(d -> { });
                    assertThatThrownBy(spread::start).isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessage("joinGroup cannot be combined with reusePort(2): the kernel would hand each "
                                    + "group datagram to one socket only; use reusePort(1)");
                    UdpReceiver.Builder family = UdpReceiver.builder().bind("127.0.0.1", 0)
                            .joinGroup(ip("ff12::1234"), multicastInterface()).onDatagram(d -> { });
                    assertThatThrownBy(family::start).isExactlyInstanceOf(IllegalArgumentException.class)
                            .hasMessageContainingAll("ff12:0:0:0:0:0:0:1234", "IPv4");
                });
        m.holds(b + "start()", "called twice on one builder: two independent receivers", () -> {
            UdpReceiver.Builder builder = UdpReceiver.builder().onDatagram(d -> { });
            try (UdpReceiver one = builder.start(); UdpReceiver two = builder.start()) {
                assertThat(one.localAddress()).isNotEqualTo(two.localAddress());
            }
        });
    }

    private static void receiver(Matrix m) {
        String r = "UdpReceiver#";
        m.holds(r + "localAddress()", "after close: still the bound address", () -> {
            UdpReceiver rec = receiver();
            InetSocketAddress before = rec.localAddress();
            rec.close();
            assertThat(rec.localAddress()).isEqualTo(before);
        });
        m.holds(r + "maxDatagramSize()", "what the builder set", () -> {
            try (UdpReceiver rec = UdpReceiver.builder().maxDatagramSize(1).onDatagram(d -> { }).start()) {
                assertThat(rec.maxDatagramSize()).isEqualTo(1);
            }
        });
        m.holds(r + "receiveBufferSize()", "read back: the size asked for, or rmem_max when clamped", () -> {
            try (UdpReceiver rec = UdpReceiver.builder().receiveBufferSize(65_536).onDatagram(d -> { }).start()) {
                assertThat(rec.receiveBufferSize()).isEqualTo(65_536); // the JDK halves Linux's doubled figure
            }
            try (LogCapture log = new LogCapture("io.github.udpkit");
                 UdpReceiver rec = UdpReceiver.builder().receiveBufferSize(Integer.MAX_VALUE).onDatagram(d -> { })
                         .start()) {
                assertThat(rec.receiveBufferSize()).isPositive().isLessThan(Integer.MAX_VALUE);
                assertThat(log.messages()).contains("WARNING receiveBufferSize 2147483647 was clamped by the "
                        + "operating system to " + rec.receiveBufferSize() + " bytes; on Linux raise "
                        + "net.core.rmem_max (sysctl -w net.core.rmem_max=2147483647) to get the size asked for");
            }
        });
        m.holds(r + "sockets()", "1 by default", () -> {
            try (UdpReceiver rec = receiver()) {
                assertThat(rec.sockets()).isEqualTo(1);
            }
        });
        m.holds(r + "stats()", "from inside a listener and after close", () -> {
            AtomicReference<ReceiverStats> inside = new AtomicReference<>();
            UdpReceiver[] self = new UdpReceiver[1];
            BlockingQueue<Boolean> done = new ArrayBlockingQueue<>(1);
            try (UdpReceiver rec = UdpReceiver.builder().onDatagram(d -> {
                inside.set(self[0].stats());
                done.add(true);
            }).start();
                 UdpSender s = UdpSender.builder().target(rec.localAddress()).build()) {
                self[0] = rec;
                s.send("x");
                assertThat(done.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                assertThat(inside.get().received()).isEqualTo(1);
                assertThat(inside.get().inFlight()).isEqualTo(1);
                self[0].close(); // the resource is closed again by try-with-resources: close() is idempotent
                assertThat(rec.stats().delivered()).isEqualTo(1);
                assertThat(rec.stats().kernelDrops()).isEmpty();
            }
        });
        m.holds(r + "isOpen()", "true while running, false after close", () -> {
            UdpReceiver rec = receiver();
            assertThat(rec.isOpen()).isTrue();
            rec.close();
            assertThat(rec.isOpen()).isFalse();
        });
        m.holds(r + "joinGroup(InetAddress,NetworkInterface)", "closed receiver", () -> {
            UdpReceiver rec = closedReceiver();
            assertThatThrownBy(() -> rec.joinGroup(ip("239.1.2.3"), loopbackInterface()))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("receiver on " + rec.localAddress() + " is closed; cannot join a group");
        });
        m.holds(r + "joinGroup(InetAddress,NetworkInterface)", "wrong address family: an IPv6 group on an IPv4 "
                + "receiver", () -> {
                    try (UdpReceiver rec = receiver()) {
                        assertThatThrownBy(() -> rec.joinGroup(ip("ff12::1234"), multicastInterface()))
                                .isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessageContainingAll("ff12:0:0:0:0:0:0:1234", "IPv4");
                    }
                });
        m.holds(r + "joinGroup(InetAddress,NetworkInterface,InetAddress)", "source of the other family", () -> {
            try (UdpReceiver rec = receiver()) {
                assertThatThrownBy(() -> rec.joinGroup(ip("232.1.2.3"), multicastInterface(), ip("::1")))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("source must be of the group's family (IPv4), was 0:0:0:0:0:0:0:1");
            }
        });
        m.holds(r + "leaveGroup(InetAddress,NetworkInterface)", "null arguments, and a group never joined", () -> {
            try (UdpReceiver rec = receiver()) {
                assertThatThrownBy(() -> rec.leaveGroup(null, loopbackInterface()))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("group must not be null");
                assertThatThrownBy(() -> rec.leaveGroup(ip("239.1.2.3"), null))
                        .isExactlyInstanceOf(NullPointerException.class)
                        .hasMessage("networkInterface must not be null");
                assertThatCode(() -> rec.leaveGroup(ip("239.1.2.3"), loopbackInterface())).doesNotThrowAnyException();
            }
        });
        m.holds(r + "sendTo(InetSocketAddress,byte[])", "null target, null payload, unresolved, closed", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                UdpReceiver rec = receiver();
                assertThatThrownBy(() -> rec.sendTo(null, new byte[1]))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("target must not be null");
                assertThatThrownBy(() -> rec.sendTo(peer.address(), (byte[]) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                assertThatThrownBy(() -> rec.sendTo(UNRESOLVED, new byte[1]))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("target must be a resolved address, was " + UNRESOLVED);
                rec.close();
                assertThatThrownBy(() -> rec.sendTo(peer.address(), new byte[1]))
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("receiver on " + rec.localAddress() + " is closed; cannot send to "
                                + peer.address());
            }
        });
        m.holds(r + "sendTo(InetSocketAddress,byte[])", "over the IPv4 maximum: nothing sent", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpReceiver rec = receiver()) {
                assertThatThrownBy(() -> rec.sendTo(peer.address(), new byte[65_508]))
                        .isExactlyInstanceOf(DatagramTooLargeException.class)
                        .hasMessage("payload of 65508 bytes exceeds the IPv4 UDP maximum of 65507 bytes for IPv4 "
                                + "target " + peer.address() + "; nothing was sent");
                peer.expectNothing(Duration.ofMillis(200));
            }
        });
        m.holds(r + "sendTo(InetSocketAddress,byte[])", "wrong address family: IPv6 target from an IPv4 socket",
                () -> {
                    try (UdpPeer peer6 = UdpPeer.builder().ipv6().start(); UdpReceiver rec = receiver()) {
                        assertThatThrownBy(() -> rec.sendTo(peer6.address(), new byte[1]))
                                .isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessage("target " + peer6.address() + " is an IPv6 address, but the socket is "
                                        + "bound to the IPv4 address " + rec.localAddress() + " and can reach IPv4 "
                                        + "addresses only; bind an IPv6 address, or :: for both families");
                    }
                });
        m.holds("UdpSender#sendTo(InetSocketAddress,String)", "wrong address family: IPv6 target from a sender "
                + "bound to IPv4", () -> {
                    try (UdpPeer peer6 = UdpPeer.builder().ipv6().start();
                         UdpSender sender = UdpSender.builder().bind("127.0.0.1", 0).build()) {
                        assertThatThrownBy(() -> sender.sendTo(peer6.address(), "x"))
                                .isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessage("to " + peer6.address() + " is an IPv6 address, but the socket is "
                                        + "bound to the IPv4 address " + sender.localAddress() + " and can reach "
                                        + "IPv4 addresses only; bind an IPv6 address, or :: for both families");
                    }
                });
        m.holds(r + "sendTo(InetSocketAddress,String)", "null text; valid text arrives", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpReceiver rec = receiver()) {
                assertThatThrownBy(() -> rec.sendTo(peer.address(), (String) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("text must not be null");
                rec.sendTo(peer.address(), "héllo");
                assertThat(peer.take(WAIT).text()).isEqualTo("héllo");
            }
        });
        m.holds(r + "sendTo(InetSocketAddress,ByteBuffer)", "null buffer; an empty buffer sends 0 bytes", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpReceiver rec = receiver()) {
                assertThatThrownBy(() -> rec.sendTo(peer.address(), (ByteBuffer) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                rec.sendTo(peer.address(), ByteBuffer.allocate(0));
                assertThat(peer.take(WAIT).length()).isZero();
            }
        });
        m.holds(r + "reply(Datagram,byte[])", "null request; a reply from inside the listener", () -> {
            try (UdpReceiver rec = receiver()) {
                assertThatThrownBy(() -> rec.reply(null, new byte[1]))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("request must not be null");
            }
            UdpReceiver[] self = new UdpReceiver[1];
            try (UdpReceiver rec = UdpReceiver.builder().onDatagram(d -> self[0].reply(d, d.payload())).start();
                 UdpSender s = UdpSender.builder().target(rec.localAddress()).build()) {
                self[0] = rec;
                s.send("ping");
                assertThat(s.receive(WAIT).orElseThrow().text()).isEqualTo("ping");
            }
        });
        m.holds(r + "close()", "twice, and from inside the listener: prompt, no thread left", () -> {
            UdpReceiver[] self = new UdpReceiver[1];
            BlockingQueue<Boolean> closed = new ArrayBlockingQueue<>(1);
            UdpReceiver rec = UdpReceiver.builder().onDatagram(d -> {
                self[0].close();
                closed.add(!self[0].isOpen());
            }).start();
            self[0] = rec;
            try (UdpSender s = UdpSender.builder().target(rec.localAddress()).build()) {
                s.send("close yourself");
                assertThat(closed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            }
            long start = System.nanoTime();
            rec.close();
            rec.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> Resources.udpkitThreads().stream()
                    .noneMatch(n -> n.equals("udpkit-receiver-" + rec.localAddress())));
        });
    }

    static NetworkInterface multicastInterface() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && i.supportsMulticast() && !i.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new org.opentest4j.TestAbortedException("no multicast interface"));
    }

    private static void sender(Matrix m) {
        String b = "UdpSender.Builder#";
        String s = "UdpSender#";
        m.holds("UdpSender#builder()", "a new builder each call; without target, send() refuses", () -> {
            assertThat(UdpSender.builder()).isNotSameAs(UdpSender.builder());
            try (UdpSender sender = UdpSender.builder().build()) {
                assertThat(sender.target()).isEmpty();
                assertThatThrownBy(() -> sender.send("x")).isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("sender has no target; set target(...) on the builder or use sendTo(...)");
            }
        });
        m.rejects(b + "target(String,int)", "null host", () -> UdpSender.builder().target(null, 1),
                NullPointerException.class, "host must not be null");
        m.rejects(b + "target(String,int)", "blank host", () -> UdpSender.builder().target("", 1),
                IllegalArgumentException.class, "host must not be blank, was ''");
        m.rejects(b + "target(String,int)", "unresolvable host", () -> UdpSender.builder().target(NO_SUCH_HOST, 1),
                IllegalArgumentException.class, "host cannot be resolved, was '" + NO_SUCH_HOST + "'");
        m.rejects(b + "target(String,int)", "port 0", () -> UdpSender.builder().target("127.0.0.1", 0),
                IllegalArgumentException.class, "port must be between 1 and 65535, was 0");
        m.rejects(b + "target(String,int)", "port out of range", () -> UdpSender.builder().target("127.0.0.1", 65_536),
                IllegalArgumentException.class, "port must be between 1 and 65535, was 65536");
        m.rejects(b + "target(InetSocketAddress)", "null", () -> UdpSender.builder().target(null),
                NullPointerException.class, "target must not be null");
        m.rejects(b + "target(InetSocketAddress)", "unresolved", () -> UdpSender.builder().target(UNRESOLVED),
                IllegalArgumentException.class, "target must be a resolved address, was " + UNRESOLVED);
        m.rejects(b + "target(InetSocketAddress)", "port 0",
                () -> UdpSender.builder().target(new InetSocketAddress(ip("127.0.0.1"), 0)),
                IllegalArgumentException.class, "target port must be between 1 and 65535, was 0");
        m.rejects(b + "bind(String,int)", "null host", () -> UdpSender.builder().bind(null, 0),
                NullPointerException.class, "host must not be null");
        m.rejects(b + "bind(String,int)", "unresolvable host", () -> UdpSender.builder().bind(NO_SUCH_HOST, 0),
                IllegalArgumentException.class, "host cannot be resolved, was '" + NO_SUCH_HOST + "'");
        m.rejects(b + "bind(String,int)", "negative port", () -> UdpSender.builder().bind("127.0.0.1", -1),
                IllegalArgumentException.class, "port must be between 0 and 65535, was -1");
        m.rejects(b + "bind(InetSocketAddress)", "null", () -> UdpSender.builder().bind(null),
                NullPointerException.class, "address must not be null");
        m.rejects(b + "bind(InetSocketAddress)", "unresolved", () -> UdpSender.builder().bind(UNRESOLVED),
                IllegalArgumentException.class, "address must be a resolved address, was " + UNRESOLVED);
        m.holds(b + "bind(InetSocketAddress)", "wrong address family: bound IPv6, target IPv4", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                UdpSender.Builder builder = UdpSender.builder().bind(new InetSocketAddress(ip("::1"), 0))
                        .target(peer.address());
                assertThatThrownBy(builder::build).isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("target " + peer.address() + " is an IPv4 address, but the socket is bound to the "
                                + "IPv6 address " + new InetSocketAddress(ip("::1"), 0) + " and can reach IPv6 "
                                + "addresses only; bind an IPv4 address, or :: for both families");
            }
        });
        m.holds(b + "connected(boolean)", "false: sendTo other targets and empty datagrams work", () -> {
            try (UdpPeer a = UdpPeer.start(); UdpPeer other = UdpPeer.start();
                 UdpSender sender = UdpSender.builder().target(a.address()).connected(false).build()) {
                assertThat(sender.isConnected()).isFalse();
                sender.sendTo(other.address(), new byte[0]);
                assertThat(other.take(WAIT).length()).isZero();
            }
        });
        m.rejects(b + "maxDatagramSize(int)", "zero", () -> UdpSender.builder().maxDatagramSize(0),
                IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was 0");
        m.rejects(b + "maxDatagramSize(int)", "over the UDP maximum", () -> UdpSender.builder().maxDatagramSize(65_528),
                IllegalArgumentException.class, "maxDatagramSize must be between 1 and 65527, was 65528");
        m.rejects(b + "charset(Charset)", "null", () -> UdpSender.builder().charset(null),
                NullPointerException.class, "charset must not be null");
        m.holds(b + "charset(Charset)", "ISO-8859-1 encodes one byte per character", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder().target(peer.address())
                    .charset(StandardCharsets.ISO_8859_1).build()) {
                sender.send("é");
                assertThat(peer.take(WAIT).payload()).containsExactly(0xE9);
            }
        });
        m.holds(b + "broadcast(boolean)", "off: a broadcast target is refused naming the option", () -> {
            UdpSender.Builder builder = UdpSender.builder().target("255.255.255.255", 4000);
            assertThatThrownBy(builder::build).isExactlyInstanceOf(UdpException.class)
                    .hasMessage("cannot send to the broadcast address /255.255.255.255:4000: broadcast is off; "
                            + "build the sender with broadcast(true) to send broadcasts");
            try (UdpSender on = UdpSender.builder().broadcast(true).build()) {
                assertThat(on.isOpen()).isTrue();
            }
        });
        m.rejects(b + "trafficClass(int)", "negative", () -> UdpSender.builder().trafficClass(-1),
                IllegalArgumentException.class, "trafficClass must be between 0 and 255, was -1");
        m.rejects(b + "trafficClass(int)", "over a byte", () -> UdpSender.builder().trafficClass(256),
                IllegalArgumentException.class, "trafficClass must be between 0 and 255, was 256");
        m.rejects(b + "multicastInterface(NetworkInterface)", "null",
                () -> UdpSender.builder().multicastInterface((NetworkInterface) null),
                NullPointerException.class, "networkInterface must not be null");
        m.rejects(b + "multicastInterface(String)", "null",
                () -> UdpSender.builder().multicastInterface((String) null),
                NullPointerException.class, "networkInterface must not be null");
        m.rejectsNaming(b + "multicastInterface(String)", "no such interface",
                () -> UdpSender.builder().multicastInterface("nosuch0"), IllegalArgumentException.class,
                "networkInterface", "'nosuch0'");
        m.rejects(b + "multicastTtl(int)", "negative", () -> UdpSender.builder().multicastTtl(-1),
                IllegalArgumentException.class, "ttl must be between 0 and 255, was -1");
        m.rejects(b + "multicastTtl(int)", "too large", () -> UdpSender.builder().multicastTtl(256),
                IllegalArgumentException.class, "ttl must be between 0 and 255, was 256");
        m.holds(b + "multicastLoopback(boolean)", "accepted and applied at build", () -> {
            try (UdpSender sender = UdpSender.builder().multicastLoopback(false).build()) {
                assertThat(sender.isOpen()).isTrue();
            }
        });
        m.rejects(b + "sendBufferSize(int)", "zero", () -> UdpSender.builder().sendBufferSize(0),
                IllegalArgumentException.class, "sendBufferSize must be between 1 and 2147483647, was 0");
        m.holds(b + "dontFragment(boolean)", "on JDK 17 and 18: build() says it needs JDK 19", () -> {
            UdpSender.Builder builder = UdpSender.builder().dontFragment(true);
            if (Runtime.version().feature() < 19) {
                assertThatThrownBy(builder::build).isExactlyInstanceOf(UnsupportedOperationException.class)
                        .hasMessageStartingWith("dontFragment needs JDK 19 or later");
            } else {
                try (UdpSender sender = builder.build()) {
                    assertThat(sender.isOpen()).isTrue();
                }
            }
        });
        m.holds(b + "build()", "called twice on one builder: two independent sockets", () -> {
            UdpSender.Builder builder = UdpSender.builder();
            try (UdpSender one = builder.build(); UdpSender two = builder.build()) {
                assertThat(one.localAddress()).isNotEqualTo(two.localAddress());
            }
        });
        m.holds(s + "send(String)", "null; closed", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                UdpSender sender = UdpSender.builder().target(peer.address()).build();
                assertThatThrownBy(() -> sender.send((String) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("text must not be null");
                sender.close();
                assertThatThrownBy(() -> sender.send("x")).isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("sender is closed; cannot send to " + peer.address());
            }
        });
        m.holds(s + "send(byte[])", "null; empty on a connected NIO sender; over its own limit", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder()
                    .engine(io.github.udpkit.UdpEngine.NIO).target(peer.address()).maxDatagramSize(10).build()) {
                assertThatThrownBy(() -> sender.send((byte[]) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                assertThatThrownBy(() -> sender.send(new byte[0])).isExactlyInstanceOf(UdpException.class)
                        .hasMessageStartingWith("cannot send an empty datagram to " + peer.address());
                assertThatThrownBy(() -> sender.send(new byte[11]))
                        .isExactlyInstanceOf(DatagramTooLargeException.class)
                        .hasMessage("payload of 11 bytes exceeds this sender's maxDatagramSize of 10 bytes for IPv4 "
                                + "target " + peer.address() + "; nothing was sent");
                peer.expectNothing(Duration.ofMillis(200));
            }
        });
        m.holds(s + "send(byte[],int,int)", "negative offset, negative length, slice past the end", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder().target(peer.address())
                    .build()) {
                assertThatThrownBy(() -> sender.send(null, 0, 0))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                assertThatThrownBy(() -> sender.send(new byte[4], -1, 2))
                        .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessage("offset -1 and length 2 do not fit payload of length 4");
                assertThatThrownBy(() -> sender.send(new byte[4], 0, -2))
                        .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessage("offset 0 and length -2 do not fit payload of length 4");
                assertThatThrownBy(() -> sender.send(new byte[4], 3, 2))
                        .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessage("offset 3 and length 2 do not fit payload of length 4");
                sender.send(new byte[] {1, 2, 3, 4}, 1, 2);
                assertThat(peer.take(WAIT).payload()).containsExactly(2, 3);
            }
        });
        m.holds(s + "send(ByteBuffer)", "null; over the IPv6 maximum to an IPv6 target", () -> {
            try (UdpPeer peer6 = UdpPeer.builder().ipv6().start();
                 UdpSender sender = UdpSender.builder().target(peer6.address()).build()) {
                assertThatThrownBy(() -> sender.send((ByteBuffer) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                assertThatThrownBy(() -> sender.send(ByteBuffer.allocate(65_528)))
                        .isExactlyInstanceOf(DatagramTooLargeException.class)
                        .hasMessage("payload of 65528 bytes exceeds the IPv6 UDP maximum of 65527 bytes for IPv6 "
                                + "target " + peer6.address() + "; nothing was sent");
            }
        });
        m.holds(s + "sendTo(InetSocketAddress,String)", "null text; null target", () -> {
            try (UdpSender sender = UdpSender.builder().build(); UdpPeer peer = UdpPeer.start()) {
                assertThatThrownBy(() -> sender.sendTo(peer.address(), (String) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("text must not be null");
                assertThatThrownBy(() -> sender.sendTo(null, "x"))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("to must not be null");
            }
        });
        m.holds(s + "sendTo(InetSocketAddress,byte[])", "unresolved; a connected sender to another target", () -> {
            try (UdpPeer a = UdpPeer.start(); UdpPeer b2 = UdpPeer.start();
                 UdpSender sender = UdpSender.builder().target(a.address()).build()) {
                assertThatThrownBy(() -> sender.sendTo(UNRESOLVED, new byte[1]))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("to must be a resolved address, was " + UNRESOLVED);
                assertThatThrownBy(() -> sender.sendTo(b2.address(), new byte[1]))
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("sender is connected to " + a.address() + " and cannot send to " + b2.address()
                                + "; build it with connected(false) to send to many targets");
            }
        });
        m.holds(s + "sendTo(InetSocketAddress,ByteBuffer)", "null payload; closed", () -> {
            try (UdpPeer peer = UdpPeer.start()) {
                UdpSender sender = UdpSender.builder().build();
                assertThatThrownBy(() -> sender.sendTo(peer.address(), (ByteBuffer) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                sender.close();
                assertThatThrownBy(() -> sender.sendTo(peer.address(), ByteBuffer.allocate(1)))
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("sender is closed; cannot send to " + peer.address());
            }
        });
        m.holds(s + "receive(Duration)", "null, zero, negative; nothing arrives; closed", () -> {
            UdpSender sender = UdpSender.builder().build();
            assertThatThrownBy(() -> sender.receive(null)).isExactlyInstanceOf(NullPointerException.class)
                    .hasMessage("timeout must not be null");
            assertThatThrownBy(() -> sender.receive(Duration.ZERO))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must be positive, was PT0S");
            assertThatThrownBy(() -> sender.receive(Duration.ofMillis(-1)))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must be positive, was PT-0.001S");
            assertThat(sender.receive(Duration.ofMillis(50))).isEmpty();
            sender.close();
            assertThatThrownBy(() -> sender.receive(Duration.ofMillis(50)))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("sender is closed; cannot receive on " + sender.localAddress());
        });
        m.holds(s + "receive(Duration)", "port unreachable on a connected sender: typed, and the sender stays open",
                () -> {
                    InetSocketAddress gone;
                    try (UdpPeer peer = UdpPeer.start()) {
                        gone = peer.address();
                    }
                    try (UdpSender sender = UdpSender.builder().target(gone).build()) {
                        sender.send("anyone?");
                        assertThatThrownBy(() -> sender.receive(WAIT))
                                .isExactlyInstanceOf(UdpPortUnreachableException.class)
                                .hasMessage("port unreachable: " + gone + " refused an earlier datagram (nothing "
                                        + "listens there); the sender is still open");
                        assertThat(sender.isOpen()).isTrue();
                    }
                });
        m.holds(s + "localAddress()", "bound, and kept after close", () -> {
            UdpSender sender = UdpSender.builder().bind("127.0.0.1", 0).build();
            InetSocketAddress local = sender.localAddress();
            assertThat(local.getAddress()).isEqualTo(ip("127.0.0.1"));
            sender.close();
            assertThat(sender.localAddress()).isEqualTo(local);
        });
        m.holds(s + "target()", "the builder's target", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender sender = UdpSender.builder().target(peer.address())
                    .build()) {
                assertThat(sender.target()).contains(peer.address());
            }
        });
        m.holds(s + "sendBufferSize()", "read back: the size asked for", () -> {
            try (UdpSender sender = UdpSender.builder().sendBufferSize(65_536).build()) {
                assertThat(sender.sendBufferSize()).isEqualTo(65_536);
            }
        });
        m.holds(s + "isConnected()", "true by default with a target, false without", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender one = UdpSender.builder().target(peer.address()).build();
                 UdpSender two = UdpSender.builder().build()) {
                assertThat(one.isConnected()).isTrue();
                assertThat(two.isConnected()).isFalse();
            }
        });
        m.holds(s + "isOpen()", "false after close", () -> {
            UdpSender sender = UdpSender.builder().build();
            assertThat(sender.isOpen()).isTrue();
            sender.close();
            assertThat(sender.isOpen()).isFalse();
        });
        m.holds(s + "close()", "twice; a receive blocked on another thread ends with IllegalStateException", () -> {
            UdpSender sender = UdpSender.builder().build();
            BlockingQueue<Throwable> outcome = new ArrayBlockingQueue<>(1);
            Thread waiter = new Thread(() -> {
                try {
                    sender.receive(Duration.ofSeconds(30));
                    outcome.add(new AssertionError("receive returned"));
                } catch (RuntimeException e) {
                    outcome.add(e);
                }
            }, "matrix-receive-waiter");
            waiter.start();
            org.awaitility.Awaitility.await().atMost(WAIT)
                    .until(() -> waiter.getState() == Thread.State.RUNNABLE || waiter.getState() == Thread.State.WAITING
                            || waiter.getState() == Thread.State.TIMED_WAITING);
            sender.close();
            sender.close();
            Throwable t = outcome.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(t).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("sender is closed; cannot receive on " + sender.localAddress());
        });
    }

    /**
     * One receiver run with one datagram of each outcome the loop decides alone (delivered, truncated, filtered,
     * listener failure); rejected and overflowed are proven by the executor rows and UdpReceiverTest.
     */
    private static ReceiverStats statsOfOneOfEach() throws Exception {
        BlockingQueue<String> outcomes = new ArrayBlockingQueue<>(8);
        try (UdpSender blocked = UdpSender.builder().target("127.0.0.1", 9).connected(false).build();
             UdpReceiver r = UdpReceiver.builder().maxDatagramSize(4)
                     .acceptFrom(a -> a.getPort() != blocked.localAddress().getPort())
                     .onDatagram(d -> {
                         outcomes.add(d.text());
                         if (d.text().equals("boom")) {
                             throw new IllegalStateException("boom");
                         }
                     })
                     .onTruncated(d -> outcomes.add("cut"))
                     .onError(e -> { })
                     .start();
             UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
            blocked.sendTo(r.localAddress(), "no");
            s.send("ok");
            s.send("toolong");
            s.send("boom");
            for (int i = 0; i < 3; i++) {
                assertThat(outcomes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
            }
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> r.stats().received() == 4
                    && r.stats().inFlight() == 0);
            return r.stats();
        }
    }

    private static void statsRows(Matrix m) {
        String st = "ReceiverStats#";
        m.holds(st + "received()", "one of each outcome: 4", () -> assertThat(statsOfOneOfEach().received())
                .isEqualTo(4));
        m.holds(st + "bytes()", "2 + 4 kept of 7 + 4 + 2 filtered", () -> assertThat(statsOfOneOfEach().bytes())
                .isEqualTo(12));
        m.holds(st + "delivered()", "one", () -> assertThat(statsOfOneOfEach().delivered()).isEqualTo(1));
        m.holds(st + "truncated()", "one", () -> assertThat(statsOfOneOfEach().truncated()).isEqualTo(1));
        m.holds(st + "filtered()", "one", () -> assertThat(statsOfOneOfEach().filtered()).isEqualTo(1));
        m.holds(st + "listenerFailures()", "one", () -> assertThat(statsOfOneOfEach().listenerFailures())
                .isEqualTo(1));
        m.holds(st + "rejected()", "none without an executor", () -> assertThat(statsOfOneOfEach().rejected())
                .isZero());
        m.holds(st + "overflowed()", "none without an executor", () -> assertThat(statsOfOneOfEach().overflowed())
                .isZero());
        m.holds(st + "receiveErrors()", "none on loopback", () -> assertThat(statsOfOneOfEach().receiveErrors())
                .isZero());
        m.holds(st + "kernelDrops()", "0 on Linux, for this receiver's socket only", () -> assertThat(
                statsOfOneOfEach().kernelDrops()).isEqualTo(java.nio.file.Files.isReadable(
                java.nio.file.Path.of("/proc/net/udp")) ? OptionalLong.of(0) : OptionalLong.empty()));
        m.holds(st + "inFlight()", "0 once every listener returned", () -> assertThat(statsOfOneOfEach()
                .inFlight()).isZero());
    }

    private static void values(Matrix m) {
        InetSocketAddress from = new InetSocketAddress(ip("127.0.0.1"), 4000);
        m.rejects("Datagram#<init>(InetSocketAddress,byte[],Instant,boolean)", "null sender",
                () -> new Datagram(null, new byte[0], Instant.EPOCH, false),
                NullPointerException.class, "sender must not be null");
        m.rejects("Datagram#<init>(InetSocketAddress,byte[],Instant,boolean)", "null payload",
                () -> new Datagram(from, null, Instant.EPOCH, false),
                NullPointerException.class, "payload must not be null");
        m.rejects("Datagram#<init>(InetSocketAddress,byte[],Instant,boolean)", "null receivedAt",
                () -> new Datagram(from, new byte[0], null, false),
                NullPointerException.class, "receivedAt must not be null");
        m.holds("Datagram#<init>(InetSocketAddress,byte[],Instant,boolean)", "the payload is copied in", () -> {
            byte[] bytes = {1, 2};
            Datagram d = new Datagram(from, bytes, Instant.EPOCH, false);
            bytes[0] = 9;
            assertThat(d.payload()).containsExactly(1, 2);
        });
        m.holds("Datagram#sender()", "as given", () -> assertThat(datagram(from, "x").sender()).isEqualTo(from));
        m.holds("Datagram#payload()", "a copy each call", () -> {
            Datagram d = datagram(from, "ab");
            d.payload()[0] = 'z';
            assertThat(d.payload()).containsExactly('a', 'b');
        });
        m.holds("Datagram#buffer()", "read-only and independent", () -> {
            Datagram d = datagram(from, "ab");
            ByteBuffer one = d.buffer();
            assertThat(one.isReadOnly()).isTrue();
            one.get();
            assertThat(d.buffer().position()).isZero();
            assertThatThrownBy(() -> d.buffer().put((byte) 1))
                    .isExactlyInstanceOf(java.nio.ReadOnlyBufferException.class);
        });
        m.holds("Datagram#length()", "payload length, 0 for empty", () -> {
            assertThat(datagram(from, "").length()).isZero();
            assertThat(datagram(from, "abc").length()).isEqualTo(3);
        });
        m.holds("Datagram#text()", "invalid UTF-8 becomes U+FFFD, never an exception", () -> {
            Datagram d = new Datagram(from, new byte[] {'a', (byte) 0xC3, (byte) 0x28}, Instant.EPOCH, false);
            assertThat(d.text()).isEqualTo("a\uFFFD(");
        });
        m.holds("Datagram#text(Charset)", "null charset", () -> assertThatThrownBy(() -> datagram(from, "x")
                .text((Charset) null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("charset must not be null"));
        m.holds("Datagram#receivedAt()", "as given", () ->
                assertThat(datagram(from, "x").receivedAt()).isEqualTo(Instant.EPOCH));
        m.holds("Datagram#truncated()", "as given", () ->
                assertThat(new Datagram(from, new byte[1], Instant.EPOCH, true).truncated()).isTrue());
        m.holds("DatagramListener#onDatagram(Datagram)", "a listener that throws does not stop the receiver",
                () -> {
                    DatagramListener failing = d -> {
                        throw new IllegalStateException("boom");
                    };
                    BlockingQueue<UdpException> errors = new ArrayBlockingQueue<>(2);
                    try (UdpReceiver r = UdpReceiver.builder().onDatagram(failing).onError(errors::add).start();
                         UdpSender sender = UdpSender.builder().target(r.localAddress()).build()) {
                        sender.send("1");
                        sender.send("2");
                        assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
                        assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
                        assertThat(r.stats().listenerFailures()).isEqualTo(2);
                        assertThat(r.isOpen()).isTrue();
                    }
                });
        m.holds("ErrorListener#onError(UdpException)", "an onError that throws: both are logged, receiving goes on",
                () -> {
                    ErrorListener failing = e -> {
                        throw new IllegalStateException("onError failed");
                    };
                    try (LogCapture log = new LogCapture("io.github.udpkit");
                         UdpReceiver r = UdpReceiver.builder().onDatagram(d -> {
                             throw new IllegalArgumentException("listener failed");
                         }).onError(failing).start();
                         UdpSender sender = UdpSender.builder().target(r.localAddress()).build()) {
                        sender.send("1");
                        sender.send("2");
                        org.awaitility.Awaitility.await().atMost(WAIT)
                                .until(() -> r.stats().listenerFailures() == 2);
                        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> log.messages().size() >= 4);
                        assertThat(log.messages()).contains("WARNING onError threw while handling an error; both "
                                + "follow");
                    }
                });
        statsRows(m);
        m.holds("UdpLimits#maxPayload(InetAddress)", "null; each family", () -> {
            assertThatThrownBy(() -> UdpLimits.maxPayload((InetAddress) null))
                    .isExactlyInstanceOf(NullPointerException.class).hasMessage("address must not be null");
            assertThat(UdpLimits.maxPayload(ip("127.0.0.1"))).isEqualTo(65_507);
            assertThat(UdpLimits.maxPayload(ip("::1"))).isEqualTo(65_527);
        });
        m.holds("UdpLimits#maxPayload(InetSocketAddress)", "null; unresolved counts as IPv4", () -> {
            assertThatThrownBy(() -> UdpLimits.maxPayload((InetSocketAddress) null))
                    .isExactlyInstanceOf(NullPointerException.class).hasMessage("address must not be null");
            assertThat(UdpLimits.maxPayload(UNRESOLVED)).isEqualTo(65_507);
        });
        IOException cause = new IOException("Address already in use");
        m.holds("UdpException#<init>(String)", "message kept", () ->
                assertThat(new UdpException("m")).hasMessage("m").hasNoCause());
        m.holds("UdpException#<init>(String,Throwable)", "message and cause kept", () ->
                assertThat(new UdpException("m", cause)).hasMessage("m").hasCause(cause));
        m.holds("UdpBindException#<init>(InetSocketAddress,Throwable)", "names the address and the cause", () ->
                assertThat(new UdpBindException(from, cause))
                        .hasMessage("cannot bind UDP socket to /127.0.0.1:4000: Address already in use")
                        .hasCause(cause));
        m.holds("UdpBindException#<init>(InetSocketAddress,Throwable)", "null cause", () ->
                assertThat(new UdpBindException(from, null))
                        .hasMessage("cannot bind UDP socket to /127.0.0.1:4000: unknown reason"));
        m.holds("UdpBindException#address()", "as given", () ->
                assertThat(new UdpBindException(from, cause).address()).isEqualTo(from));
        m.holds("DatagramTooLargeException#<init>(int,int,String,InetSocketAddress)", "names size, limit, target",
                () -> assertThat(new DatagramTooLargeException(70_000, 65_507, "the IPv4 UDP maximum", from))
                        .hasMessage("payload of 70000 bytes exceeds the IPv4 UDP maximum of 65507 bytes for IPv4 "
                                + "target /127.0.0.1:4000; nothing was sent"));
        DatagramTooLargeException tooLarge = new DatagramTooLargeException(11, 10, "x", from);
        m.holds("DatagramTooLargeException#size()", "as given", () -> assertThat(tooLarge.size()).isEqualTo(11));
        m.holds("DatagramTooLargeException#limit()", "as given", () -> assertThat(tooLarge.limit()).isEqualTo(10));
        m.holds("DatagramTooLargeException#target()", "as given", () -> assertThat(tooLarge.target()).isEqualTo(from));
        m.holds("UdpListenerException#<init>(String,Throwable)", "message and cause kept", () ->
                assertThat(new UdpListenerException("m", cause)).hasMessage("m").hasCause(cause));
        m.holds("UdpPortUnreachableException#<init>(InetSocketAddress,Throwable)", "names the target", () ->
                assertThat(new UdpPortUnreachableException(from, cause)).hasMessage("port unreachable: "
                        + "/127.0.0.1:4000 refused an earlier datagram (nothing listens there); the sender is still "
                        + "open"));
        m.holds("UdpPortUnreachableException#target()", "as given", () ->
                assertThat(new UdpPortUnreachableException(from, cause).target()).isEqualTo(from));
    }
}
