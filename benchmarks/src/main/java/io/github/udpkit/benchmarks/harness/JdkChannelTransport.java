package io.github.udpkit.benchmarks.harness;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** The baseline: a blocking {@link DatagramChannel} with one reused direct buffer, as fast as the JDK goes. */
final class JdkChannelTransport implements Transport {
    private static DatagramChannel bound() throws Exception {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return channel;
    }

    private static int port(DatagramChannel channel) {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (Exception e) {
            return 0;
        }
    }

    @Override
    public Receiving receive(int size) throws Exception {
        DatagramChannel channel = bound();
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        Counter count = new Counter();
        Loop loop = new Loop("jdk-channel-receive", () -> {
            buffer.clear();
            channel.receive(buffer);
            count.increment();
        });
        int port = port(channel);
        return Transport.receiving(port, count::get, () -> loop.stop(channel));
    }

    @Override
    public Flooding flood(InetSocketAddress target, int size) throws Exception {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.connect(target);
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        Counter count = new Counter();
        Loop loop = new Loop("jdk-channel-flood", () -> {
            buffer.clear();
            try {
                channel.send(buffer, target);
                count.increment();
            } catch (PortUnreachableException e) {
                // the receiver is not there (yet, or any more): not sent
            }
        });
        return Transport.flooding(count::get, () -> loop.stop(channel));
    }

    @Override
    public Running echo() throws Exception {
        DatagramChannel channel = bound();
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        Loop loop = new Loop("jdk-channel-echo", () -> {
            buffer.clear();
            InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
            buffer.flip();
            channel.send(buffer, from);
        });
        int port = port(channel);
        return Transport.running(port, () -> loop.stop(channel));
    }

    @Override
    public Pinging ping(InetSocketAddress target, int size, Latencies latencies) throws Exception {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
        channel.connect(target);
        ByteBuffer out = ByteBuffer.allocateDirect(size);
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        ByteBuffer kick = ByteBuffer.allocateDirect(size);
        Loop loop = new Loop("jdk-channel-ping", () -> {
            if (latencies.finished()) {
                Thread.onSpinWait();
                return;
            }
            out.clear();
            latencies.sending();
            channel.send(out, target);
            in.clear();
            channel.receive(in);
            latencies.received();
        });
        return new Pinging() {
            @Override
            public void kick() {
                try {
                    kick.clear();
                    channel.send(kick, target);
                } catch (Exception e) {
                    System.err.println("kick: " + e);
                }
            }

            @Override
            public int port() {
                return 0;
            }

            @Override
            public void close() {
                loop.stop(channel);
            }
        };
    }
}
