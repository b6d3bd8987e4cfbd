package io.github.udpkit.samples.udpcat;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpLimits;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;

/**
 * netcat for UDP: {@code udpcat listen} prints each datagram it receives on a line of its own, {@code udpcat send}
 * sends its argument, or each line of standard input, as one datagram. IPv4 and IPv6.
 */
public final class UdpCat {
    static final String USAGE = """
            usage: udpcat listen [--host H] --port P [--max-size N] [--hex] [--count N]
                   udpcat send --to HOST:PORT [--hex] [MESSAGE]

            listen  prints each datagram on a line of its own, until stopped (Ctrl-C) or --count datagrams arrived
              --host H       address to listen on (default 127.0.0.1; ::1 for IPv6; 0.0.0.0 or :: for every interface)
              --port P       port, 0 to 65535 (required; 0 picks a free one, reported on standard error)
              --max-size N   largest datagram printed whole, 1 to 65527 (default 65527); a larger one is printed cut to
                             N bytes and standard error says it was truncated
              --hex          print the bytes as lowercase hex instead of text
              --count N      exit after N datagrams
              As text, the bytes are read as UTF-8; a backslash, newline, carriage return, tab or other control
              character is printed as \\\\, \\n, \\r, \\t or \\xNN, so that each datagram stays on one line.

            send    sends MESSAGE (UTF-8) as one datagram; without MESSAGE, each line of standard input (without its
                    \\n) as one datagram, until end of input
              --to HOST:PORT the target (127.0.0.1:9999, [::1]:9999)
              --hex          MESSAGE and the lines are hex (0a1bff...), sent as those bytes
              Exit status 1 if a datagram could not be sent (for example, over 65,507 bytes).

              --help         this text""";

    private UdpCat() {
    }

    /**
     * The {@code udpcat} command.
     *
     * @param args {@code listen ...} or {@code send ...}; see {@code --help}
     * @param out the datagrams ({@code listen})
     * @param err notes: the listening address, truncation, send failures
     * @return 0 on success, 1 if a send failed
     * @throws InterruptedException if interrupted while listening
     * @throws IllegalArgumentException for a bad option
     */
    public static int cli(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Options options = Options.parse(args, out);
        if (options == null) {
            return 0;
        }
        if (options.listen()) {
            CountDownLatch done = new CountDownLatch(1);
            try (Listener listener = listen(options, out, err, done::countDown)) {
                err.println("udpcat: listening on " + Options.format(listener.localAddress()));
                done.await();
            }
            return 0;
        }
        return options.message() != null
                ? send(options.to(), options.hex(), new java.io.ByteArrayInputStream(options.message()), err, true)
                : send(options.to(), options.hex(), System.in, err, false);
    }

    /**
     * Starts listening: prints each datagram to {@code out} as a line (text or hex), notes truncation on {@code err}.
     *
     * @param options the listen options
     * @param out where the datagrams go
     * @param err where truncation is noted
     * @param done called once {@code --count} datagrams have been printed
     * @return the running listener; close it to stop
     */
    static Listener listen(Options options, PrintStream out, PrintStream err, Runnable done) {
        return new Listener(options, out, err, done);
    }

    /**
     * Sends one datagram per input line, or the whole input as one datagram.
     *
     * @param to the target
     * @param hex whether the input is hex
     * @param in the input
     * @param err where failures are reported
     * @param whole {@code true} to send the whole input as one datagram (the MESSAGE argument)
     * @return 0 if every datagram was sent, 1 otherwise
     */
    static int send(InetSocketAddress to, boolean hex, InputStream in, PrintStream err, boolean whole) {
        int status = 0;
        // Unconnected, so that an empty line can be sent as an empty datagram.
        try (UdpSender sender = UdpSender.builder().target(to).connected(false).build()) {
            LineReader lines = new LineReader(in, whole);
            int number = 0;
            for (byte[] line = lines.next(); line != null; line = lines.next()) {
                number++;
                try {
                    sender.send(hex ? fromHex(line, number) : line);
                } catch (UdpException | IllegalArgumentException e) {
                    err.println("udpcat: line " + number + " not sent: " + e.getMessage());
                    status = 1;
                }
            }
        } catch (IOException e) {
            err.println("udpcat: cannot read standard input: " + e.getMessage());
            return 1;
        }
        return status;
    }

