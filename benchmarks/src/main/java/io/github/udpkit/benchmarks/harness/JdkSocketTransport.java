package io.github.udpkit.benchmarks.harness;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;

/** The classic API: a {@link DatagramSocket} with one reused {@link DatagramPacket}. */
final class JdkSocketTransport implements Transport {
    private static DatagramSocket bound() throws Exception {
        DatagramSocket socket = new DatagramSocket(null);
        socket.setReceiveBufferSize(RECEIVE_BUFFER);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    @Override
    public Receiving receive(int size) throws Exception {
        DatagramSocket socket = bound();
        DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        Counter count = new Counter();
        Loop loop = new Loop("jdk-socket-receive", () -> {
            socket.receive(packet);
            count.increment();
        });
        int port = socket.getLocalPort();
        return Transport.receiving(port, count::get, () -> loop.stop(socket));
    }

    @Override
    public Flooding flood(InetSocketAddress target, int size) throws Exception {
        DatagramSocket socket = new DatagramSocket();
        socket.connect(target);
        DatagramPacket packet = new DatagramPacket(new byte[size], size);
        Counter count = new Counter();
        Loop loop = new Loop("jdk-socket-flood", () -> {
            try {
                socket.send(packet);
                count.increment();
            } catch (PortUnreachableException e) {
                // not sent
            }
        });
        return Transport.flooding(count::get, () -> loop.stop(socket));
    }

    @Override
    public Running echo() throws Exception {
        DatagramSocket socket = bound();
        DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        Loop loop = new Loop("jdk-socket-echo", () -> {
            socket.receive(packet);
            socket.send(packet); // back to the address receive() set, with the received length
        });
        int port = socket.getLocalPort();
        return Transport.running(port, () -> loop.stop(socket));
    }

    @Override
    public Pinging ping(InetSocketAddress target, int size, Latencies latencies) throws Exception {
        DatagramSocket socket = new DatagramSocket();
        socket.setReceiveBufferSize(RECEIVE_BUFFER);
        socket.connect(target);
        DatagramPacket out = new DatagramPacket(new byte[size], size);
        DatagramPacket in = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        DatagramPacket kick = new DatagramPacket(new byte[size], size);
        Loop loop = new Loop("jdk-socket-ping", () -> {
            if (latencies.finished()) {
                Thread.onSpinWait();
                return;
            }
            latencies.sending();
            socket.send(out);
            socket.receive(in);
            latencies.received();
        });
        return new Pinging() {
            @Override
            public void kick() {
                try {
                    socket.send(kick);
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
                loop.stop(socket);
            }
        };
    }
}
