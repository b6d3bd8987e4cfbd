package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.next;
import static io.github.udpkit.TestDatagrams.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DatagramViewTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** What a view showed during its callback, copied out. */
    private record Seen(InetSocketAddress sender, byte[] payload, int length) {
    }

    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final BlockingQueue<Datagram> truncated = new LinkedBlockingQueue<>();
    private final BlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();

    private UdpReceiver.Builder viewing() {
        return UdpReceiver.builder()
                .onDatagramView(v -> seen.add(new Seen(v.sender(), v.payload(), v.length())))
                .onTruncated(truncated::add)
                .onError(errors::add);
    }

    private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(item).as("an item within %s", WAIT).isNotNull();
        return item;
    }


    @Test
    void payloadsOfZeroOneLimitMinusOneAndLimit_arriveByteIdenticalInOrder_andAreCounted() throws Exception {
        try (UdpReceiver receiver = viewing().maxDatagramSize(1024).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).connected(false).build()) {
            int[] sizes = {0, 1, 1023, 1024};
            for (int size : sizes) {
                sender.send(pattern(size));
            }
            for (int size : sizes) {
                Seen s = next(seen);
                assertThat(s.payload()).as("payload of %d bytes", size).isEqualTo(pattern(size));
                assertThat(s.length()).isEqualTo(size);
                assertThat(s.sender().getPort()).isEqualTo(sender.localAddress().getPort());
                assertThat(s.sender().getAddress().isLoopbackAddress()).isTrue();
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.stats())
                    .isEqualTo(
                            TestStats.expect().received(4).bytes(0 + 1 + 1023 + 1024).delivered(4)
                            .kernelDrops(UdpReceiverTest.NO_KERNEL_DROPS)));
            assertThat(truncated).isEmpty();
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void overTheLimit_goesToOnTruncatedWithExactlyTheFirstLimitBytes_neverToTheView() throws Exception {
        try (UdpReceiver receiver = viewing().maxDatagramSize(100).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send(pattern(101));
            sender.send(pattern(100));
            Datagram cut = next(truncated);
            assertThat(cut.truncated()).isTrue();
            assertThat(cut.payload()).isEqualTo(pattern(100));
            assertThat(next(seen).payload()).isEqualTo(pattern(100));
            await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.stats())
                    .isEqualTo(
                            TestStats.expect().received(2).bytes(200).delivered(1).truncated(1)
                            .kernelDrops(UdpReceiverTest.NO_KERNEL_DROPS)));
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void buffer_isReadOnly_rewoundOnEveryCall_andHoldsExactlyThePayload() throws Exception {
        BlockingQueue<String> checks = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagramView(v -> {
            ByteBuffer first = v.buffer();
            int firstInt = first.getInt(); // moves the position
            ByteBuffer again = v.buffer();
            boolean readOnly = again.isReadOnly();
            String rejectsWrites;
            try {
                again.put(0, (byte) 1);
                rejectsWrites = "writable";
            } catch (ReadOnlyBufferException expected) {
                rejectsWrites = "read-only";
            }
            checks.add(firstInt + " " + again.position() + " " + again.remaining() + " " + readOnly + " "
                    + rejectsWrites + " " + v.get(5) + " " + v.text() + " " + v.text(StandardCharsets.ISO_8859_1));
        }).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("ABCDEF");
            assertThat(next(checks)).isEqualTo(ByteBuffer.wrap("ABCD".getBytes(StandardCharsets.US_ASCII)).getInt()
                    + " 0 6 true read-only 70 ABCDEF ABCDEF");
        }
    }

    @Test
    void aViewKeptAfterItsCallback_refusesEveryUseWithAClearMessage() throws Exception {
        AtomicReference<DatagramView> kept = new AtomicReference<>();
        BlockingQueue<String> during = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagramView(v -> {
            kept.set(v);
            during.add(v.toString());
        }).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("hi");
            assertThat(next(during)).isEqualTo("DatagramView[from=" + sender.localAddress()
                    + ", length=2, payload=\"hi\"]");
            await().atMost(WAIT).until(() -> receiver.stats().delivered() == 1);
            DatagramView view = kept.get();
            String message = "a DatagramView is valid only during the onDatagramView callback that received it; "
                    + "copy it with toDatagram() or payload() to keep it";
            assertThatThrownBy(view::length).isInstanceOf(IllegalStateException.class).hasMessage(message);
            assertThatThrownBy(view::sender).isInstanceOf(IllegalStateException.class).hasMessage(message);
            assertThatThrownBy(view::buffer).isInstanceOf(IllegalStateException.class).hasMessage(message);
            assertThatThrownBy(view::payload).isInstanceOf(IllegalStateException.class).hasMessage(message);
            assertThatThrownBy(view::text).isInstanceOf(IllegalStateException.class).hasMessage(message);
            assertThatThrownBy(view::toDatagram).isInstanceOf(IllegalStateException.class).hasMessage(message);
            assertThatThrownBy(() -> view.get(0)).isInstanceOf(IllegalStateException.class).hasMessage(message);
            assertThat(view).hasToString("DatagramView[released]");
        }
    }

    @Test
    void get_outsideThePayload_isAnIndexError() throws Exception {
        BlockingQueue<Throwable> thrown = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagramView(v -> {
            try {
                v.get(3);
            } catch (IndexOutOfBoundsException e) {
                thrown.add(e);
            }
        }).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("abc");
            assertThat(next(thrown)).hasMessage("index must be between 0 and 2, was 3");
        }
    }

    @Test
    void toDatagram_isAnIndependentCopy_thatStaysValid() throws Exception {
        BlockingQueue<Datagram> copies = new LinkedBlockingQueue<>();
        Instant before = Instant.now();
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagramView(v -> copies.add(v.toDatagram())).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("first");
            sender.send("second");
            Datagram first = next(copies);
            Datagram second = next(copies);
            assertThat(first.text()).isEqualTo("first");
            assertThat(second.text()).isEqualTo("second");
            assertThat(first.sender()).isEqualTo(sender.localAddress());
            assertThat(first.truncated()).isFalse();
            assertThat(first.receivedAt()).isBetween(before, Instant.now());
        }
    }

    @Test
    void aViewListenerThatThrows_isCountedAndReported_andTheNextDatagramIsDelivered() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagramView(v -> {
            if (v.get(0) == 'x') {
                throw new IllegalArgumentException("nope");
            }
            seen.add(new Seen(v.sender(), v.payload(), v.length()));
        }).onError(errors::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("x");
            sender.send("ok");
            assertThat(new String(next(seen).payload(), StandardCharsets.US_ASCII)).isEqualTo("ok");
            UdpException error = next(errors);
            assertThat(error).isInstanceOf(UdpListenerException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessage("onDatagramView threw for the datagram from " + sender.localAddress()
                            + " (1 bytes): java.lang.IllegalArgumentException: nope");
            await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.stats())
                    .isEqualTo(
                            TestStats.expect().received(2).bytes(3).delivered(1).listenerFailures(1)
                            .kernelDrops(UdpReceiverTest.NO_KERNEL_DROPS)));
        }
    }

    @Test
    void aViewListener_withAnExecutor_orBesideOnDatagram_isRefusedAtStart() {
        var pool = Executors.newSingleThreadExecutor();
        try {
            assertThatThrownBy(() -> UdpReceiver.builder().onDatagramView(v -> { }).executor(pool).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("onDatagramView cannot be combined with an executor: a view is valid only during its "
                            + "callback on the receive thread");
            assertThatThrownBy(() -> UdpReceiver.builder().onDatagramView(v -> { }).onDatagram(d -> { }).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("a receiver takes one of onDatagram, onDatagramView and onRequest, not several");
            assertThatThrownBy(() -> UdpReceiver.builder().onDatagramView(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("onDatagramView must not be null");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyDatagramsOfChangingSizes_eachViewShowsOnlyItsOwnBytes() throws Exception {
        int count = 500;
        try (UdpReceiver receiver = viewing().start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            for (int i = 0; i < count; i++) {
                byte[] payload = new byte[1 + (i * 37) % 1500];
                Arrays.fill(payload, (byte) i);
                sender.send(payload);
            }
            for (int i = 0; i < count; i++) {
                byte[] expected = new byte[1 + (i * 37) % 1500];
                Arrays.fill(expected, (byte) i);
                assertThat(next(seen).payload()).as("datagram %d", i).isEqualTo(expected);
            }
        }
    }
}
