package io.github.udpkit.samples.syslog;

import io.github.udpkit.UdpLimits;
import io.github.udpkit.samples.Cli;
import java.io.PrintStream;
import java.net.InetSocketAddress;

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
              --port P       port, 0 to 65535 (default 5514; the standard 514 needs root; 0 binds a free one)
              --max-size N   largest datagram parsed, 1 to 65527 (default 8192); larger ones are printed as unparsed
              --help         this text
            Options are written --port 5514 or --port=5514.
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
        Cli cli = new Cli(args);
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "--host" -> host = cli.value();
                case "--port" -> port = cli.port();
                case "--max-size" -> maxSize = cli.number(1, UdpLimits.IPV6_MAX_PAYLOAD);
                default -> throw cli.unknown();
            }
        }
        InetSocketAddress bind = new InetSocketAddress(Cli.host(host), port);
        SyslogServer server = SyslogServer.start(bind, maxSize, m -> out.println(SyslogServer.line(m)));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        err.println("syslog receiver on " + Cli.format(server.localAddress()) + " (Ctrl-C to stop)");
        return 0;
    }
}
