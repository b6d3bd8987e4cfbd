package io.github.udpkit.samples.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsMessageTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Inet4Address v4(String literal) throws Exception {
        return (Inet4Address) InetAddress.getByName(literal);
    }

    @Test
    void query_isTheRfc1035Layout_byteForByte() {
        // id 0x1234, RD, one question: 7 "example" 3 "com" 0, type A, class IN
        assertThat(HEX.formatHex(DnsMessage.query(0x1234, "example.com."))).isEqualTo(
                "123401000001000000000000" + "076578616d706c6503636f6d00" + "0001" + "0001");
        assertThat(DnsMessage.id(DnsMessage.query(0xBEEF, "a.b"))).isEqualTo(0xBEEF);
        assertThat(DnsMessage.id(new byte[11])).isEqualTo(-1);
    }

    @Test
    void response_roundTrips_withCompressedAnswerNames() throws Exception {
        DnsMessage.Question q = DnsMessage.parseQuery(DnsMessage.query(7, "Example.TEST"));
        assertThat(q).isEqualTo(new DnsMessage.Question(7, 0x0100, "example.test", 1, 1));
        byte[] response = DnsMessage.response(q, DnsMessage.NOERROR, List.of(v4("192.0.2.1"), v4("192.0.2.2")), 300);
        assertThat(HEX.formatHex(response, 12 + 14 + 4, 12 + 14 + 4 + 16))
                .isEqualTo("c00c" + "0001" + "0001" + "0000012c" + "0004" + "c0000201");
        assertThat(DnsMessage.parseResponse(response)).isEqualTo(new DnsMessage.Response(7, 0, "example.test",
                List.of(new DnsMessage.ARecord(v4("192.0.2.1"), 300), new DnsMessage.ARecord(v4("192.0.2.2"), 300))));
    }

    @Test
    void badNames_areRefused_withTheName() {
        assertThatThrownBy(() -> DnsMessage.query(1, "a..b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be labels of 1 to 63 printable ASCII characters between dots, was 'a..b'");
        assertThatThrownBy(() -> DnsMessage.query(1, "")).hasMessage("name must be 1 to 253 characters, was ''");
        assertThatThrownBy(() -> DnsMessage.query(1, "x".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsMessage.query(65_536, "a")).hasMessage("id must be between 0 and 65535, was 65536");
    }

    @Test
    void aPointerLoop_isRefused_notFollowedForever() {
        byte[] loop = HEX.parseHex("000181800001000000000000" + "c00c" + "00010001");
        assertThatThrownBy(() -> DnsMessage.parseResponse(loop)).isInstanceOf(DnsFormatException.class)
                .hasMessage("more than 16 compression pointers in a name");
    }

    @Test
    void anyBytes_decodeOrFailWithDnsFormatException_only() {
        Random random = new Random(15);
        byte[] valid = DnsMessage.response(new DnsMessage.Question(1, 0x100, "a.example", 1, 1), 0, List.of(), 1);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = random.nextBoolean() ? new byte[random.nextInt(40)] : valid.clone();
            for (int flips = random.nextInt(4) + 1; flips > 0 && bytes.length > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                DnsMessage.parseResponse(bytes);
            } catch (DnsFormatException expected) {
                // fine: anything else would escape the test as a failure
            }
            try {
                DnsMessage.parseQuery(bytes);
            } catch (DnsFormatException expected) {
                // fine
            }
        }
    }
}
