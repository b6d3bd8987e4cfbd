package io.github.udpkit.benchmarks.harness;

import java.util.Arrays;
import java.util.function.Supplier;

/** The contenders of one harness run, in report order; {@link #JDK_CHANNEL} is the baseline of every ratio. */
public enum Contender {
    /** Blocking {@code DatagramChannel}, reused direct buffer: the baseline. */
    JDK_CHANNEL("jdk-channel", JdkChannelTransport::new),
    /** udpkit's defaults: {@code onDatagram} (a {@code Datagram} per datagram) and {@code send(byte[])}. */
    UDPKIT("udpkit", () -> new UdpkitTransport(false)),
    /** udpkit's zero-copy paths: {@code onDatagramView} and {@code send(ByteBuffer)} from a direct buffer. */
    UDPKIT_ZC("udpkit-zc", () -> new UdpkitTransport(true)),
    /** {@code DatagramSocket} with a reused {@code DatagramPacket}. */
    JDK_SOCKET("jdk-socket", JdkSocketTransport::new),
    /** Netty 4.1, NIO transport. */
    NETTY_NIO("netty-nio", () -> new NettyTransport(false)),
    /** Netty 4.1, native epoll transport. */
    NETTY_EPOLL("netty-epoll", () -> new NettyTransport(true));

    private final String label;
    private final Supplier<Transport> factory;

    Contender(String label, Supplier<Transport> factory) {
        this.label = label;
        this.factory = factory;
    }

    /**
     * Returns the name used on the command line and in the report.
     *
     * @return for example {@code jdk-channel}
     */
    public String label() {
        return label;
    }

    Transport transport() {
        return factory.get();
    }

    /**
     * Finds a contender by its label.
     *
     * @param label for example {@code netty-epoll}
     * @return the contender
     * @throws IllegalArgumentException if there is none
     */
    public static Contender of(String label) {
        return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("contender must be one of "
                        + Arrays.stream(values()).map(Contender::label).toList() + ", was " + label));
    }
}
