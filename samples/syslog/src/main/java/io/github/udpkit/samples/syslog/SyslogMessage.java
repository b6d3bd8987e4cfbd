package io.github.udpkit.samples.syslog;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One syslog message as {@link SyslogParser} read it. Fields the message did not carry (or carried as the RFC 5424
 * NILVALUE {@code -}) are {@code null}; an {@link Format#UNPARSED} message carries only its raw bytes and the reason.
 *
 * @param format which format it was read as
 * @param facility 0 (kern) to 23 (local7); -1 when unparsed
 * @param severity 0 (emerg) to 7 (debug); -1 when unparsed
 * @param timestamp the timestamp as sent ({@code 2003-10-11T22:14:15.003Z}, or {@code Oct 11 22:14:15} in RFC 3164)
 * @param hostname the HOSTNAME field
 * @param appName RFC 5424 APP-NAME, or the RFC 3164 TAG
 * @param procId RFC 5424 PROCID, or the RFC 3164 {@code [pid]} after the tag
 * @param msgId RFC 5424 MSGID
 * @param structuredData RFC 5424 STRUCTURED-DATA elements, in order; empty when none
 * @param message the free-form text (UTF-8, without a leading byte order mark); {@code ""} when none
 * @param raw the datagram's bytes, exactly as received
 * @param problem why an {@code UNPARSED} message could not be read; {@code null} otherwise
 */
public record SyslogMessage(Format format, int facility, int severity, String timestamp, String hostname,
                            String appName, String procId, String msgId, List<SdElement> structuredData,
                            String message, byte[] raw, String problem) {

    /** The formats a message can be read as. */
    public enum Format {
        /** RFC 5424: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG}. */
        RFC5424,
        /** RFC 3164 (BSD syslog): {@code <PRI>Mmm dd hh:mm:ss HOSTNAME TAG: MSG}, or anything without a PRI. */
        RFC3164,
        /** Not a syslog message: see {@link SyslogMessage#problem()}. */
        UNPARSED
    }

    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0",
            "local1", "local2", "local3", "local4", "local5", "local6", "local7");
    private static final List<String> SEVERITIES = List.of("emerg", "alert", "crit", "err", "warning", "notice",
            "info", "debug");

    /**
     * Copies the lists and the raw bytes, so the record cannot be changed from outside.
     *
     * @param format which format it was read as
     * @param facility the facility
     * @param severity the severity
     * @param timestamp the timestamp as sent
     * @param hostname the host name
     * @param appName the application
     * @param procId the process id
     * @param msgId the message id
     * @param structuredData the structured data
     * @param message the text
     * @param raw the bytes as received
     * @param problem why it was not parsed
     */
    public SyslogMessage {
        structuredData = List.copyOf(structuredData);
        raw = raw.clone();
    }

    static SyslogMessage unparsed(byte[] raw, String problem) {
        return new SyslogMessage(Format.UNPARSED, -1, -1, null, null, null, null, null, List.of(), null, raw, problem);
    }

    /**
     * Returns a copy of the bytes as received.
     *
     * @return the raw datagram
     */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /**
     * Returns the RFC 5424 timestamp as a date-time; RFC 3164 timestamps have no year and no zone, so they have none.
     *
     * @return the time, or empty
     */
    public Optional<OffsetDateTime> dateTime() {
        return format == Format.RFC5424 && timestamp != null ? Optional.of(OffsetDateTime.parse(timestamp))
                : Optional.empty();
    }

    /**
     * Returns the facility's keyword, as in {@code syslog.conf}.
     *
     * @return {@code kern}, {@code user}, ..., {@code local7}; {@code -} when unparsed
     */
    public String facilityName() {
        return facility >= 0 ? FACILITIES.get(facility) : "-";
    }

    /**
     * Returns the severity's keyword, as in {@code syslog.conf}.
     *
     * @return {@code emerg}, ..., {@code debug}; {@code -} when unparsed
     */
    public String severityName() {
        return severity >= 0 ? SEVERITIES.get(severity) : "-";
    }

    /**
     * Tells whether another message has the same fields and raw bytes.
     *
     * @param other the object to compare with
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof SyslogMessage m && format == m.format && facility == m.facility
                && severity == m.severity && java.util.Objects.equals(timestamp, m.timestamp)
                && java.util.Objects.equals(hostname, m.hostname) && java.util.Objects.equals(appName, m.appName)
                && java.util.Objects.equals(procId, m.procId) && java.util.Objects.equals(msgId, m.msgId)
                && structuredData.equals(m.structuredData) && java.util.Objects.equals(message, m.message)
                && Arrays.equals(raw, m.raw) && java.util.Objects.equals(problem, m.problem);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(format, facility, severity, timestamp, hostname, appName, procId, msgId,
                structuredData, message, problem) * 31 + Arrays.hashCode(raw);
    }

    /**
     * Describes the message by its fields; the raw bytes by their length only.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        return "SyslogMessage[" + format + " " + facilityName() + "." + severityName() + " timestamp=" + timestamp
                + " host=" + hostname + " app=" + appName + " procid=" + procId + " msgid=" + msgId + " sd="
                + structuredData + " message=" + message + " raw=" + raw.length + " bytes"
                + (problem != null ? " problem=" + problem : "") + "]";
    }

    /**
     * One RFC 5424 SD-ELEMENT: {@code [id name="value" ...]}.
     *
     * @param id the SD-ID, for example {@code exampleSDID@32473}
     * @param params its parameters, in order, values unescaped
     */
    public record SdElement(String id, List<SdParam> params) {
        /**
         * Copies the parameters.
         *
         * @param id the SD-ID
         * @param params the parameters
         */
        public SdElement {
            params = List.copyOf(params);
        }
    }

    /**
     * One SD-PARAM: {@code name="value"}.
     *
     * @param name the PARAM-NAME
     * @param value the PARAM-VALUE with {@code \"}, {@code \\} and {@code \]} unescaped
     */
    public record SdParam(String name, String value) {
    }
}
