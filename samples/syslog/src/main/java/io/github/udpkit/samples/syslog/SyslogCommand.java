package io.github.udpkit.samples.syslog;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The {@code syslog} command: a syslog receiver that prints one line per message.
 */
public final class SyslogCommand {
    static final String USAGE = """
            usage: syslog [--host H] [--port P] [--max-size N]
            Receives syslog datagrams (RFC 5424 and RFC 3164) and prints one line per message, until stopped (Ctrl-C):
              rfc5424 FACILITY.SEVERITY TIMESTAMP HOST APP PROCID MSGID STRUCTURED-DATA MESSAGE
              rfc3164 FACILITY.SEVERITY TIMESTAMP HOST APP PROCID - - MESSAGE
              unparsed (REASON) HEX-OF-THE-DATAGRAM
            with - for a field the message did not carry.
              --host H       address to listen on (default 127.0.0.1; 0.0.0.0 or :: for every interface)
              --port P       port (default 5514; the standard 514 needs root)
              --max-size N   largest datagram parsed, 1 to 65527 (default 8192); larger ones are printed as unparsed
              --help         this text
            try: logger --rfc5424 -n 127.0.0.1 -P 5514 -d "hello"   or   logger --rfc3164 -n 127.0.0.1 -P 5514 -d hi""";

    private SyslogCommand() {
    }

    /**
     * The {@code syslog} command; returns at once and leaves the receiver running until the JVM stops.
     *
     * @param args the options, see {@code --help}
     * @param out one line per message
     * @param err the listening address
     * @return 0
     * @throws IllegalArgumentException for a bad option
     */
    public static int cli(String[] args, PrintStream out, PrintStream err) {
        String host = "127.0.0.1";
        int port = 5514;
        int maxSize = SyslogServer.DEFAULT_MAX_SIZE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "--host" -> host = value(args, i++);
                case "--port" -> port = number(args, i++, 0, 65535);
                case "--max-size" -> maxSize = number(args, i++, 1, 65527);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        InetSocketAddress bind;
        try {
            bind = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'", e);
        }
        SyslogServer server = SyslogServer.start(bind, maxSize, m -> out.println(SyslogServer.line(m)));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        err.println("syslog receiver on " + server.localAddress() + " (Ctrl-C to stop)");
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException("option " + args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static int number(String[] args, int i, int min, int max) {
        String value = value(args, i);
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(args[i] + " must be a number from " + min + " to " + max + ", was '"
                + value + "'");
    }
}
