package io.github.udpkit.samples.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.samples.syslog.SyslogMessage.Format;
import io.github.udpkit.samples.syslog.SyslogMessage.SdElement;
import io.github.udpkit.samples.syslog.SyslogMessage.SdParam;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of RFC 5424 section 6.5 and RFC 3164 section 5.4, field by field, and malformed input. */
class SyslogParserTest {
    private static final String BOM = "\uFEFF"; // encodes as EF BB BF

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static SyslogMessage parse(String text) {
        return SyslogParser.parse(utf8(text));
    }

    private static SyslogMessage expected(Format format, int facility, int severity, String timestamp, String host,
                                          String app, String procId, String msgId, List<SdElement> sd,
                                          String message, String raw) {
        return new SyslogMessage(format, facility, severity, timestamp, host, app, procId, msgId, sd, message,
                utf8(raw), null);
    }

    @Test
    void rfc5424_example1_withBomAndNilStructuredData() {
        String raw = "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - " + BOM
                + "'su root' failed for lonvick on /dev/pts/8";
        SyslogMessage m = parse(raw);
        assertThat(m).isEqualTo(expected(Format.RFC5424, 4, 2, "2003-10-11T22:14:15.003Z", "mymachine.example.com",
                "su", null, "ID47", List.of(), "'su root' failed for lonvick on /dev/pts/8", raw));
        assertThat(m.facilityName() + "." + m.severityName()).isEqualTo("auth.crit");
        assertThat(m.dateTime()).contains(OffsetDateTime.of(2003, 10, 11, 22, 14, 15, 3_000_000, ZoneOffset.UTC));
    }

    @Test
    void rfc5424_example2_microsecondsAndAnOffset() {
        String raw = "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the "
                + "do-nuts.";
        SyslogMessage m = parse(raw);
        assertThat(m).isEqualTo(expected(Format.RFC5424, 20, 5, "2003-08-24T05:14:15.000003-07:00", "192.0.2.1",
                "myproc", "8710", null, List.of(), "%% It's time to make the do-nuts.", raw));
        assertThat(m.facilityName() + "." + m.severityName()).isEqualTo("local4.notice");
        assertThat(m.dateTime()).contains(OffsetDateTime.of(2003, 8, 24, 5, 14, 15, 3_000,
                ZoneOffset.ofHours(-7)));
    }

    @Test
    void rfc5424_example3_structuredDataAndMessage() {
        String raw = "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 "
                + "iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] " + BOM
                + "An application event log entry...";
        assertThat(parse(raw)).isEqualTo(expected(Format.RFC5424, 20, 5, "2003-10-11T22:14:15.003Z",
                "mymachine.example.com", "evntslog", null, "ID47",
                List.of(new SdElement("exampleSDID@32473", List.of(new SdParam("iut", "3"),
                        new SdParam("eventSource", "Application"), new SdParam("eventID", "1011")))),
                "An application event log entry...", raw));
    }

    @Test
    void rfc5424_example4_twoStructuredDataElementsAndNoMessage() {
        String raw = "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 "
                + "iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]";
        assertThat(parse(raw)).isEqualTo(expected(Format.RFC5424, 20, 5, "2003-10-11T22:14:15.003Z",
                "mymachine.example.com", "evntslog", null, "ID47",
                List.of(new SdElement("exampleSDID@32473", List.of(new SdParam("iut", "3"),
                                new SdParam("eventSource", "Application"), new SdParam("eventID", "1011"))),
                        new SdElement("examplePriority@32473", List.of(new SdParam("class", "high")))),
                "", raw));
    }

    @Test
    void rfc5424_escapesInParamValues_andAllNilFields() {
        String raw = "<0>1 - - - - - [id@1 a=\"q\\\"b\\\\s\\]e\\x\"] m";
        assertThat(parse(raw)).isEqualTo(expected(Format.RFC5424, 0, 0, null, null, null, null, null,
                List.of(new SdElement("id@1", List.of(new SdParam("a", "q\"b\\s]e\\x")))), "m", raw));
    }

    @Test
    void rfc3164_example1() {
        String raw = "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8";
        SyslogMessage m = parse(raw);
        assertThat(m).isEqualTo(expected(Format.RFC3164, 4, 2, "Oct 11 22:14:15", "mymachine", "su", null, null,
                List.of(), "'su root' failed for lonvick on /dev/pts/8", raw));
        assertThat(m.dateTime()).isEmpty();
    }

