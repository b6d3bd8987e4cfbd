package io.github.udpkit.samples.udpcat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a payload as one line of bytes, into a caller's array: lowercase hex, or UTF-8 text with backslash, newline,
 * carriage return, tab and other control characters escaped ({@code \\}, {@code \n}, {@code \r}, {@code \t},
 * {@code \xNN}) and invalid UTF-8 replaced with U+FFFD, exactly as {@code new String(payload, UTF_8)} replaces it.
 *
 * <p>Built for a flood: no allocation, no decoding to {@code char}s and no formatting per byte. An ASCII byte is
 * looked up in a table of its output (itself or its escape, formatted once) and written with one store; a valid
 * multi-byte sequence is copied as it is (it is its own UTF-8); an invalid one becomes the three bytes of U+FFFD.
 * Stateless: may be used from any thread.
 */
final class LineFormat {
    /** The most bytes a line can take per payload byte: a control byte becomes {@code \xNN}. */
    static final int MAX_EXPANSION = 4;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Writes a little-endian {@code int} into a {@code byte[]}: up to four output bytes in one store. */
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** U+FFFD in UTF-8, {@code EF BF BD}, as the low three bytes of a little-endian {@code int}. */
    private static final int REPLACEMENT = 0xbdbfef;
    /** For each ASCII byte: its output (itself or its escape), little-endian in the low 32 bits; its length above. */
    private static final long[] ASCII = new long[128];

    static {
        for (int b = 0; b < 128; b++) {
            String escape = switch (b) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> b < 0x20 || b == 0x7f ? String.format("\\x%02x", b) : String.valueOf((char) b);
            };
            long packed = 0;
            for (int k = 0; k < escape.length(); k++) {
                packed |= (long) escape.charAt(k) << (8 * k);
            }
            ASCII[b] = (long) escape.length() << 32 | packed;
        }
    }

    private LineFormat() {
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
    static int text(byte[] in, int length, byte[] out, int at) {
        int p = at;
        int i = 0;
        while (i < length) {
            int b = in[i];
            if (b >= 0) { // ASCII: the byte or its escape, as one 4-byte store (the slack is overwritten or unused)
                long t = ASCII[b];
                INT.set(out, p, (int) t);
                p += (int) (t >>> 32);
                i++;
                continue;
            }
            int n = b < (byte) 0xc2 ? -1 : sequence(in, i, length); // 80..C1 never start a sequence
            if (n > 0) { // valid UTF-8 is its own encoding
                System.arraycopy(in, i, out, p, n);
                p += n;
                i += n;
            } else {
                INT.set(out, p, REPLACEMENT);
                p += 3;
                i -= n;
            }
        }
        out[p++] = '\n';
        return p;
    }

    /**
     * Reads the multi-byte sequence at {@code in[i]}: returns its length when it is valid UTF-8, or minus the number
     * of bytes to replace with one U+FFFD when it is not. The lengths are those of the JDK's UTF-8 decoder
     * ({@code sun.nio.cs.UTF_8} and {@code new String(bytes, UTF_8)}): the longest prefix of a valid sequence,
     * except that a surrogate ({@code ED A0..BF xx}) is one replacement for its three bytes, and a sequence cut
     * short by the end of the payload is one replacement for what is left.
     */
    private static int sequence(byte[] in, int i, int end) {
        int b1 = in[i] & 0xff;
        if (b1 < 0xc2) {
            return -1; // 80..BF: a continuation byte; C0, C1: an overlong two-byte start
        }
        int left = end - i;
        if (b1 <= 0xdf) {
            if (left < 2) {
                return -1;
            }
            return continuation(in[i + 1]) ? 2 : -1;
        }
        if (b1 <= 0xef) {
            if (left < 3) {
                return left > 1 && !second3(b1, in[i + 1] & 0xff) ? -1 : -left;
            }
            int b2 = in[i + 1] & 0xff;
            if (!second3(b1, b2)) {
                return -1;
            }
            if (!continuation(in[i + 2])) {
                return -2;
            }
            return b1 == 0xed && b2 >= 0xa0 ? -3 : 3; // ED A0..BF: a surrogate
        }
        if (b1 <= 0xf7) {
            if (left < 4) {
                if (b1 > 0xf4 || left > 1 && !second4(b1, in[i + 1] & 0xff)) {
                    return -1;
                }
                return left > 2 && !continuation(in[i + 2]) ? -2 : -left;
            }
            int b2 = in[i + 1] & 0xff;
            if (b1 > 0xf4 || !second4(b1, b2)) {
                return -1;
            }
            if (!continuation(in[i + 2])) {
                return -2;
            }
            return continuation(in[i + 3]) ? 4 : -3;
        }
        return -1; // F8..FF: never in UTF-8
    }

    private static boolean continuation(int b) {
        return (b & 0xc0) == 0x80;
    }

    /** Whether {@code b2} may follow {@code b1} (E0..EF) in a three-byte sequence: E0 needs A0..BF. */
    private static boolean second3(int b1, int b2) {
        return continuation(b2) && !(b1 == 0xe0 && b2 < 0xa0);
    }

    /** Whether {@code b2} may follow {@code b1} (F0..F4) in a four-byte sequence: F0 needs 90..BF, F4 80..8F. */
    private static boolean second4(int b1, int b2) {
        return continuation(b2) && !(b1 == 0xf0 && b2 < 0x90) && !(b1 == 0xf4 && b2 > 0x8f);
    }
}
