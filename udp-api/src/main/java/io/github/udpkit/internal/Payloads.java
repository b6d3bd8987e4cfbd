package io.github.udpkit.internal;

import java.nio.ByteBuffer;

/**
 * Short, safe renderings of payloads for messages and logs: printable text in quotes with escapes, otherwise hex,
 * never more than a fixed number of bytes, so a 64 KB payload never lands in a log line and control characters never
 * reach a terminal.
 */
public final class Payloads {
    /** How many payload bytes a preview shows at most. */
    public static final int PREVIEW_BYTES = 64;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Payloads() {
    }

    /**
     * Renders at most {@link #PREVIEW_BYTES} bytes of a payload.
     *
     * @param payload the bytes
     * @return a quoted, escaped text when the shown bytes are printable ASCII or common whitespace; hex otherwise;
     *     with {@code …(+N bytes)} when it was cut
     */
    public static String preview(byte[] payload) {
        return preview(ByteBuffer.wrap(payload), PREVIEW_BYTES);
    }

    /**
     * Renders at most {@code maxBytes} bytes of a buffer's remaining content, without changing the buffer.
     *
     * @param payload the buffer; its position and limit are left as they were
     * @param maxBytes how many bytes to show at most
     * @return the rendering described in {@link #preview(byte[])}
     */
    public static String preview(ByteBuffer payload, int maxBytes) {
        int start = payload.position();
        int length = payload.remaining();
        int shown = Math.min(length, Math.max(0, maxBytes));
        boolean text = true;
        for (int i = 0; i < shown && text; i++) {
            int b = payload.get(start + i) & 0xff;
            text = (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t';
        }
        StringBuilder out = new StringBuilder(shown * 2 + 24);
        if (text) {
            out.append('"');
            for (int i = 0; i < shown; i++) {
                char c = (char) (payload.get(start + i) & 0xff);
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> out.append(c);
                }
            }
            out.append('"');
        } else {
            out.append("0x");
            for (int i = 0; i < shown; i++) {
                int b = payload.get(start + i) & 0xff;
                out.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
            }
        }
        if (shown < length) {
            out.append("…(+").append(length - shown).append(" bytes)");
        }
        return out.toString();
    }

    /**
     * Renders a whole payload as lower-case hex, for assertions that need every byte.
     *
     * @param payload the bytes
     * @return two hex digits per byte, no separators
     */
    public static String hex(byte[] payload) {
        StringBuilder out = new StringBuilder(payload.length * 2);
        for (byte value : payload) {
            int b = value & 0xff;
            out.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
        }
        return out.toString();
    }
}
