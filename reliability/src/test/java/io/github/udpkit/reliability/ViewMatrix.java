package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.Datagram;
import io.github.udpkit.DatagramView;
import io.github.udpkit.DatagramViewListener;
import io.github.udpkit.RequestListener;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.function.Executable;

/** The matrix rows of udp-api's listener variants: zero-copy {@code onDatagramView} and {@code onRequest}. */
final class ViewMatrix {
    private static final String RELEASED = "a DatagramView is valid only during the onDatagramView callback that "
            + "received it; copy it with toDatagram() or payload() to keep it";

    private ViewMatrix() {
    }

    /** Receives {@code payload} with a view listener, runs {@code inside} in the callback, returns the view. */
    static DatagramView viewOf(byte[] payload, ViewCheck inside) throws Exception {
        AtomicReference<DatagramView> kept = new AtomicReference<>();
        BlockingQueue<Throwable> outcome = new ArrayBlockingQueue<>(1);
        try (UdpReceiver r = UdpReceiver.builder().onDatagramView(v -> {
            kept.set(v);
            try {
                inside.check(v);
                outcome.add(new Done());
            } catch (Throwable t) {
                outcome.add(t);
            }
        }).start();
             UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
            s.send(payload);
            Throwable t = outcome.poll(ApiMatrix.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(t).as("callback ran").isNotNull();
            if (!(t instanceof Done)) {
                throw new AssertionError("inside the callback", t);
            }
            org.awaitility.Awaitility.await().atMost(ApiMatrix.WAIT).until(() -> r.stats().delivered() == 1);
        }
        return kept.get();
    }

    /** A check run inside the callback. */
    @FunctionalInterface
    interface ViewCheck {
        void check(DatagramView view) throws Exception;
    }

    private static final class Done extends Throwable {
        private static final long serialVersionUID = 1L;

        Done() {
            super(null, null, false, false);
        }
    }

    /** A row: inside the callback {@code inside} holds; after it, {@code after} throws the released message. */
    private static Executable insideAndAfter(ViewCheck inside, ViewCheck after) {
        return () -> {
            DatagramView view = viewOf("hello".getBytes(StandardCharsets.UTF_8), inside);
            assertThatThrownBy(() -> after.check(view)).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage(RELEASED);
        };
    }

    static void addTo(Matrix m) {
        String b = "UdpReceiver.Builder#onDatagramView(DatagramViewListener)";
        m.rejects(b, "null", () -> UdpReceiver.builder().onDatagramView(null), NullPointerException.class,
                "onDatagramView must not be null");
        m.rejects(b, "together with onDatagram", () -> UdpReceiver.builder().onDatagram(d -> { })
                .onDatagramView(v -> { }).start(), IllegalStateException.class,
                "a receiver takes one of onDatagram, onDatagramView and onRequest, not several");
        String req = "UdpReceiver.Builder#onRequest(RequestListener)";
        m.rejects(req, "null", () -> UdpReceiver.builder().onRequest(null), NullPointerException.class,
                "onRequest must not be null");
        m.rejects(req, "together with onDatagram", () -> UdpReceiver.builder().onDatagram(d -> { })
                .onRequest((d, rec) -> { }).start(), IllegalStateException.class,
                "a receiver takes one of onDatagram, onDatagramView and onRequest, not several");
        m.holds("RequestListener#onRequest(Datagram,UdpReceiver)", "gets the running receiver and answers from its "
                + "port; a listener that throws is counted and the receiver goes on", () -> {
                    RequestListener echoOrFail = (request, receiver) -> {
                        if (request.text().equals("fail")) {
                            throw new IllegalStateException("request listener failed");
                        }
                        receiver.reply(request, request.payload());
                    };
                    BlockingQueue<UdpException> errors = new ArrayBlockingQueue<>(1);
                    try (UdpReceiver rec = UdpReceiver.builder().onRequest(echoOrFail).onError(errors::add).start();
                         UdpSender s = UdpSender.builder().target(rec.localAddress()).build()) {
                        s.send("fail");
                        assertThat(errors.poll(ApiMatrix.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
                        s.send("ping");
                        Datagram reply = s.receive(ApiMatrix.WAIT).orElseThrow();
                        assertThat(reply.text()).isEqualTo("ping");
                        assertThat(reply.sender()).isEqualTo(rec.localAddress());
                        org.awaitility.Awaitility.await().atMost(ApiMatrix.WAIT)
                                .until(() -> rec.stats().delivered() == 1 && rec.stats().listenerFailures() == 1);
                    }
                });
        m.rejects(b, "together with an executor", () -> UdpReceiver.builder().executor(Runnable::run)
                .onDatagramView(v -> { }).start(), IllegalStateException.class,
                "onDatagramView cannot be combined with an executor: a view is valid only during its callback on "
                        + "the receive thread");
        m.holds("DatagramViewListener#onDatagram(DatagramView)", "a view listener that throws is counted and "
                + "reported; the receiver goes on", () -> {
                    DatagramViewListener failing = v -> {
                        throw new IllegalStateException("view listener failed");
                    };
                    BlockingQueue<UdpException> errors = new ArrayBlockingQueue<>(2);
                    try (UdpReceiver r = UdpReceiver.builder().onDatagramView(failing).onError(errors::add).start();
                         UdpSender s = UdpSender.builder().target(r.localAddress()).build()) {
                        s.send("1");
                        s.send("2");
                        assertThat(errors.poll(ApiMatrix.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
                        assertThat(errors.poll(ApiMatrix.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
                        org.awaitility.Awaitility.await().atMost(ApiMatrix.WAIT)
                                .until(() -> r.stats().listenerFailures() == 2);
                        assertThat(r.isOpen()).isTrue();
                    }
                });
        m.holds("DatagramView#sender()", "inside: the sender; after the callback: refused",
                insideAndAfter(v -> assertThat(v.sender().getAddress().isLoopbackAddress()).isTrue(),
                        DatagramView::sender));
        m.holds("DatagramView#length()", "inside: 5; after: refused",
                insideAndAfter(v -> assertThat(v.length()).isEqualTo(5), DatagramView::length));
        m.holds("DatagramView#buffer()", "inside: read-only, rewound on each call; after: refused",
                insideAndAfter(v -> {
                    ByteBuffer one = v.buffer();
                    assertThat(one.isReadOnly()).isTrue();
                    one.get();
                    assertThat(v.buffer().position()).isZero();
                    assertThat(v.buffer().remaining()).isEqualTo(5);
                }, DatagramView::buffer));
        m.holds("DatagramView#get(int)", "negative, past the end; after: refused", insideAndAfter(v -> {
            assertThatThrownBy(() -> v.get(-1)).isExactlyInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("index must be between 0 and 4, was -1");
            assertThatThrownBy(() -> v.get(5)).isExactlyInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("index must be between 0 and 4, was 5");
            assertThat(v.get(0)).isEqualTo((byte) 'h');
        }, v -> v.get(0)));
        m.holds("DatagramView#payload()", "a copy; after: refused", insideAndAfter(v -> {
            v.payload()[0] = 'x';
            assertThat(v.payload()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        }, DatagramView::payload));
        m.holds("DatagramView#text()", "inside: the text; after: refused",
                insideAndAfter(v -> assertThat(v.text()).isEqualTo("hello"), DatagramView::text));
        m.holds("DatagramView#text(Charset)", "null charset", insideAndAfter(v ->
                assertThatThrownBy(() -> v.text((Charset) null)).isExactlyInstanceOf(NullPointerException.class)
                        .hasMessage("charset must not be null"), v -> v.text(StandardCharsets.UTF_8)));
        m.holds("DatagramView#toDatagram()", "a complete copy that outlives the callback; after: refused", () -> {
            AtomicReference<Datagram> copy = new AtomicReference<>();
            DatagramView view = viewOf("hello".getBytes(StandardCharsets.UTF_8), v -> copy.set(v.toDatagram()));
            assertThat(copy.get().text()).isEqualTo("hello");
            assertThat(copy.get().truncated()).isFalse();
            assertThatThrownBy(view::toDatagram).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage(RELEASED);
            assertThat(view).hasToString("DatagramView[released]");
        });
    }
}
