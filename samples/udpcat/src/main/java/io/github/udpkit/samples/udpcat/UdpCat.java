package io.github.udpkit.samples.udpcat;

import io.github.udpkit.Datagram;
import io.github.udpkit.DatagramMetadata;
import io.github.udpkit.Ecn;
import io.github.udpkit.ReceiverStats;
import io.github.udpkit.UdpException;
import io.github.udpkit.UdpLimits;
import io.github.udpkit.UdpReceiver;
import io.github.udpkit.UdpSender;
import io.github.udpkit.samples.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * netcat for UDP: {@code udpcat listen} prints each datagram it receives on a line of its own, {@code udpcat send}
 * sends its argument, or each line of standard input, as one datagram. IPv4 and IPv6.
 */
public final class UdpCat {
    static final String USAGE = """
            usage: udpcat listen [--host H] --port P [--max-size N] [--hex] [--count N] [--meta]
                   udpcat send --to HOST:PORT [--hex] [MESSAGE]

            listen  prints each datagram on a line of its own, until stopped (Ctrl-C) or --count datagrams arrived;
                    then prints on standard error what the receiver counted: received, truncated, kernel drops
              --host H       address to listen on (default 127.0.0.1; ::1 for IPv6; 0.0.0.0 or :: for every interface)
              --port P       port, 0 to 65535 (required; 0 picks a free one, reported on standard error)
              --max-size N   largest datagram printed whole, 1 to 65535 (default 65527); more than 65527, the largest
                             UDP payload, means 65527; a larger datagram is printed cut to N bytes and standard error
                             says it was truncated
              --hex          print the bytes as lowercase hex instead of text: byte-exact
              --count N      exit after N datagrams
              --meta         start each line with what the kernel told about the datagram, then a tab:
                             from=SENDER to=DESTINATION if=INTERFACE-INDEX ttl=TTL ecn=ECN drops=DROPS, where ECN is
                             NOT_ECT, ECT_0, ECT_1 or CE, DROPS the socket's running count of datagrams the kernel
                             dropped (buffer full) before this one, and - means not known. Needs the native engine
                             (Linux, JDK 22+, native access); elsewhere udpcat says why and exits 1
              As text, the bytes are read as UTF-8 and invalid UTF-8 is replaced with U+FFFD, so text is not
              byte-exact (use --hex for that); a backslash, newline, carriage return, tab or other control
              character is printed as \\\\, \\n, \\r, \\t or \\xNN, so that each datagram stays on one line.

            send    sends MESSAGE (UTF-8) as one datagram; without MESSAGE, each line of standard input (without its
                    \\n) as one datagram, until end of input
              --to HOST:PORT the target (127.0.0.1:9999, [::1]:9999)
              --hex          MESSAGE and the lines are hex (0a1bff...), sent as those bytes
              Exit status 1 if a datagram could not be sent (for example, over 65,507 bytes).

              --help         this text
            Options are written --port 9999 or --port=9999.""";

    private UdpCat() {
    }

    /**
     * The {@code udpcat} command.
     *
     * @param args {@code listen ...} or {@code send ...}; see {@code --help}
     * @param out the datagrams ({@code listen})
     * @param err notes: the listening address, truncation, send failures
     * @return 0 on success, 1 if a send failed or {@code --meta} cannot be read here (the native engine cannot run)
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
            Listener listener;
            try {
                listener = listen(options, out, err, done::countDown);
            } catch (IllegalStateException e) {
                if (!options.meta()) {
                    throw e;
                }
                err.println("udpcat: --meta: " + Cli.message(e)); // what the engine that runs here cannot do, and why
                return 1;
            }
            Thread onExit = new Thread(() -> listener.stop(err), "udpcat-exit"); // Ctrl-C
            Runtime.getRuntime().addShutdownHook(onExit);
            try {
                err.println("udpcat: listening on " + Cli.format(listener.localAddress()));
                done.await();
            } finally {
                listener.stop(err);
                try {
                    Runtime.getRuntime().removeShutdownHook(onExit);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook runs, and finds the listener stopped
                }
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
     * @throws IllegalStateException with {@code --meta}, where the native engine cannot run (the message says why)
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
                    err.println("udpcat: line " + number + " not sent: " + Cli.message(e));
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
     * Formats a payload as one line: lowercase hex, or UTF-8 text with control characters and backslashes escaped
     * and invalid UTF-8 replaced with U+FFFD; see {@link LineFormat}.
     *
     * @param payload the bytes
     * @param hex whether to print hex
     * @return the line, without line terminator
     */
    static String line(byte[] payload, boolean hex) {
        byte[] line = new byte[LineFormat.maxLine(payload.length)];
        int end = hex ? LineFormat.hex(payload, payload.length, line, 0)
                : LineFormat.text(payload, payload.length, line, 0);
        return new String(line, 0, end - 1, StandardCharsets.UTF_8);
    }

