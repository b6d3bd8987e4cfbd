package io.github.udpkit;

/**
 * The engine under a {@link UdpReceiver} or {@link UdpSender}: the code that makes the system calls. The API, the
 * listeners, the truncation rules, the stats and the error messages are the same on both engines.
 *
 * <table class="striped">
 * <caption>What each engine can do</caption>
 * <thead><tr><th>engine</th><th>where</th><th>adds</th></tr></thead>
 * <tbody>
 * <tr><td>{@link #NIO}</td><td>every JDK 17+, every OS</td><td>one datagram per system call through
 * {@code java.nio.channels.DatagramChannel}</td></tr>
 * <tr><td>{@link #NATIVE}</td><td>Linux on amd64, JDK 22+, native access enabled
 * ({@code --enable-native-access=io.github.udpkit} on the module path, {@code ALL-UNNAMED} on the class path)</td>
 * <td>batched receives ({@code recvmmsg}), the real length of a truncated datagram, receive offload ({@code UDP_GRO}),
 * empty datagrams on connected sockets, batched sends with UDP GSO, per-datagram metadata
 * ({@link DatagramMetadata}: destination, TTL, ECN, kernel timestamps, drop counts), replies from the arrival address,
 * per-datagram ECN sends, ICMP errors ({@link IcmpError}), unicast TTL and path MTU</td></tr>
 * </tbody>
 * </table>
 *
 * @since 0.2
 */
public enum UdpEngine {
    /**
     * {@link #NATIVE} where it runs without a JDK warning (Linux, amd64, JDK 22+, native access enabled for udpkit's
     * module), {@link #NIO} everywhere else, silently. The default. An option only one engine has decides: an
     * NIO-only one ({@code dontFragment}, a source-specific join) picks NIO; a native-only one ({@code metadata},
     * {@code onIcmpError}, {@code ttl}, {@code pathMtuDiscovery}) picks NATIVE, and is refused where that cannot run.
     */
    AUTO,
    /** {@code java.nio.channels.DatagramChannel}: every JDK 17+, every operating system. */
    NIO,
    /**
     * Linux system calls through the FFM API ({@code java.lang.foreign}), from {@code META-INF/versions/22} of the
     * udp-api jar. Asking for it where it cannot run is a {@link UdpException} that says why and which flag to add.
     */
    NATIVE
}
