package io.github.udpkit.samples.dns;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpReceiver;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A DNS server stub for tests and demos: it answers A queries from a fixed table, authoritatively, from its own port;
 * NXDOMAIN for a name it does not know, no records for another type, FORMERR for a query it cannot parse (when the
 * header is there to answer), and nothing at all for bytes that are not a query. Never larger than 512 bytes.
 */
public final class DnsServerStub implements AutoCloseable {
    private final UdpReceiver receiver;
    private final Map<String, List<Inet4Address>> records;
    private final long ttl;
    private final Consumer<String> log;
    private final AtomicLong answered = new AtomicLong();

    private DnsServerStub(InetSocketAddress bind, Map<String, List<Inet4Address>> records, long ttl,
                          Consumer<String> log) {
        this.records = records.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT).replaceAll("\\.$", ""), e -> List.copyOf(e.getValue())));
        this.ttl = ttl;
        this.log = log;
        this.receiver = UdpReceiver.builder().bind(bind).maxDatagramSize(512).onRequest(this::answer)
                .onTruncated(d -> log.accept("ignored a query of more than 512 bytes from " + d.sender())).start();
    }

    /**
     * Starts a stub.
     *
     * @param bind where to listen, for example {@code 127.0.0.1:0}
     * @param records the A records per name
     * @param ttl their time to live in seconds, 0 to 2^31 - 1
     * @param log where a line per query goes
     * @return the running stub
     */
    public static DnsServerStub start(InetSocketAddress bind, Map<String, List<Inet4Address>> records, long ttl,
                                      Consumer<String> log) {
        if (ttl < 0 || ttl > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ttl must be between 0 and 2147483647, was " + ttl);
        }
        return new DnsServerStub(bind, records, ttl, log);
    }

    private void answer(Datagram query, UdpReceiver from) {
        byte[] bytes = query.payload();
        DnsMessage.Question q;
        try {
            q = DnsMessage.parseQuery(bytes);
        } catch (DnsFormatException e) {
            if (bytes.length >= DnsMessage.HEADER && (bytes[2] & 0x80) == 0) {
                from.reply(query, formErr(bytes));
            }
            log.accept("malformed query from " + query.sender() + ": " + e.getMessage());
            return;
        }
        List<Inet4Address> known = records.get(q.name());
        int rcode = known == null ? DnsMessage.NXDOMAIN : DnsMessage.NOERROR;
        List<Inet4Address> answers = known == null || q.type() != DnsMessage.TYPE_A
                || q.qclass() != DnsMessage.CLASS_IN ? List.of() : known;
        from.reply(query, DnsMessage.response(q, rcode, answers, ttl));
        answered.incrementAndGet();
        log.accept(q.name() + " type " + q.type() + " from " + query.sender() + ": "
                + (rcode == DnsMessage.NXDOMAIN ? "NXDOMAIN" : answers.size() + " records"));
    }

    /** The query's header with QR set, no sections and RCODE 1. */
    private static byte[] formErr(byte[] query) {
        byte[] reply = new byte[DnsMessage.HEADER];
        reply[0] = query[0];
        reply[1] = query[1];
        reply[2] = (byte) (0x80 | query[2] & 0x01);
        reply[3] = DnsMessage.FORMERR;
        return reply;
    }

    /**
     * Returns the address the stub listens on.
     *
     * @return its address and port
     */
    public InetSocketAddress localAddress() {
        return receiver.localAddress();
    }

    /**
     * Returns how many queries it answered (FORMERR replies not included).
     *
     * @return the count
     */
    public long answered() {
        return answered.get();
    }

    /** Stops the stub. */
    @Override
    public void close() {
        receiver.close();
    }
}
