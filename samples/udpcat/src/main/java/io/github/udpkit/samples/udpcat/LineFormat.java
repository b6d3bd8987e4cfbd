package io.github.udpkit.samples.udpcat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Writes a payload as one line of bytes, into a caller's array: lowercase hex, or UTF-8 text with backslash, newline,
 * carriage return, tab and other control characters escaped ({@code \\}, {@code \n}, {@code \r}, {@code \t},
 * {@code \xNN}) and invalid UTF-8 replaced with U+FFFD, exactly as {@code new String(payload, UTF_8)} replaces it.
 *
 * <p>Built for a flood: no allocation and no formatting per byte. ASCII is escaped byte by byte; a payload with other
 * bytes is decoded with one reused decoder into one reused buffer.
 *
 * <p>Not thread-safe: one per receive thread.
 */
final class LineFormat {
    /** The most bytes a line can take per payload byte: a control byte becomes {@code \xNN}. */
    static final int MAX_EXPANSION = 4;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars;
    private byte[] wrapped = new byte[0];
    private ByteBuffer wrapper = ByteBuffer.wrap(wrapped);

    /**
     * Creates a formatter for payloads of up to {@code maxSize} bytes.
     *
     * @param maxSize the largest payload
     */
    LineFormat(int maxSize) {
        this.chars = CharBuffer.allocate(maxSize); // UTF-8 never decodes to more chars than bytes
    }

    /**
     * Returns the largest line, newline included, for a payload of {@code length} bytes.
     *
     * @param length the payload's length
     * @return the bytes {@code out} must have free
     */
    static int maxLine(int length) {
        return MAX_EXPANSION * length + 1;
    }

    /**
     * Writes {@code in[0, length)} as lowercase hex and a newline.
     *
     * @param in the payload
     * @param length its length
     * @param out where the line goes, with at least {@link #maxLine(int)} bytes free from {@code at}
     * @param at where in {@code out} the line starts
     * @return where in {@code out} the line ends
     */
    static int hex(byte[] in, int length, byte[] out, int at) {
        int p = at;
        for (int i = 0; i < length; i++) {
            int b = in[i] & 0xff;
            out[p++] = HEX[b >>> 4];
            out[p++] = HEX[b & 0xf];
        }
        out[p++] = '\n';
        return p;
    }

    /**
     * Writes {@code in[0, length)} as escaped UTF-8 text and a newline.
     *
     * @param in the payload
     * @param length its length
     * @param out where the line goes, with at least {@link #maxLine(int)} bytes free from {@code at}
     * @param at where in {@code out} the line starts
     * @return where in {@code out} the line ends
     */
    int text(byte[] in, int length, byte[] out, int at) {
        int p = at;
        for (int i = 0; i < length; i++) {
            byte b = in[i];
            if (b < 0) {
                return decoded(in, length, out, at); // not ASCII: decode the whole payload
            }
            p = ascii(b, out, p);
        }
        out[p++] = '\n';
        return p;
    }

    private int decoded(byte[] in, int length, byte[] out, int at) {
        if (in != wrapped) {
            wrapped = in;
            wrapper = ByteBuffer.wrap(in);
        }
        wrapper.limit(length).position(0);
        decoder.reset();
        chars.clear();
        decoder.decode(wrapper, chars, true);
        decoder.flush(chars);
        chars.flip();
        int p = at;
        int n = chars.limit();
        for (int i = 0; i < n; i++) {
            char c = chars.get(i);
            if (c < 0x80) {
                p = ascii((byte) c, out, p);
            } else if (c < 0x800) {
                out[p++] = (byte) (0xc0 | c >>> 6);
                out[p++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(chars.get(i + 1))) {
                int cp = Character.toCodePoint(c, chars.get(++i));
                out[p++] = (byte) (0xf0 | cp >>> 18);
                out[p++] = (byte) (0x80 | cp >>> 12 & 0x3f);
                out[p++] = (byte) (0x80 | cp >>> 6 & 0x3f);
                out[p++] = (byte) (0x80 | cp & 0x3f);
            } else { // the decoder never yields a lone surrogate
                out[p++] = (byte) (0xe0 | c >>> 12);
                out[p++] = (byte) (0x80 | c >>> 6 & 0x3f);
                out[p++] = (byte) (0x80 | c & 0x3f);
            }
        }
        out[p++] = '\n';
        return p;
    }

    private static int ascii(byte b, byte[] out, int at) {
        int p = at;
        if (b >= 0x20 && b != 0x7f && b != '\\') {
            out[p++] = b;
            return p;
        }
        out[p++] = '\\';
        switch (b) {
            case '\\' -> out[p++] = '\\';
            case '\n' -> out[p++] = 'n';
            case '\r' -> out[p++] = 'r';
            case '\t' -> out[p++] = 't';
            default -> {
                out[p++] = 'x';
                out[p++] = HEX[b >>> 4];
                out[p++] = HEX[b & 0xf];
            }
        }
        return p;
    }
}
