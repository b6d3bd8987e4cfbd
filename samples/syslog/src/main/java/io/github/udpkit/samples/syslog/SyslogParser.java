package io.github.udpkit.samples.syslog;

import io.github.udpkit.samples.syslog.SyslogMessage.Format;
import io.github.udpkit.samples.syslog.SyslogMessage.SdElement;
import io.github.udpkit.samples.syslog.SyslogMessage.SdParam;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads syslog datagrams: RFC 5424 when the PRI is followed by version {@code 1}, RFC 3164 otherwise.
 *
 * <p><b>Never throws.</b> Whatever the bytes, {@link #parse(byte[])} returns a message: malformed input comes back as
 * {@link Format#UNPARSED} with the raw bytes and the reason. It reads the bytes once, front to back, with an index
 * (no regular expressions), so its time is linear in the length of the datagram, whatever it holds.
 *
 * <p>RFC 3164 is a description of practice rather than a format, and this parser follows its section 4.3: a message
 * without a PRI is read as PRI 13 (user.notice) with all of it as the text; a message whose TIMESTAMP is not
 * {@code Mmm dd hh:mm:ss} has no timestamp and no host name, and all of it after the PRI is the text. A TAG (the
 * application) is recognised only when it ends in {@code :} or {@code [pid]}.
 *
 * <p>Stateless and thread-safe.
 */
public final class SyslogParser {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private SyslogParser() {
    }

    /**
     * Parses one datagram.
     *
     * @param raw the datagram's bytes
     * @return the message; {@link Format#UNPARSED} when the bytes are not syslog
     */
    public static SyslogMessage parse(byte[] raw) {
        if (raw.length == 0) {
            return SyslogMessage.unparsed(raw, "empty datagram");
        }
        if (raw[0] != '<') {
            return rfc3164(raw, 13, 0); // RFC 3164 section 4.3.3: no PRI, so 13 (user.notice) is assumed
        }
        int close = -1;
        for (int i = 1; i < raw.length && i <= 4; i++) {
            if (raw[i] == '>') {
                close = i;
                break;
            }
        }
        int pri = close < 0 ? -1 : number(raw, 1, close);
        if (pri < 0 || pri > 191 || (close > 2 && raw[1] == '0')) {
            return SyslogMessage.unparsed(raw, "invalid PRI: expected <0> to <191> at the start");
        }
        int at = close + 1;
        if (at + 1 < raw.length && raw[at] == '1' && raw[at + 1] == ' ') {
            return new Rfc5424(raw, pri, at + 2).parse();
        }
        return rfc3164(raw, pri, at);
    }

    /** The decimal value of {@code raw[from, to)}, or -1 if it is empty or holds a non-digit. */
    private static int number(byte[] raw, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            if (raw[i] < '0' || raw[i] > '9') {
                return -1;
            }
            value = value * 10 + (raw[i] - '0');
        }
        return value;
    }

    private static String text(byte[] raw, int from, int to) {
        return new String(raw, from, Math.max(0, to - from), StandardCharsets.UTF_8);
    }

    /** RFC 3164 from {@code at}, just after the PRI. */
    private static SyslogMessage rfc3164(byte[] raw, int pri, int at) {
        String timestamp = null;
        String hostname = null;
        if (isBsdTimestamp(raw, at)) {
            int hostStart = at + 16;
            int hostEnd = hostStart;
            while (hostEnd < raw.length && raw[hostEnd] != ' ') {
                hostEnd++;
            }
            if (hostEnd > hostStart && hostEnd < raw.length) {
                timestamp = text(raw, at, at + 15);
                hostname = text(raw, hostStart, hostEnd);
                at = hostEnd + 1;
            }
        }
        // TAG: up to 48 printable characters ending in ':' or '[' (then "pid]" and an optional ':').
        String appName = null;
        String procId = null;
        int end = at;
        while (end < raw.length && end - at < 48 && raw[end] > ' ' && raw[end] < 127 && raw[end] != ':'
                && raw[end] != '[') {
            end++;
        }
        if (end > at && end < raw.length && raw[end] == ':') {
            appName = text(raw, at, end);
            at = end + 1;
        } else if (end > at && end < raw.length && raw[end] == '[') {
            int pidEnd = end + 1;
            while (pidEnd < raw.length && pidEnd - end <= 128 && raw[pidEnd] != ']' && raw[pidEnd] > ' ') {
                pidEnd++;
            }
            if (pidEnd < raw.length && raw[pidEnd] == ']') {
                appName = text(raw, at, end);
                procId = text(raw, end + 1, pidEnd);
                at = pidEnd + 1;
                if (at < raw.length && raw[at] == ':') {
                    at++;
                }
            }
        }
        if (appName != null && at < raw.length && raw[at] == ' ') {
            at++;
        }
        return new SyslogMessage(Format.RFC3164, pri / 8, pri % 8, timestamp, hostname, appName, procId, null,
                List.of(), text(raw, at, raw.length), raw, null);
    }

    /** {@code Mmm dd hh:mm:ss } at {@code at}: day space-padded, as RFC 3164 section 4.1.2 says. */
    private static boolean isBsdTimestamp(byte[] raw, int at) {
        if (at + 16 > raw.length || raw[at + 3] != ' ' || raw[at + 6] != ' ' || raw[at + 9] != ':'
                || raw[at + 12] != ':' || raw[at + 15] != ' ') {
            return false;
        }
        String month = new String(raw, at, 3, StandardCharsets.ISO_8859_1);
        int index = MONTHS.indexOf(month);
        if (index < 0 || index % 3 != 0) {
            return false;
        }
        int day = raw[at + 4] == ' ' ? number(raw, at + 5, at + 6) : number(raw, at + 4, at + 6);
        return day >= 1 && day <= 31 && between(number(raw, at + 7, at + 9), 0, 23)
                && between(number(raw, at + 10, at + 12), 0, 59) && between(number(raw, at + 13, at + 15), 0, 60);
    }

    private static boolean between(int value, int min, int max) {
        return value >= min && value <= max;
    }

    /** RFC 5424 from just after {@code <PRI>1 }: a cursor over the header fields. */
    private static final class Rfc5424 {
        private final byte[] raw;
        private final int pri;
        private int at;
        /** Set by the step that failed. */
        private SyslogMessage failure;

        Rfc5424(byte[] raw, int pri, int at) {
            this.raw = raw;
            this.pri = pri;
            this.at = at;
        }

        SyslogMessage parse() {
            String timestamp = field("TIMESTAMP", 64);
            if (timestamp == null) {
                return failure;
            }
            if (!timestamp.equals("-") && !validTimestamp(timestamp)) {
                return SyslogMessage.unparsed(raw, "RFC 5424 TIMESTAMP is not a valid date-time: '" + timestamp + "'");
            }
            String hostname = field("HOSTNAME", 255);
            String appName = hostname == null ? null : field("APP-NAME", 48);
            String procId = appName == null ? null : field("PROCID", 128);
            String msgId = procId == null ? null : field("MSGID", 32);
            if (msgId == null) {
                return failure;
            }
            List<SdElement> sd = structuredData();
            if (sd == null) {
                return failure;
            }
            String message = "";
            if (at < raw.length) {
                if (raw[at] != ' ') {
                    return SyslogMessage.unparsed(raw, "RFC 5424 STRUCTURED-DATA must be followed by a space, at byte "
                            + at);
                }
                at++;
                if (at + 3 <= raw.length && raw[at] == BOM[0] && raw[at + 1] == BOM[1] && raw[at + 2] == BOM[2]) {
                    at += 3;
                }
                message = text(raw, at, raw.length);
            }
            return new SyslogMessage(Format.RFC5424, pri / 8, pri % 8, nil(timestamp), nil(hostname), nil(appName),
                    nil(procId), nil(msgId), sd, message, raw, null);
        }

        private static String nil(String value) {
            return value.equals("-") ? null : value;
        }

        /** A header field of 1 to {@code max} printable ASCII characters followed by a space; null on failure. */
        private String field(String name, int max) {
            int start = at;
            while (at < raw.length && raw[at] != ' ') {
                if (raw[at] < 33 || raw[at] > 126 || at - start >= max) {
                    failure = SyslogMessage.unparsed(raw, "RFC 5424 " + name + " must be 1 to " + max
                            + " printable ASCII characters, at byte " + at);
                    return null;
                }
                at++;
            }
            if (at == start || at >= raw.length) {
                failure = SyslogMessage.unparsed(raw, "RFC 5424 header ends before " + name + " is complete");
                return null;
            }
            at++;
            return text(raw, start, at - 1);
        }

        private static boolean validTimestamp(String value) {
            // The shape first (YYYY-MM-DDThh:mm:ss[.1-6 digits](Z|+hh:mm|-hh:mm)), then the calendar.
            int n = value.length();
            if (n < 20 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
                    || value.charAt(13) != ':' || value.charAt(16) != ':') {
                return false;
            }
            int i = 19;
            if (value.charAt(i) == '.') {
                int digits = 0;
                for (i++; i < n && Character.isDigit(value.charAt(i)); i++) {
                    digits++;
                }
                if (digits < 1 || digits > 6) {
                    return false;
                }
            }
            boolean zone = (i == n - 1 && value.charAt(i) == 'Z')
                    || (i == n - 6 && (value.charAt(i) == '+' || value.charAt(i) == '-') && value.charAt(i + 3) == ':');
            if (!zone) {
                return false;
            }
            try {
                OffsetDateTime.parse(value);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }

        /** {@code -} or one or more {@code [id name="value" ...]}; null (and {@link #failure} set) when malformed. */
        private List<SdElement> structuredData() {
            if (at < raw.length && raw[at] == '-') {
                at++;
                return List.of();
            }
            List<SdElement> elements = new ArrayList<>();
            while (at < raw.length && raw[at] == '[') {
                at++;
                String id = name("SD-ID");
                if (id == null) {
                    return null;
                }
                List<SdParam> params = new ArrayList<>();
                while (at < raw.length && raw[at] == ' ') {
                    at++;
                    String name = name("PARAM-NAME");
                    if (name == null) {
                        return null;
                    }
                    if (at + 1 >= raw.length || raw[at] != '=' || raw[at + 1] != '"') {
                        return fail("RFC 5424 PARAM-NAME " + name + " must be followed by =\", at byte " + at);
                    }
                    at += 2;
                    String value = value();
                    if (value == null) {
                        return null;
                    }
                    params.add(new SdParam(name, value));
                }
                if (at >= raw.length || raw[at] != ']') {
                    return fail("RFC 5424 SD-ELEMENT " + id + " must end with ], at byte " + at);
                }
                at++;
                elements.add(new SdElement(id, params));
            }
            if (elements.isEmpty()) {
                return fail("RFC 5424 STRUCTURED-DATA must be - or [...], at byte " + at);
            }
            return elements;
        }

        /** SD-NAME: 1 to 32 printable ASCII characters except {@code = ] "} and space. */
        private String name(String what) {
            int start = at;
            while (at < raw.length && raw[at] > 32 && raw[at] < 127 && raw[at] != '=' && raw[at] != ']'
                    && raw[at] != '"' && at - start < 32) {
                at++;
            }
            if (at == start) {
                fail("RFC 5424 " + what + " must be 1 to 32 printable ASCII characters, at byte " + at);
                return null;
            }
            return text(raw, start, at);
        }

        /** PARAM-VALUE up to the closing quote, with {@code \" \\ \]} unescaped; other backslashes stay. */
        private String value() {
            java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
            while (at < raw.length && raw[at] != '"') {
                if (raw[at] == '\\' && at + 1 < raw.length
                        && (raw[at + 1] == '"' || raw[at + 1] == '\\' || raw[at + 1] == ']')) {
                    at++;
                }
                value.write(raw[at]);
                at++;
            }
            if (at >= raw.length) {
                fail("RFC 5424 PARAM-VALUE has no closing quote");
                return null;
            }
            at++;
            return value.toString(StandardCharsets.UTF_8);
        }

        private <T> T fail(String problem) {
            failure = SyslogMessage.unparsed(raw, problem);
            return null;
        }
    }
}
