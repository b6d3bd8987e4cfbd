package io.github.udpkit.reliability;

import static io.github.udpkit.reliability.ApiMatrix.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.BatchSendException;
import io.github.udpkit.Datagram;
import io.github.udpkit.DatagramBatch;
import io.github.udpkit.DatagramTooLargeException;
import io.github.udpkit.UdpEngine;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.UdpPeer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** Rows for the engines and the batch sends of 0.2; they hold on whichever engine runs. */
final class EngineMatrix {
    private EngineMatrix() {
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static void addTo(Matrix m) {
        engines(m);
        batches(m);
        batchFailures(m);
    }

    private static void engines(Matrix m) {
        m.rejects("UdpReceiver.Builder#engine(UdpEngine)", "null", () -> UdpReceiver.builder().engine(null),
                NullPointerException.class, "engine must not be null");
        m.rejects("UdpSender.Builder#engine(UdpEngine)", "null", () -> UdpSender.builder().engine(null),
                NullPointerException.class, "engine must not be null");
        m.holds("UdpReceiver#engine()", "NIO when asked, never AUTO", () -> {
            try (UdpReceiver r = UdpReceiver.builder().engine(UdpEngine.NIO).onDatagram(d -> { }).start();
                 UdpReceiver auto = ApiMatrix.receiver()) {
                assertThat(r.engine()).isEqualTo(UdpEngine.NIO);
                assertThat(auto.engine()).isIn(UdpEngine.NIO, UdpEngine.NATIVE);
            }
        });
        m.holds("UdpSender#engine()", "NIO when asked, never AUTO", () -> {
            try (UdpSender s = UdpSender.builder().engine(UdpEngine.NIO).build();
                 UdpSender auto = UdpSender.builder().build()) {
                assertThat(s.engine()).isEqualTo(UdpEngine.NIO);
                assertThat(auto.engine()).isIn(UdpEngine.NIO, UdpEngine.NATIVE);
            }
        });
        m.rejects("UdpReceiver.Builder#receiveBatch(int)", "zero", () -> UdpReceiver.builder().receiveBatch(0),
                IllegalArgumentException.class, "receiveBatch must be between 1 and 1024, was 0");
        m.holds("UdpReceiver.Builder#receiveBatch(int)", "1 and 1024: datagrams arrive one by one, in order", () -> {
            for (int batch : new int[] {1, 1024}) {
                BlockingQueue<String> got = new ArrayBlockingQueue<>(8);
                try (UdpReceiver r = UdpReceiver.builder().receiveBatch(batch).onDatagram(d -> got.add(d.text()))
                        .start();
                     UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                    for (int i = 0; i < 5; i++) {
                        s.send("d" + i);
                    }
                    for (int i = 0; i < 5; i++) {
                        assertThat(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("d" + i);
                    }
                }
            }
        });
        m.holds("UdpReceiver.Builder#receiveOffload(boolean)", "with engine(NIO): refused; with AUTO: the same "
                + "datagrams", () -> {
                    assertThatThrownBy(() -> UdpReceiver.builder().engine(UdpEngine.NIO).receiveOffload(true)
                            .onDatagram(d -> { }).start()).isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessageStartingWith("receiveOffload(true) needs the native engine (UDP_GRO)");
                    BlockingQueue<String> got = new ArrayBlockingQueue<>(8);
                    try (UdpReceiver r = UdpReceiver.builder().receiveOffload(true)
                            .onDatagram(d -> got.add(d.text())).start();
                         UdpSender s = UdpSender.builder().target(r.localAddress()).build();
                         DatagramBatch batch = s.newBatch(4)) {
                        s.send(batch.add(ascii("aaaa")).add(ascii("bbbb")).add(ascii("cc")));
                        assertThat(List.of(got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                                got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                                got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)))
                                .containsExactly("aaaa", "bbbb", "cc");
                        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> r.stats().received() == 3);
                    }
                });
        m.holds("Datagram#originalLength()", "complete: its length; truncated: the real length or empty (NIO); "
                + "made by hand: the same", () -> {
                    Datagram whole = ApiMatrix.datagram(new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 9), "abc");
                    assertThat(whole.originalLength()).hasValue(3);
                    Datagram cut = new Datagram(new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 9), new byte[2],
                            java.time.Instant.EPOCH, true);
                    assertThat(cut.originalLength()).isEmpty();
                    BlockingQueue<Datagram> got = new ArrayBlockingQueue<>(1);
                    try (UdpReceiver r = UdpReceiver.builder().maxDatagramSize(4).onDatagram(d -> { })
                            .onTruncated(got::add).start();
                         UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                        s.send("0123456789");
                        Datagram d = got.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        assertThat(d.text()).isEqualTo("0123");
                        if (r.engine() == UdpEngine.NATIVE) {
                            assertThat(d.originalLength()).hasValue(10);
                        } else {
                            assertThat(d.originalLength()).isEmpty();
                        }
                    }
                });
    }

    private static void batches(Matrix m) {
        String b = "DatagramBatch#";
        m.holds("UdpSender#newBatch(int)", "0 and 1025 refused; closed sender refused", () -> {
            UdpSender s = UdpSender.builder().build();
            assertThatThrownBy(() -> s.newBatch(0)).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxDatagrams must be between 1 and 1024, was 0");
            assertThatThrownBy(() -> s.newBatch(1025)).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxDatagrams must be between 1 and 1024, was 1025");
            s.close();
            assertThatThrownBy(() -> s.newBatch(4)).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("sender is closed; cannot make a batch");
        });
        m.holds("UdpSender#send(DatagramBatch)", "null, another sender's batch; a batch arrives whole, in order, "
                + "counted once", () -> {
                    try (UdpPeer peer = UdpPeer.start();
                         UdpSender s = UdpSender.builder().target(peer.address()).build();
                         UdpSender other = UdpSender.builder().target(peer.address()).build();
                         DatagramBatch foreign = other.newBatch(2);
                         DatagramBatch batch = s.newBatch(8)) {
                        assertThatThrownBy(() -> s.send((DatagramBatch) null))
                                .isExactlyInstanceOf(NullPointerException.class).hasMessage("batch must not be null");
                        assertThatThrownBy(() -> s.send(foreign)).isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessage("batch was made by another sender or receiver, not the sender; make it "
                                        + "with this one's newBatch(...)");
                        assertThat(s.send(batch)).isZero();
                        for (int i = 0; i < 8; i++) {
                            batch.add(ascii("segment-" + i));
                        }
                        assertThat(s.send(batch)).isEqualTo(8);
                        List<Datagram> got = peer.take(8, WAIT);
                        for (int i = 0; i < 8; i++) {
                            assertThat(got.get(i).text()).isEqualTo("segment-" + i);
                        }
                        assertThat(s.stats().batches()).isEqualTo(1);
                        assertThat(s.stats().segments()).isEqualTo(8);
                        assertThat(s.stats().sent()).isEqualTo(8);
                        assertThat(s.stats().bytes()).isEqualTo(8 * 9);
                        peer.expectNothing(Duration.ofMillis(100));
                    }
                });
        m.holds("UdpReceiver#newBatch(int)", "0 refused; its batches need a target", () -> {
            try (UdpReceiver r = ApiMatrix.receiver(); DatagramBatch batch = r.newBatch(2)) {
                assertThatThrownBy(() -> r.newBatch(0)).isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("maxDatagrams must be between 1 and 1024, was 0");
                assertThatThrownBy(() -> batch.add(new byte[1])).isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("this batch has no default target (its sender has none, or it belongs to a "
                                + "receiver); use add(to, payload)");
            }
        });
        m.holds("UdpReceiver#send(DatagramBatch)", "replies to two senders leave from the receiver's port", () -> {
            try (UdpPeer a = UdpPeer.start(); UdpPeer c = UdpPeer.start(); UdpReceiver r = ApiMatrix.receiver();
                 DatagramBatch batch = r.newBatch(4)) {
                assertThat(r.send(batch.add(a.address(), ascii("to a")).add(c.address(), ascii("to c"))))
                        .isEqualTo(2);
                Datagram toA = a.take(WAIT);
                assertThat(toA.text()).isEqualTo("to a");
                assertThat(toA.sender()).isEqualTo(r.localAddress());
                assertThat(c.take(WAIT).text()).isEqualTo("to c");
            }
        });
        m.holds(b + "add(byte[])", "null; too large for the sender's limit; copied at add", () -> {
            try (UdpPeer peer = UdpPeer.start();
                 UdpSender s = UdpSender.builder().target(peer.address()).maxDatagramSize(8).build();
                 DatagramBatch batch = s.newBatch(2)) {
                assertThatThrownBy(() -> batch.add((byte[]) null)).isExactlyInstanceOf(NullPointerException.class)
                        .hasMessage("payload must not be null");
                assertThatThrownBy(() -> batch.add(new byte[9])).isExactlyInstanceOf(DatagramTooLargeException.class);
                byte[] bytes = ascii("copy");
                batch.add(bytes);
                bytes[0] = 'X';
                s.send(batch);
                assertThat(peer.take(WAIT).text()).isEqualTo("copy");
            }
        });
        m.holds(b + "add(byte[],int,int)", "bad slice; a slice", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build();
                 DatagramBatch batch = s.newBatch(2)) {
                assertThatThrownBy(() -> batch.add(new byte[4], 3, 2))
                        .isExactlyInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessage("offset 3 and length 2 do not fit payload of length 4");
                s.send(batch.add(ascii("0123456"), 2, 3));
                assertThat(peer.take(WAIT).text()).isEqualTo("234");
            }
        });
        m.holds(b + "add(ByteBuffer)", "null; the remaining bytes, position advanced", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build();
                 DatagramBatch batch = s.newBatch(2)) {
                assertThatThrownBy(() -> batch.add((ByteBuffer) null)).isExactlyInstanceOf(NullPointerException.class)
                        .hasMessage("payload must not be null");
                ByteBuffer buffer = ByteBuffer.wrap(ascii("xxpayload")).position(2);
                batch.add(buffer);
                assertThat(buffer.remaining()).isZero();
                s.send(batch);
                assertThat(peer.take(WAIT).text()).isEqualTo("payload");
            }
        });
        m.holds(b + "add(InetSocketAddress,byte[])", "null target, port 0, connected sender to another", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build();
                 DatagramBatch batch = s.newBatch(2)) {
                assertThatThrownBy(() -> batch.add(null, new byte[1])).isExactlyInstanceOf(NullPointerException.class)
                        .hasMessage("to must not be null");
                InetSocketAddress zero = new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 0);
                assertThatThrownBy(() -> batch.add(zero, new byte[1]))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("to port must be between 1 and 65535, was 0 (" + zero + ")");
                InetSocketAddress elsewhere = new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 9);
                assertThatThrownBy(() -> batch.add(elsewhere, new byte[1]))
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("sender is connected to " + peer.address() + " and cannot send to "
                                + elsewhere);
                assertThat(batch.size()).isZero();
            }
        });
        m.holds(b + "add(InetSocketAddress,byte[],int,int)", "bad slice; an unconnected sender to two peers", () -> {
            try (UdpPeer a = UdpPeer.start(); UdpPeer c = UdpPeer.start();
                 UdpSender s = UdpSender.builder().build(); DatagramBatch batch = s.newBatch(2)) {
                assertThatThrownBy(() -> batch.add(a.address(), new byte[2], -1, 1))
                        .isExactlyInstanceOf(IndexOutOfBoundsException.class);
                s.send(batch.add(a.address(), ascii("abcdef"), 1, 2).add(c.address(), ascii("abcdef"), 4, 2));
                assertThat(a.take(WAIT).text()).isEqualTo("bc");
                assertThat(c.take(WAIT).text()).isEqualTo("ef");
            }
        });
        m.holds(b + "add(InetSocketAddress,ByteBuffer)", "null buffer; unresolved target", () -> {
            try (UdpSender s = UdpSender.builder().build(); DatagramBatch batch = s.newBatch(2)) {
                InetSocketAddress target = new InetSocketAddress(ApiMatrix.ip("127.0.0.1"), 9);
                assertThatThrownBy(() -> batch.add(target, (ByteBuffer) null))
                        .isExactlyInstanceOf(NullPointerException.class).hasMessage("payload must not be null");
                assertThatThrownBy(() -> batch.add(ApiMatrix.UNRESOLVED, ByteBuffer.allocate(1)))
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("to must be a resolved address, was " + ApiMatrix.UNRESOLVED);
            }
        });
        m.holds(b + "size()", "counts what was added; full is refused, naming the counts", () -> {
            try (UdpSender s = UdpSender.builder().target("127.0.0.1", 9).build();
                 DatagramBatch batch = s.newBatch(2)) {
                batch.add(new byte[3]).add(new byte[4]);
                assertThat(batch.size()).isEqualTo(2);
                assertThatThrownBy(() -> batch.add(new byte[5])).isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("batch is full (2 of 2 datagrams, 7 bytes); the 5-byte datagram was not added: "
                                + "send the batch and clear() it first");
                assertThat(batch.size()).isEqualTo(2);
            }
        });
        m.holds(b + "remaining()", "capacity minus size", () -> {
            try (UdpSender s = UdpSender.builder().target("127.0.0.1", 9).build();
                 DatagramBatch batch = s.newBatch(3)) {
                assertThat(batch.remaining()).isEqualTo(3);
                batch.add(new byte[1]);
                assertThat(batch.remaining()).isEqualTo(2);
            }
        });
        m.holds(b + "bytes()", "the sum of the lengths", () -> {
            try (UdpSender s = UdpSender.builder().target("127.0.0.1", 9).build();
                 DatagramBatch batch = s.newBatch(3)) {
                batch.add(new byte[3]).add(new byte[10]);
                assertThat(batch.bytes()).isEqualTo(13);
            }
        });
        m.holds(b + "clear()", "empties it for reuse; closed batch refuses", () -> {
            try (UdpPeer peer = UdpPeer.start(); UdpSender s = UdpSender.builder().target(peer.address()).build()) {
                DatagramBatch batch = s.newBatch(2);
                s.send(batch.add(ascii("one")));
                batch.clear();
                assertThat(batch.size()).isZero();
                s.send(batch.add(ascii("two")));
                assertThat(peer.take(2, WAIT)).extracting(Datagram::text).containsExactly("one", "two");
                batch.close();
                assertThatThrownBy(batch::clear).isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("batch is closed; make a new one with newBatch(...)");
            }
        });
        m.holds(b + "close()", "idempotent; a closed batch is refused by add and send", () -> {
            try (UdpSender s = UdpSender.builder().target("127.0.0.1", 9).build()) {
                DatagramBatch batch = s.newBatch(2);
                batch.close();
                batch.close();
                assertThatThrownBy(() -> batch.add(new byte[1])).isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("batch is closed; make a new one with newBatch(...)");
                assertThatThrownBy(() -> s.send(batch)).isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("batch is closed; make a new one with newBatch(...)");
                assertThat(batch).hasToString("DatagramBatch[closed]");
            }
        });
    }

    /**
     * A batch that fails part-way: the second of three datagrams goes to a port that refuses (ICMP port unreachable on
     * a connected socket is reported on the next send), so the exception must say exactly what went out.
     */
    private static void batchFailures(Matrix m) {
        String e = "BatchSendException#";
        m.holds(e + "sent()", "a closed sender's batch: nothing sent, refused as closed", () -> {
            UdpSender s = UdpSender.builder().target("127.0.0.1", 9).build();
            DatagramBatch batch = s.newBatch(2).add(new byte[1]);
            s.close();
            assertThatThrownBy(() -> s.send(batch)).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("sender is closed; cannot send to /127.0.0.1:9");
            batch.close();
        });
        m.holds(e + "failedIndex()", "a port-unreachable target: the index that failed, what went out", () -> {
            UdpReceiver gone = ApiMatrix.receiver();
            InetSocketAddress target = gone.localAddress();
            gone.close();
            try (UdpSender s = UdpSender.builder().target(target).build(); DatagramBatch batch = s.newBatch(4)) {
                batch.add(ascii("a")).add(ascii("b"));
                BatchSendException failure = failOnceIcmpCame(s, batch);
                assertThat(failure.failedIndex()).isEqualTo(failure.sent()).isBetween(0, 1);
                assertThat(failure.batchSize()).isEqualTo(2);
                assertThat(failure.target()).isEqualTo(target);
                assertThat(failure.getCause()).isInstanceOf(io.github.udpkit.UdpPortUnreachableException.class);
                assertThat(failure).hasMessageStartingWith("batch send stopped at datagram " + failure.sent()
                        + " of 2 (to " + target + "; " + failure.sent() + " sent before it, " + (2 - failure.sent())
                        + " not sent): ");
                assertThat(s.stats().portUnreachable()).isEqualTo(1);
                assertThat(s.isOpen()).isTrue();
            }
        });
        m.holds(e + "batchSize()", "an empty datagram on a connected NIO sender is refused at add", () -> {
            try (UdpSender s = UdpSender.builder().engine(UdpEngine.NIO).target("127.0.0.1", 9).build();
                 DatagramBatch batch = s.newBatch(2)) {
                assertThatThrownBy(() -> batch.add(new byte[0])).isExactlyInstanceOf(UdpException.class)
                        .hasMessageStartingWith("cannot send an empty datagram to /127.0.0.1:9 on a connected socket");
                assertThat(batch.size()).isZero();
            }
        });
        m.holds(e + "target()", "the failing datagram's target, also for a batch to several targets", () -> {
            UdpReceiver gone = ApiMatrix.receiver();
            InetSocketAddress target = gone.localAddress();
            gone.close();
            try (UdpPeer alive = UdpPeer.start(); UdpSender s = UdpSender.builder().build();
                 DatagramBatch batch = s.newBatch(2)) {
                batch.add(alive.address(), ascii("ok")).add(target, ascii("lost"));
                s.send(batch); // an unconnected socket is never told of ICMP errors: both sends succeed
                assertThat(alive.take(WAIT).text()).isEqualTo("ok");
            }
            try (UdpSender s = UdpSender.builder().target(target).build(); DatagramBatch batch = s.newBatch(1)) {
                assertThat(failOnceIcmpCame(s, batch.add(ascii("x"))).target()).isEqualTo(target);
            }
        });
    }

    /**
     * Sends a connected sender's batch to a closed port until the kernel's ICMP port unreachable makes a send fail,
     * polling at Awaitility's pace within {@code WAIT}.
     */
    private static BatchSendException failOnceIcmpCame(UdpSender sender, DatagramBatch batch) {
        BatchSendException[] failure = new BatchSendException[1];
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
            try {
                sender.send(batch);
                return false;
            } catch (BatchSendException thrown) {
                failure[0] = thrown;
                return true;
            }
        });
        return failure[0];
    }
}
