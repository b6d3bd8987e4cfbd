package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatagramTest {
    private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 40_000);
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void payload_isCopiedOnTheWayInAndOut() {
        byte[] bytes = {1, 2, 3};
        Datagram d = new Datagram(FROM, bytes, AT, false);
        bytes[0] = 99;
        assertThat(d.payload()).containsExactly(1, 2, 3);
        d.payload()[1] = 99;
        assertThat(d.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void buffer_isAReadOnlyView() {
        Datagram d = new Datagram(FROM, new byte[] {5, 6}, AT, false);
        ByteBuffer view = d.buffer();
        assertThat(view.isReadOnly()).isTrue();
        assertThat(view.remaining()).isEqualTo(2);
        assertThatThrownBy(() -> view.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void text_decodesUtf8ByDefault_andOtherCharsetsOnRequest() {
        Datagram d = new Datagram(FROM, "grüß".getBytes(StandardCharsets.UTF_8), AT, false);
        assertThat(d.text()).isEqualTo("grüß");
        assertThat(d.text(StandardCharsets.ISO_8859_1)).isEqualTo("grÃ¼Ã\u009f");
    }

    @Test
    void equality_comparesContent() {
        Datagram a = new Datagram(FROM, new byte[] {1}, AT, false);
        assertThat(a).isEqualTo(new Datagram(FROM, new byte[] {1}, AT, false))
                .hasSameHashCodeAs(new Datagram(FROM, new byte[] {1}, AT, false))
                .isNotEqualTo(new Datagram(FROM, new byte[] {2}, AT, false))
                .isNotEqualTo(new Datagram(FROM, new byte[] {1}, AT, true));
    }

    @Test
    void toString_showsAnEscapedCappedPreview() {
        assertThat(new Datagram(FROM, "Hello,\n\"World\"".getBytes(StandardCharsets.US_ASCII), AT, false))
                .hasToString("Datagram[from=/127.0.0.1:40000, length=14, payload=\"Hello,\\n\\\"World\\\"\"]");
        assertThat(new Datagram(FROM, new byte[] {0, (byte) 0xff}, AT, true))
                .hasToString("Datagram[from=/127.0.0.1:40000, length=2, truncated, payload=0x00ff]");
        assertThat(new Datagram(FROM, "a".repeat(65_000).getBytes(StandardCharsets.US_ASCII), AT, false).toString())
                .isEqualTo("Datagram[from=/127.0.0.1:40000, length=65000, payload=\"" + "a".repeat(64)
                        + "\"…(+64936 bytes)]");
    }

    @Test
    void nullComponents_areRejectedByName() {
        assertThatThrownBy(() -> new Datagram(null, new byte[0], AT, false)).hasMessage("sender must not be null");
        assertThatThrownBy(() -> new Datagram(FROM, null, AT, false)).hasMessage("payload must not be null");
        assertThatThrownBy(() -> new Datagram(FROM, new byte[0], null, false))
                .hasMessage("receivedAt must not be null");
    }
}
