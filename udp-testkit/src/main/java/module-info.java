/**
 * udpkit's test kit: {@link io.github.udpkit.testkit.UdpPeer}, a real UDP peer on loopback that records what it
 * receives. Depends on {@code io.github.udpkit} and the JDK.
 */
module io.github.udpkit.testkit {
    requires transitive io.github.udpkit;

    exports io.github.udpkit.testkit;
}