    /**
     * Formats what the kernel told about a datagram as the start of its {@code --meta} line, tab included:
     * {@code from=127.0.0.1:40000 to=127.0.0.1:9999 if=1 ttl=64 ecn=NOT_ECT drops=0\t}, with {@code -} for what is
     * not known. The fields hold no space and no tab, and a line's datagram never holds a tab (text escapes it, hex
     * has none): the datagram is everything after the first tab, exactly as it is printed without {@code --meta}.
     *
     * @param from the sender
     * @param to the address the datagram was sent to
     * @param interfaceIndex the interface it arrived on
     * @param ttl its TTL or hop limit
     * @param ecn its ECN codepoint
     * @param drops the kernel's count of datagrams dropped before it
     * @return the prefix
     */
    static String metaPrefix(InetSocketAddress from, Optional<InetSocketAddress> to, OptionalInt interfaceIndex,
                             OptionalInt ttl, Optional<Ecn> ecn, OptionalLong drops) {
        return "from=" + Cli.format(from)
                + " to=" + to.map(Cli::format).orElse("-")
                + " if=" + (interfaceIndex.isPresent() ? Integer.toString(interfaceIndex.getAsInt()) : "-")
                + " ttl=" + (ttl.isPresent() ? Integer.toString(ttl.getAsInt()) : "-")
                + " ecn=" + ecn.map(Ecn::name).orElse("-")
                + " drops=" + (drops.isPresent() ? Long.toString(drops.getAsLong()) : "-")
                + "\t";
    }

    /**
     * A running {@code udpcat listen}. Lines are formatted into one reused buffer, written out when it holds 64 KiB,
     * every 20 ms when it holds anything, once {@code --count} datagrams are printed, and on close: under a flood one
     * write per 64 KiB, when quiet a line shows within 20 ms. With {@code --meta} each line starts with
     * what the kernel told ({@code metaPrefix}), which costs a few small objects per datagram; without it, none.
     */
    static final class Listener implements AutoCloseable {
        private static final int WRITE_AT = 64 * 1024;
        private static final long FLUSH_MILLIS = 20;
        /** Room for a {@code --meta} prefix: two IPv6 addresses with scope and port, five numbers, the names. */
        private static final int META_ROOM = 256;

        private final PrintStream out;
        private final PrintStream err;
        private final boolean hex;
        private final boolean meta;
        private final int maxSize;
        private final long count;
        private final Runnable done;
        /** The datagram being printed; receive thread only. */
        private final byte[] payload;
        /** Lines not yet written; a line always fits, as {@code buffered} stays under {@link #WRITE_AT}. */
        private final byte[] buffer;
        private int buffered;
        /** Receive thread only. */
        private long printed;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final UdpReceiver receiver;
        private final ScheduledExecutorService flusher;

