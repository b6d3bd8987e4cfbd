package io.github.udpkit.benchmarks.harness;

import io.github.udpkit.UdpException;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * udpkit with its defaults. {@code zeroCopy == false}: the {@code onDatagram} listener (a {@code Datagram} with a
 * payload copy per datagram) and {@code send(byte[])}. {@code zeroCopy == true}: the {@code onDatagramView} listener
 * and {@code send(ByteBuffer)} from a reused direct buffer.
 */
final class UdpkitTransport implements Transport {
    private final boolean zeroCopy;

    UdpkitTransport(boolean zeroCopy) {
        this.zeroCopy = zeroCopy;
    }

    private static Running running(UdpReceiver receiver) {
        return Transport.running(receiver.localAddress().getPort(), receiver::close);
    }

    @Override
    public Receiving receive(int size) {
        Counter count = new Counter();
        UdpReceiver.Builder builder = UdpReceiver.builder().bind("127.0.0.1", 0); // every other option: its default
        UdpReceiver receiver = zeroCopy
                ? builder.onDatagramView(view -> count.increment()).start()
                : builder.onDatagram(datagram -> count.increment()).start();
        Running running = running(receiver);
        return Transport.receiving(running.port(), count::get, running::close);
    }

    @Override
    public Flooding flood(InetSocketAddress target, int size) {
        UdpSender sender = UdpSender.builder().target(target).build();
        byte[] payload = new byte[size];
        ByteBuffer direct = ByteBuffer.allocateDirect(size);
        Counter count = new Counter();
        Loop loop = new Loop("udpkit-flood", zeroCopy
                ? () -> {
                    direct.clear();
                    try {
                        sender.send(direct);
                        count.increment();
                    } catch (UdpException e) {
                        // port unreachable: not sent
                    }
                }
                : () -> {
                    try {
                        sender.send(payload);
                        count.increment();
                    } catch (UdpException e) {
                        // port unreachable: not sent
                    }
                });
        return Transport.flooding(count::get, () -> loop.stop(sender));
    }

    @Override
    public Running echo() {
        AtomicReference<UdpReceiver> self = new AtomicReference<>();
        UdpReceiver.Builder builder = UdpReceiver.builder().bind("127.0.0.1", 0);
        UdpReceiver receiver = zeroCopy
                ? builder.onDatagramView(view -> self.get().sendTo(view.sender(), view.buffer())).start()
                : builder.onDatagram(datagram -> self.get().sendTo(datagram.sender(), datagram.buffer())).start();
        self.set(receiver); // before the port is published, so before the first ping can arrive
        return running(receiver);
    }

    @Override
    public Pinging ping(InetSocketAddress target, int size, Latencies latencies) {
        AtomicReference<UdpReceiver> self = new AtomicReference<>();
        byte[] payload = new byte[size];
        ByteBuffer direct = ByteBuffer.allocateDirect(size);
        UdpReceiver.Builder builder = UdpReceiver.builder().bind("127.0.0.1", 0);
        UdpReceiver receiver = zeroCopy
                ? builder.onDatagramView(view -> {
                    if (latencies.received()) {
                        latencies.sending();
                        self.get().sendTo(target, direct.clear());
                    }
                }).start()
                : builder.onDatagram(datagram -> {
                    if (latencies.received()) {
                        latencies.sending();
                        self.get().sendTo(target, payload);
                    }
                }).start();
        self.set(receiver);
        Running running = running(receiver);
        latencies.sending();
        receiver.sendTo(target, payload); // the first ping; each reply sends the next
        return new Pinging() {
            @Override
            public void kick() {
                latencies.sending();
                receiver.sendTo(target, new byte[size]);
            }

            @Override
            public int port() {
                return running.port();
            }

            @Override
            public void close() {
                running.close();
            }
        };
    }
}
