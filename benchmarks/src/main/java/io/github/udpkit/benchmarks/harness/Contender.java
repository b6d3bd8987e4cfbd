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
    NETTY_EPOLL("netty-epoll", () -> new NettyTransport(true)),
    /** udpkit's native engine, per datagram: {@code onDatagramView} (default batch) and {@code send(ByteBuffer)}. */
    UDPKIT_NATIVE("udpkit-native", Runtime.NATIVE_JAVA, () -> new NativeTransport(NativeTransport.Kind.PER_DATAGRAM)),
    /** udpkit's native engine, batches: GSO sends (one target, one size), receive with offload (UDP_GRO). */
    UDPKIT_NATIVE_BATCH("udpkit-native-batch", Runtime.NATIVE_JAVA,
            () -> new NativeTransport(NativeTransport.Kind.BATCH)),
    /** udpkit's native engine, batches GSO cannot take (two sizes): sendmmsg; receive 64 per recvmmsg, no offload. */
    UDPKIT_NATIVE_MMSG("udpkit-native-mmsg", Runtime.NATIVE_JAVA,
            () -> new NativeTransport(NativeTransport.Kind.MMSG)),
    /** The C reference node ({@code udpref.c}): sendmmsg and recvmmsg, 64 per call. */
    C_MMSG("c-mmsg", Runtime.C, "msend", "mrecv"),
    /** The C reference node: GSO sends ({@code UDP_SEGMENT}) and GRO receives ({@code UDP_GRO}). */
    C_GSO("c-gso", Runtime.C, "gsend", "grecv");

    /** What runs a contender's nodes. */
    enum Runtime {
        /** The launcher's own JVM. */
        JAVA,
        /** A JDK 22+ with {@code --enable-native-access=ALL-UNNAMED} (the launcher's {@code --native-java}). */
        NATIVE_JAVA,
        /** The C reference binary, built with gcc at run time; receive and send only. */
        C
    }

    private final String label;
    private final Runtime runtime;
    private final Supplier<Transport> factory;
    private final String cSendMode;
    private final String cReceiveMode;

    Contender(String label, Supplier<Transport> factory) {
        this(label, Runtime.JAVA, factory);
    }

    Contender(String label, Runtime runtime, Supplier<Transport> factory) {
        this.label = label;
        this.runtime = runtime;
        this.factory = factory;
        this.cSendMode = null;
        this.cReceiveMode = null;
    }

    Contender(String label, Runtime runtime, String cSendMode, String cReceiveMode) {
        this.label = label;
        this.runtime = runtime;
        this.factory = () -> {
            throw new IllegalStateException(label + " is a C node, not a Java transport");
        };
        this.cSendMode = cSendMode;
        this.cReceiveMode = cReceiveMode;
    }

    Runtime runtime() {
        return runtime;
    }

    /** The C node's mode for a role: {@code recv} or {@code flood}. */
    String cMode(String role) {
        return role.equals("recv") ? cReceiveMode : cSendMode;
    }

    /** Whether this is one of udpkit's native-engine contenders. */
    boolean isNative() {
        return runtime == Runtime.NATIVE_JAVA;
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
