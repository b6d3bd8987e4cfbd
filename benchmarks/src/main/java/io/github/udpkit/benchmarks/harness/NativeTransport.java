package io.github.udpkit.benchmarks.harness;

import io.github.udpkit.BatchSendException;
import io.github.udpkit.DatagramBatch;
import io.github.udpkit.UdpEngine;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * udpkit on its native engine ({@code UdpEngine.NATIVE}: Linux system calls through FFM; JDK 22+ with native access).
 * Reached only through udp-api's public API, so it compiles on 17; there {@code engine(NATIVE)} throws with the
 * reason. Every receiver and sender checks {@code engine()} and fails loudly if it is not NATIVE: a benchmark of the
 * wrong engine is worse than none.
 *
 * <ul>
 *   <li>{@link Kind#PER_DATAGRAM}: {@code onDatagramView} with the default receive batch (recvmmsg, 32), and
 *       {@code send(ByteBuffer)} from a reused direct buffer, one datagram per call.
 *   <li>{@link Kind#BATCH}: {@code receiveOffload(true)} (UDP_GRO, split back into datagrams), and batch sends of
 *       equal-sized datagrams to one target, so the engine uses GSO.
 *   <li>{@link Kind#MMSG}: receive without offload, 64 per recvmmsg (as the C reference's {@code mrecv}), and batch
 *       sends that alternate two sizes ({@code size} and {@code size - 1}), which GSO cannot take, so the engine
 *       falls back to sendmmsg.
 * </ul>
 *
 * Receivers count only datagrams of exactly the expected size and fail the node if any other size arrives: with
 * offload that would be a merged datagram not split back, the one error a plain count would hide.
 */
final class NativeTransport implements Transport {
    /** Datagrams per batch send, as the C reference's 64 per call. */
    static final int BATCH = 64;

    enum Kind { PER_DATAGRAM, BATCH, MMSG }

    private final Kind kind;

    NativeTransport(Kind kind) {
        this.kind = kind;
    }

    static UdpReceiver requireNative(UdpReceiver receiver) {
        if (receiver.engine() != UdpEngine.NATIVE) {
            UdpEngine engine = receiver.engine();
            receiver.close();
            throw new IllegalStateException("native contender's receiver runs on " + engine + ", not NATIVE");
        }
        return receiver;
    }

    static UdpSender requireNative(UdpSender sender) {
        if (sender.engine() != UdpEngine.NATIVE) {
            UdpEngine engine = sender.engine();
            sender.close();
            throw new IllegalStateException("native contender's sender runs on " + engine + ", not NATIVE");
        }
        return sender;
    }

    private UdpReceiver.Builder receiverBuilder() {
        UdpReceiver.Builder builder = UdpReceiver.builder().engine(UdpEngine.NATIVE).bind("127.0.0.1", 0);
        return switch (kind) {
            case PER_DATAGRAM -> builder; // default batch
            case BATCH -> builder.receiveOffload(true);
            case MMSG -> builder.receiveBatch(BATCH);
        };
    }

    @Override
    public Receiving receive(int size) {
        Counter count = new Counter();
        AtomicLong wrong = new AtomicLong();
        AtomicLong wrongLength = new AtomicLong();
        UdpReceiver receiver = requireNative(receiverBuilder().onDatagramView(view -> {
            if (view.length() == size) {
                count.increment();
            } else if (wrong.getAndIncrement() == 0) {
                wrongLength.set(view.length());
            }
        }).start());
        int port = receiver.localAddress().getPort();
        return Transport.receiving(port, () -> {
            if (wrong.get() > 0) {
                throw new IllegalStateException(wrong.get() + " datagram(s) of the wrong size arrived (first: "
                        + wrongLength.get() + " B, expected " + size + " B): merged datagrams not split back?");
            }
            return count.get();
        }, receiver::close);
    }

    @Override
    public Flooding flood(InetSocketAddress target, int size) {
        UdpSender sender = requireNative(UdpSender.builder().engine(UdpEngine.NATIVE).target(target).build());
        Counter count = new Counter();
        Loop loop = switch (kind) {
            case PER_DATAGRAM -> {
                ByteBuffer direct = ByteBuffer.allocateDirect(size);
                yield new Loop("udpkit-native-flood", () -> {
                    direct.clear();
                    try {
                        sender.send(direct);
                        count.increment();
                    } catch (UdpException e) {
                        // port unreachable: not sent
                    }
                });
            }
            case BATCH, MMSG -> {
                boolean alternate = kind == Kind.MMSG;
                ByteBuffer[] payloads = {ByteBuffer.allocateDirect(size), ByteBuffer.allocateDirect(size - 1)};
                DatagramBatch batch = sender.newBatch(BATCH);
                int perBatch = fill(batch, payloads, alternate);
                yield new Loop("udpkit-native-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-flood", () -> {
                    batch.clear();
                    for (int i = 0; i < perBatch; i++) {
                        ByteBuffer p = payloads[alternate ? i & 1 : 0];
                        p.clear();
                        batch.add(p);
                    }
                    try {
                        count.add(sender.send(batch));
                    } catch (BatchSendException e) {
                        count.add(e.sent()); // port unreachable part-way: the rest not sent
                    } catch (UdpException e) {
                        // port unreachable: not sent
                    }
                });
            }
        };
        return Transport.flooding(count::get, () -> loop.stop(sender));
    }

    /** How many datagrams one batch holds (64, fewer for large ones if the batch's byte limit says so). */
    private static int fill(DatagramBatch batch, ByteBuffer[] payloads, boolean alternate) {
        int n = 0;
        try {
            for (; n < BATCH; n++) {
                ByteBuffer p = payloads[alternate ? n & 1 : 0];
                p.clear();
                batch.add(p);
            }
        } catch (IllegalStateException full) {
            // the batch's byte limit: n datagrams fit
        }
        batch.clear();
        if (n == 0) {
            throw new IllegalStateException("not even one datagram fits a batch");
        }
        if (alternate && n < 2) {
            throw new IllegalStateException("only one datagram fits a batch: cannot alternate sizes");
        }
        return n;
    }

    @Override
    public Running echo() {
        AtomicReference<UdpReceiver> self = new AtomicReference<>();
        UdpReceiver receiver = requireNative(receiverBuilder()
                .onDatagramView(view -> self.get().sendTo(view.sender(), view.buffer())).start());
        self.set(receiver);
        return Transport.running(receiver.localAddress().getPort(), receiver::close);
    }

    @Override
    public Pinging ping(InetSocketAddress target, int size, Latencies latencies) {
        AtomicReference<UdpReceiver> self = new AtomicReference<>();
        ByteBuffer direct = ByteBuffer.allocateDirect(size);
        UdpReceiver receiver = requireNative(receiverBuilder().onDatagramView(view -> {
            if (latencies.received()) {
                latencies.sending();
                self.get().sendTo(target, direct.clear());
            }
        }).start());
        self.set(receiver);
        int port = receiver.localAddress().getPort();
        latencies.sending();
        receiver.sendTo(target, new byte[size]); // the first ping; each reply sends the next
        return new Pinging() {
            @Override
            public void kick() {
                latencies.sending();
                receiver.sendTo(target, new byte[size]);
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                receiver.close();
            }
        };
    }
}
