package io.github.udpkit.samples.syslog;

import io.github.udpkit.UdpReceiver;
import io.github.udpkit.samples.syslog.SyslogMessage.Format;
import io.github.udpkit.samples.syslog.SyslogMessage.SdElement;
import io.github.udpkit.samples.syslog.SyslogMessage.SdParam;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A syslog receiver (RFC 5426: one message per UDP datagram): parses each datagram and hands one line per message
 * to a consumer. A datagram over the size limit is not parsed (its end is missing) but reported as unparsed.
 */
public final class SyslogServer implements AutoCloseable {
    /** The default size limit; RFC 5426 asks receivers to accept at least 2,048 bytes. */
    public static final int DEFAULT_MAX_SIZE = 8192;

    private final UdpReceiver receiver;

    private SyslogServer(InetSocketAddress bind, int maxSize, Consumer<SyslogMessage> messages) {
        this.receiver = UdpReceiver.builder()
                .bind(bind)
                .maxDatagramSize(maxSize)
                .onDatagram(d -> messages.accept(SyslogParser.parse(d.payload())))
                .onTruncated(d -> messages.accept(SyslogMessage.unparsed(d.payload(), "datagram larger than " + maxSize
                        + " bytes, only the first " + d.length() + " were received")))
                .start();
    }

    /**
     * Binds and starts a receiver that parses each datagram.
     *
     * @param bind the local address, for example {@code 127.0.0.1:5514}; port 0 for any free port
     * @param maxSize the largest datagram parsed, 1 to 65,527 bytes
     * @param messages told each message, on the receive thread, in arrival order
     * @return the running server; close it to stop
     * @throws io.github.udpkit.UdpBindException if the address cannot be bound (port 514 needs privileges)
     */
    public static SyslogServer start(InetSocketAddress bind, int maxSize, Consumer<SyslogMessage> messages) {
        return new SyslogServer(bind, maxSize, messages);
    }

    /**
     * Formats a message as one line. Parsed: {@code rfc5424 auth.crit TIMESTAMP HOST APP PROCID MSGID SD MESSAGE},
     * with {@code -} for absent fields. Unparsed: {@code unparsed (PROBLEM) HEX-OF-THE-RAW-BYTES}. Control characters
     * in the text are escaped ({@code \n}, {@code \r}, {@code \t}, {@code \xNN}) so that one message stays one line.
     *
     * @param m the message
     * @return the line, without line terminator
     */
    public static String line(SyslogMessage m) {
        if (m.format() == Format.UNPARSED) {
            return "unparsed (" + m.problem() + ") " + HexFormat.of().formatHex(m.raw());
        }
        StringBuilder sd = new StringBuilder();
        for (SdElement element : m.structuredData()) {
            sd.append('[').append(element.id());
            for (SdParam param : element.params()) {
                sd.append(' ').append(param.name()).append("=\"")
                        .append(param.value().replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]"))
                        .append('"');
            }
            sd.append(']');
        }
        return (m.format() == Format.RFC5424 ? "rfc5424 " : "rfc3164 ") + m.facilityName() + "." + m.severityName()
                + " " + dash(m.timestamp()) + " " + dash(m.hostname()) + " " + dash(m.appName()) + " "
                + dash(m.procId()) + " " + dash(m.msgId()) + " " + (sd.length() == 0 ? "-" : escape(sd.toString()))
                + " " + escape(m.message());
    }

    private static String dash(String value) {
        return value == null ? "-" : escape(value);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Returns the address the server listens on.
     *
     * @return the bound address, with the port the operating system chose for port 0
     */
    public InetSocketAddress localAddress() {
        return receiver.localAddress();
    }

    /**
     * Returns how many datagrams arrived.
     *
     * @return the receiver's count
     */
    public long received() {
        return receiver.stats().received();
    }

    /**
     * Returns how many datagrams made the message consumer throw (the receiver reports and survives them).
     *
     * @return the receiver's count
     */
    public long listenerFailures() {
        return receiver.stats().listenerFailures();
    }

    /** Stops the server and releases its port. */
    @Override
    public void close() {
        receiver.close();
    }
}