    @Test
    void rfc3164_example2_withoutPri_is13_userNotice() {
        assertThat(parse("Use the BFG!")).isEqualTo(expected(Format.RFC3164, 1, 5, null, null, null, null, null,
                List.of(), "Use the BFG!", "Use the BFG!"));
    }

    @Test
    void rfc3164_example2_asRelayed() {
        String raw = "<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!";
        assertThat(parse(raw)).isEqualTo(expected(Format.RFC3164, 1, 5, "Feb  5 17:32:18", "10.0.0.99", null, null,
                null, List.of(), "Use the BFG!", raw));
    }

    @Test
    void rfc3164_example3_cstIsTheHostName_asTheRfcSays() {
        String raw = "<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  "
                + "Ingredients: Mix=OK, Jelly=OK # Devices: Mixer=OK, Jelly_Injector=OK, Frier=OK # Transport: "
                + "Conveyer1=OK, Conveyer2=OK # %%";
        assertThat(parse(raw)).isEqualTo(expected(Format.RFC3164, 20, 5, "Aug 24 05:34:00", "CST", null, null, null,
                List.of(), raw.substring(raw.indexOf("1987")), raw));
    }

    @Test
    void rfc3164_example4_invalidTimestamp_theRestIsTheMessage() {
        String raw = "<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!";
        assertThat(parse(raw)).isEqualTo(expected(Format.RFC3164, 0, 0, null, null, null, null, null, List.of(),
                raw.substring(3), raw));
    }

    @Test
    void rfc3164_example5_asRelayed() {
        String raw = "<0>Oct 22 10:52:12 scapegoat 1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 "
                + "sched[0]: That's All Folks!";
        assertThat(parse(raw)).isEqualTo(expected(Format.RFC3164, 0, 0, "Oct 22 10:52:12", "scapegoat", null, null,
                null, List.of(), raw.substring(raw.indexOf("1990")), raw));
    }

    @Test
    void rfc3164_tagWithPid() {
        String raw = "<30>Oct  9 22:33:20 hlfedora auditd[1787]: The audit daemon is exiting.";
        assertThat(parse(raw)).isEqualTo(expected(Format.RFC3164, 3, 6, "Oct  9 22:33:20", "hlfedora", "auditd",
                "1787", null, List.of(), "The audit daemon is exiting.", raw));
    }

    @Test
    void malformed_isUnparsed_withTheRawBytesAndTheReason() {
        assertThat(parse("<192>x")).isEqualTo(SyslogMessage.unparsed(utf8("<192>x"),
                "invalid PRI: expected <0> to <191> at the start"));
        assertThat(parse("<01>x").problem()).isEqualTo("invalid PRI: expected <0> to <191> at the start");
        assertThat(parse("<12").problem()).isEqualTo("invalid PRI: expected <0> to <191> at the start");
        assertThat(SyslogParser.parse(new byte[0]).problem()).isEqualTo("empty datagram");
        assertThat(parse("<34>1 2003-02-30T22:14:15Z h a p m -").problem())
                .isEqualTo("RFC 5424 TIMESTAMP is not a valid date-time: '2003-02-30T22:14:15Z'");
        assertThat(parse("<34>1 2003-10-11T22:14:15Z h a p").problem())
                .isEqualTo("RFC 5424 header ends before PROCID is complete");
        assertThat(parse("<34>1 - h a p m [x a=\"1\"").problem())
                .isEqualTo("RFC 5424 SD-ELEMENT x must end with ], at byte 24");
        assertThat(parse("<34>1 - h a p m [x a=\"1]").problem()).isEqualTo("RFC 5424 PARAM-VALUE has no closing quote");
        assertThat(parse("<34>1 - h a p m -x").problem())
                .isEqualTo("RFC 5424 STRUCTURED-DATA must be followed by a space, at byte 17");
        assertThat(parse("<34>1 - h a p m x").problem())
                .isEqualTo("RFC 5424 STRUCTURED-DATA must be - or [...], at byte 16");
        ByteArrayOutputStream controlInHost = new ByteArrayOutputStream();
        controlInHost.writeBytes(utf8("<34>1 - h"));
        controlInHost.write(0x07);
        controlInHost.writeBytes(utf8(" a p m - x"));
        SyslogMessage m = SyslogParser.parse(controlInHost.toByteArray());
        assertThat(m.format()).isEqualTo(Format.UNPARSED);
        assertThat(m.problem()).isEqualTo("RFC 5424 HOSTNAME must be 1 to 255 printable ASCII characters, at byte 9");
        assertThat(m.raw()).isEqualTo(controlInHost.toByteArray());
    }
}
