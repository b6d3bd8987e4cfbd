/**
 * udpkit's UDP API: {@link io.github.udpkit.UdpSender} and {@link io.github.udpkit.UdpReceiver}, fluent builders over
 * {@link java.nio.channels.DatagramChannel} that report truncated datagrams instead of dropping their tail, reject
 * oversize payloads before any system call, and close promptly. Depends on nothing outside the JDK.
 */
@SuppressWarnings("module") // the testkit is compiled after udp-api: "module not found" is expected
module io.github.udpkit {
    // jdk.net: ExtendedSocketOptions (IP_DONTFRAGMENT from JDK 19), looked up reflectively.
    requires jdk.net;
    // jdk.jfr: udpkit's JFR events (io.github.udpkit.internal.Jfr); a JDK module, like jdk.net.
    requires jdk.jfr;

    exports io.github.udpkit;
    exports io.github.udpkit.internal to io.github.udpkit.testkit;
}
