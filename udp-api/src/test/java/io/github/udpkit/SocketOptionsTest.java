package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Buffer read-back and clamp warnings, broadcast, traffic class, don't-fragment, multicast argument checks. */
class SocketOptionsTest {

    private static long sysctl(String name) throws Exception {
        Path file = Path.of("/proc/sys/net/core", name);
        Assumptions.assumeTrue(Files.isReadable(file), "needs Linux /proc/sys/net/core/" + name);
        // readAllLines, not readString: on this kernel procfs files read through readAllBytes come back cut short
        return Long.parseLong(Files.readAllLines(file).get(0).trim());
    }

    @Test
    void receiveBufferAboveRmemMax_isClampedAndWarnedAbout_namingTheSysctl() throws Exception {
        long max = sysctl("rmem_max");
        int asked = (int) Math.min(Integer.MAX_VALUE / 2, max * 4);
        try (LogCapture log = new LogCapture(UdpReceiver.class);
             UdpReceiver receiver = UdpReceiver.builder().receiveBufferSize(asked).onDatagram(d -> { }).start()) {
            assertThat(receiver.receiveBufferSize()).isLessThan(asked);
            assertThat(log.messages()).containsExactly("WARNING receiveBufferSize " + asked
                    + " was clamped by the operating system to " + receiver.receiveBufferSize()
                    + " bytes; on Linux raise net.core.rmem_max (sysctl -w net.core.rmem_max=" + asked
                    + ") to get the size asked for");
        }
    }

    @Test
    void receiveBufferWithinRmemMax_isNotWarnedAbout() throws Exception {
        sysctl("rmem_max");
        try (LogCapture log = new LogCapture(UdpReceiver.class);
             UdpReceiver receiver = UdpReceiver.builder().receiveBufferSize(64 * 1024).onDatagram(d -> { }).start()) {
            assertThat(receiver.receiveBufferSize()).isGreaterThanOrEqualTo(64 * 1024);
            assertThat(log.messages()).isEmpty();
        }
    }

    @Test
    void sendBufferAboveWmemMax_isClampedAndWarnedAbout_namingTheSysctl() throws Exception {
        long max = sysctl("wmem_max");
        int asked = (int) Math.min(Integer.MAX_VALUE / 2, max * 4);
        try (LogCapture log = new LogCapture(UdpSender.class);
             UdpSender sender = UdpSender.builder().sendBufferSize(asked).build()) {
            assertThat(sender.sendBufferSize()).isLessThan(asked);
            assertThat(log.messages()).containsExactly("WARNING sendBufferSize " + asked
                    + " was clamped by the operating system to " + sender.sendBufferSize()
                    + " bytes; on Linux raise net.core.wmem_max (sysctl -w net.core.wmem_max=" + asked
                    + ") to get the size asked for");
        }
    }

    @Test
    void broadcastTarget_withoutTheOption_isAUdpExceptionNamingTheOption_beforeAnySend() {
        String expected = "cannot send to the broadcast address /255.255.255.255:9: broadcast is off; build the "
                + "sender with broadcast(true) to send broadcasts";
        assertThatThrownBy(() -> UdpSender.builder().target("255.255.255.255", 9).build())
                .isExactlyInstanceOf(UdpException.class).hasMessage(expected);
        try (UdpSender unconnected = UdpSender.builder().build()) {
            assertThatThrownBy(() -> unconnected.sendTo(new InetSocketAddress("255.255.255.255", 9), "hi"))
                    .isExactlyInstanceOf(UdpException.class).hasMessage(expected);
        }
    }

    @Test
    void broadcastOption_letsTheSenderBeBuiltForABroadcastTarget() {
        assertThatCode(() -> UdpSender.builder().broadcast(true).target("255.255.255.255", 9).connected(false)
                .build().close()).doesNotThrowAnyException();
    }

    @Test
    void trafficClass_andMulticastOptions_areAccepted() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        try (UdpSender sender = UdpSender.builder().trafficClass(184).multicastTtl(0).multicastLoopback(true)
                .multicastInterface(lo).build()) {
            assertThat(sender.isOpen()).isTrue();
        }
    }

    @Test
    void dontFragment_needsJdk19_andSaysSoOnOlderJdks() {
        if (Runtime.version().feature() >= 19) {
            assertThatCode(() -> UdpSender.builder().dontFragment(true).build().close()).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> UdpSender.builder().dontFragment(true).build())
                    .isExactlyInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("dontFragment needs JDK 19 or later (jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT); "
                            + "this is Java " + Runtime.version().feature());
        }
    }

    @Test
    void joinGroup_withoutAnInterface_isImpossible() {
        assertThatThrownBy(() -> UdpReceiver.builder().joinGroup(InetAddress.getByName("239.1.2.3"), null))
                .isExactlyInstanceOf(NullPointerException.class).hasMessage("networkInterface must not be null");
        assertThatThrownBy(() -> UdpReceiver.builder().joinGroup("239.1.2.3", "no-such-if0"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("networkInterface names no network interface of this machine, was "
                        + "'no-such-if0'; available: ")
                .hasMessageContaining("lo");
    }

    @Test
    void joinGroup_ofANonMulticastAddress_isRefused() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        assertThatThrownBy(() -> UdpReceiver.builder().joinGroup(InetAddress.getByName("127.0.0.1"), lo))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("group must be a multicast address (224.0.0.0/4 or ff00::/8), was 127.0.0.1");
    }

    @Test
    void joinGroup_onAnInterfaceWithoutMulticast_saysHowToTurnItOn() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        Assumptions.assumeFalse(lo.supportsMulticast(), "this loopback interface already has the MULTICAST flag");
        assertThatThrownBy(() -> UdpReceiver.builder().joinGroup(InetAddress.getByName("239.1.2.3"), lo))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("networkInterface " + lo.getName() + " does not support multicast (its MULTICAST flag is "
                        + "off; on Linux: ip link set " + lo.getName() + " multicast on)");
    }
}
