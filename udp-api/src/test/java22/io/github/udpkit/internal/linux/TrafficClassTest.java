package io.github.udpkit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.Ecn;
import io.github.udpkit.UdpEngine;
import io.github.udpkit.UdpSender;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The whole TOS byte / traffic class of a per-datagram ECN send, read back by a receiving batch: the codepoint asked
 * for in the two low bits, the sender's {@code trafficClass} DSCP in the six high ones.
 */
class TrafficClassTest {
    private static void ecnSend_keepsTheDscp(InetSocketAddress bind) throws Exception {
        try (NativeUdpSocket receiver = Loopback.nativeSocket(bind);
             ReceiveBatch in = ReceiveBatch.withMetadata(4, 100, false, ReceiveBatch.META_TRAFFIC_CLASS, 0)) {
            receiver.options().setReceiveTrafficClass();
            try (UdpSender sender = UdpSender.builder().target(receiver.localAddress()).trafficClass(0xb8).build()) {
                assertThat(sender.engine()).isEqualTo(UdpEngine.NATIVE);
                int[] expected = {0xb8, 0xb9, 0xba, 0xbb};
                for (Ecn ecn : Ecn.values()) {
                    sender.send(ByteBuffer.wrap(new byte[] {(byte) ecn.bits()}), ecn);
                    assertThat(receiver.receive(in, 5_000)).isEqualTo(1);
                    assertThat(in.trafficClass(0)).as("%s", ecn).isEqualTo(expected[ecn.bits()]);
                }
                sender.send("plain");
                assertThat(receiver.receive(in, 5_000)).isEqualTo(1);
                assertThat(in.trafficClass(0)).as("the socket's own").isEqualTo(0xb8);
            }
        }
    }

    @Test
    void ipv4() throws Exception {
        ecnSend_keepsTheDscp(Loopback.V4);
    }

    @Test
    void ipv6() throws Exception {
        ecnSend_keepsTheDscp(Loopback.V6);
    }
}