        Listener(Options options, PrintStream out, PrintStream err, Runnable done) {
            this.out = out;
            this.err = err;
            this.hex = options.hex();
            this.meta = options.meta();
            this.maxSize = options.maxSize();
            this.count = options.count();
            this.done = done;
            this.payload = new byte[maxSize];
            this.buffer = new byte[WRITE_AT + LineFormat.maxLine(maxSize) + (meta ? META_ROOM : 0)];
            UdpReceiver.Builder builder = UdpReceiver.builder()
                    .bind(options.bind())
                    .maxDatagramSize(maxSize)
                    .onDatagramView(view -> {
                        view.buffer().get(payload, 0, view.length());
                        print(view.length(), meta ? metaPrefix(view.sender(), view.destination(),
                                view.interfaceIndex(), view.ttl(), view.ecn(), view.kernelDrops()) : null);
                    })
                    .onTruncated(this::printTruncated)
                    .onError(e -> err.println("udpcat: " + Cli.message(e)));
            if (meta) { // native engine only: start() refuses it, saying why, where that cannot run
                builder.metadata(DatagramMetadata.TTL, DatagramMetadata.ECN, DatagramMetadata.KERNEL_DROPS,
                        DatagramMetadata.DESTINATION);
            }
            this.receiver = builder.start();
            this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "udpcat-flush");
                thread.setDaemon(true);
                return thread;
            });
            flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void printTruncated(Datagram d) {
            if (count > 0 && printed >= count) {
                return;
            }
            err.println("udpcat: truncated: the datagram from " + Cli.format(d.sender()) + " was larger than "
                    + maxSize + " bytes; only the first " + d.length() + " are printed");
            d.buffer().get(payload, 0, d.length());
            print(d.length(), meta ? metaPrefix(d.sender(), d.destination(), d.interfaceIndex(), d.ttl(), d.ecn(),
                    d.kernelDrops()) : null);
        }

        /**
         * Runs on the receive thread only.
         *
         * @param length the payload's length, in {@link #payload}
         * @param prefix the {@code --meta} prefix, or {@code null} without {@code --meta}
         */
        private void print(int length, String prefix) {
            if (count > 0 && printed >= count) {
                return;
            }
            synchronized (this) {
                if (prefix != null) {
                    byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
                    if (buffered + bytes.length + LineFormat.maxLine(length) > buffer.length) {
                        write(); // a prefix longer than META_ROOM: write what is buffered rather than overflow
                    }
                    System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
                    buffered += bytes.length;
                }
                buffered = hex ? LineFormat.hex(payload, length, buffer, buffered)
                        : LineFormat.text(payload, length, buffer, buffered);
                if (buffered >= WRITE_AT) {
                    write();
                }
            }
            printed++;
            if (count > 0 && printed == count) {
                flush();
                done.run();
            }
        }

        private synchronized void flush() {
            if (buffered > 0) {
                write();
            }
        }

        private synchronized void write() {
            out.write(buffer, 0, buffered);
            out.flush();
            buffered = 0;
        }

        InetSocketAddress localAddress() {
            return receiver.localAddress();
        }

        long received() {
            return receiver.stats().received();
        }

        /**
         * Stops listening, writes what is left and prints what the receiver counted to {@code err}, for example
         * {@code udpcat: received 12, truncated 1, kernel drops 0}; only the first call does anything. The kernel's
         * count is read just before the socket closes (it is gone after), the others once nothing more can arrive.
         *
         * @param err where the counts go
         */
        void stop(PrintStream err) {
            if (stopped.compareAndSet(false, true)) {
                OptionalLong drops = receiver.stats().kernelDrops();
                close();
                ReceiverStats stats = receiver.stats();
                err.println("udpcat: received " + stats.received() + ", truncated " + stats.truncated()
                        + ", kernel drops " + (drops.isPresent() ? Long.toString(drops.getAsLong())
                        : "unknown (not published here)"));
            }
        }

        /** Stops listening and writes what is left. Idempotent. */
        @Override
        public void close() {
            receiver.close();
            flusher.shutdown();
            flush();
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
    record Options(boolean listen, InetSocketAddress bind, int maxSize, boolean hex, long count, boolean meta,
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
            boolean meta = false;
            InetSocketAddress to = null;
            String message = null;
            Cli cli = new Cli(Arrays.copyOfRange(args, 1, args.length));
            while (cli.hasNext()) {
                String option = cli.next();
                switch (option) {
                    case "--help", "-h" -> {
                        out.println(USAGE);
                        return null;
                    }
                    case "--hex" -> hex = true;
                    case "--host" -> host = listenOnly(listen, option, cli.value());
                    case "--port" -> port = listenOnly(listen, option, cli.port());
                    // 65535 out of habit: the largest UDP payload is 65527
                    case "--max-size" -> maxSize = Math.min(UdpLimits.IPV6_MAX_PAYLOAD,
                            listenOnly(listen, option, cli.number(1, Cli.MAX_PORT)));
                    case "--count" -> count = listenOnly(listen, option, cli.number(1, Integer.MAX_VALUE));
                    case "--meta" -> meta = listenOnly(listen, option, true);
                    case "--to" -> to = sendOnly(listen, option, cli.target(9999));
                    default -> {
                        if (listen || message != null) {
                            throw cli.unknown();
                        }
                        message = cli.positional();
                    }
                }
            }
            if (listen && port < 0) {
                throw new IllegalArgumentException("listen needs --port P (0 for any free port)");
            }
            if (!listen && to == null) {
                throw new IllegalArgumentException("send needs --to HOST:PORT");
            }
            return new Options(listen, listen ? new InetSocketAddress(Cli.host(host), port) : null, maxSize, hex,
                    count, meta, to, message == null ? null : message.getBytes(StandardCharsets.UTF_8));
        }

        private static <T> T listenOnly(boolean listen, String option, T value) {
            if (!listen) {
                throw new IllegalArgumentException(option + " is an option of listen, not of send");
            }
            return value;
        }

        private static <T> T sendOnly(boolean listen, String option, T value) {
            if (listen) {
                throw new IllegalArgumentException(option + " is an option of send, not of listen");
            }
            return value;
        }
    }
}