    private static byte[] fromHex(byte[] line, int number) {
        String text = new String(line, StandardCharsets.US_ASCII).strip();
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + number + " is not hex (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Formats a payload as one line: lowercase hex, or UTF-8 text with control characters and backslashes escaped.
     *
     * @param payload the bytes
     * @param hex whether to print hex
     * @return the line, without line terminator
     */
    static String line(byte[] payload, boolean hex) {
        if (hex) {
            return HexFormat.of().formatHex(payload);
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        line.append(String.format("\\x%02x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        return line.toString();
    }

    /** A running {@code udpcat listen}. */
    static final class Listener implements AutoCloseable {
        private final UdpReceiver receiver;
        private final long count;
        private long printed;

        Listener(Options options, PrintStream out, PrintStream err, Runnable done) {
            this.count = options.count();
            this.receiver = UdpReceiver.builder()
                    .bind(options.bind())
                    .maxDatagramSize(options.maxSize())
                    .onDatagram(d -> print(d, options, out, err, done))
                    .onTruncated(d -> print(d, options, out, err, done))
                    .onError(e -> err.println("udpcat: " + e.getMessage()))
                    .start();
        }

        /** Runs on the receive thread only, so {@code printed} needs no lock. */
        private void print(Datagram d, Options options, PrintStream out, PrintStream err, Runnable done) {
            if (count > 0 && printed >= count) {
                return;
            }
            if (d.truncated()) {
                err.println("udpcat: truncated: the datagram from " + Options.format(d.sender())
                        + " was larger than " + options.maxSize() + " bytes; only the first " + d.length()
                        + " are printed");
            }
            out.println(line(d.payload(), options.hex()));
            out.flush();
            printed++;
            if (count > 0 && printed == count) {
                done.run();
            }
        }

        InetSocketAddress localAddress() {
            return receiver.localAddress();
        }

        long received() {
            return receiver.stats().received();
        }

        @Override
        public void close() {
            receiver.close();
        }
    }

    /** Splits input into lines (without {@code \n}), or returns it whole once; lines are capped at UDP's maximum. */
    private static final class LineReader {
        private final InputStream in;
        private final boolean whole;
        private boolean ended;

        LineReader(InputStream in, boolean whole) {
            this.in = in.markSupported() ? in : new java.io.BufferedInputStream(in);
            this.whole = whole;
        }

        byte[] next() throws IOException {
            if (ended) {
                return null;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int limit = 2 * UdpLimits.IPV6_MAX_PAYLOAD + 2; // hex doubles the size; longer lines fail on send
            for (int b = in.read(); ; b = in.read()) {
                if (b < 0) {
                    ended = true;
                    return whole || line.size() > 0 ? line.toByteArray() : null;
                }
                if (b == '\n' && !whole) {
                    return line.toByteArray();
                }
                if (line.size() <= limit) {
                    line.write(b);
                }
            }
        }
    }

    /** The parsed command line. */
    record Options(boolean listen, InetSocketAddress bind, int maxSize, boolean hex, long count,
                   InetSocketAddress to, byte[] message) {

        static Options parse(String[] args, PrintStream out) {
            boolean listen = args[0].equals("listen");
            if (!listen && !args[0].equals("send")) {
                throw new IllegalArgumentException("the first argument must be listen or send, was '" + args[0] + "'");
            }
            String host = "127.0.0.1";
            int port = -1;
            int maxSize = UdpLimits.IPV6_MAX_PAYLOAD;
            boolean hex = false;
            long count = 0;
            InetSocketAddress to = null;
            String message = null;
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--help", "-h" -> {
                        out.println(USAGE);
                        return null;
                    }
                    case "--hex" -> hex = true;
                    case "--host" -> host = listenOnly(listen, option, value(args, i++));
                    case "--port" -> port = number(listenOnly(listen, option, value(args, i++)), option, 0, 65535);
                    case "--max-size" -> maxSize = number(listenOnly(listen, option, value(args, i++)), option, 1,
                            UdpLimits.IPV6_MAX_PAYLOAD);
                    case "--count" -> count = number(listenOnly(listen, option, value(args, i++)), option, 1,
                            Integer.MAX_VALUE);
                    case "--to" -> to = hostAndPort(sendOnly(listen, option, value(args, i++)));
                    default -> {
                        if (option.startsWith("--") || listen || message != null) {
                            throw new IllegalArgumentException("unknown option " + option);
                        }
                        message = option;
                    }
                }
            }
            if (listen && port < 0) {
                throw new IllegalArgumentException("listen needs --port P (0 for any free port)");
            }
            if (!listen && to == null) {
                throw new IllegalArgumentException("send needs --to HOST:PORT");
            }
            return new Options(listen, listen ? new InetSocketAddress(address(host), port) : null, maxSize, hex,
                    count, to, message == null ? null : message.getBytes(StandardCharsets.UTF_8));
        }

        private static String listenOnly(boolean listen, String option, String value) {
            if (!listen) {
                throw new IllegalArgumentException(option + " is an option of listen, not of send");
            }
            return value;
        }

        private static String sendOnly(boolean listen, String option, String value) {
            if (listen) {
                throw new IllegalArgumentException(option + " is an option of send, not of listen");
            }
            return value;
        }

        private static String value(String[] args, int i) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            return args[i + 1];
        }

        private static int number(String value, String name, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max + ", was '"
                    + value + "'");
        }

        static InetSocketAddress hostAndPort(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("--to must be HOST:PORT, for example 127.0.0.1:9999 or [::1]:9999,"
                        + " was '" + text + "'");
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new InetSocketAddress(address(host), number(text.substring(colon + 1), "--to port", 1, 65535));
        }

        private static InetAddress address(String host) {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("unknown host '" + host + "'", e);
            }
        }

        static String format(InetSocketAddress address) {
            String host = address.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        }
    }
}
