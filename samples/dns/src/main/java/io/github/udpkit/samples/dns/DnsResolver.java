package io.github.udpkit.samples.dns;

import io.github.udpkit.UdpClient;
import io.github.udpkit.UdpClientStats;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A stub resolver for A records over UDP, built on udpkit's {@link UdpClient}: each query gets a random 16-bit id,
 * and a reply is matched to its query by that id (and by the server's address, which {@code UdpClient} adds), so many
 * lookups can be in flight at once on one socket. A reply whose question is not the one asked is refused: it is not
 * the answer, whatever its id says.
 *
 * <p>All methods may be called from any thread. Close the resolver to release its socket.
 */
public final class DnsResolver implements AutoCloseable {
    /** How often a fresh id is drawn when the drawn one is in flight already. */
    private static final int ID_DRAWS = 8;

    private final UdpClient client;
    private final Duration timeout;
    private final SecureRandom ids = new SecureRandom();

    private DnsResolver(UdpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Opens a resolver.
     *
     * @param server the DNS server, for example {@code 127.0.0.1:5353}
     * @param timeout how long a lookup waits in total, retries included, at least 1 ms
     * @param attempts how many times a query is sent at most, 1 to 10; retries wait a quarter of the timeout, then
     *     twice as long each time
     * @return the open resolver
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException naming the argument out of range
     */
    public static DnsResolver open(InetSocketAddress server, Duration timeout, int attempts) {
        Objects.requireNonNull(server, "server must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, was " + timeout.toMillis() + " ms");
        }
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts must be between 1 and 10, was " + attempts);
        }
        UdpClient.Builder builder = UdpClient.builder().target(server)
                .maxReplySize(512) // RFC 1035: a UDP answer is at most 512 bytes without EDNS
                .correlate(DnsMessage::id, DnsMessage::id);
        if (!server.getAddress().isLoopbackAddress()) {
            builder.bind(server.getAddress() instanceof Inet4Address ? "0.0.0.0" : "::", 0);
        }
        if (attempts > 1) {
            Duration first = timeout.dividedBy(4).isZero() ? Duration.ofMillis(1) : timeout.dividedBy(4);
            builder.retries(attempts - 1, first, 2.0, timeout);
        }
        return new DnsResolver(builder.build(), timeout);
    }

    /**
     * Looks up a name's IPv4 addresses.
     *
     * @param name the name, for example {@code example.com}
     * @return the addresses (empty if the name exists but has none); the future fails with {@link DnsException} for
     *     an error response (NXDOMAIN, ...) or an answer to another question, and with
     *     {@link io.github.udpkit.UdpTimeoutException} when no answer came
     * @throws IllegalArgumentException if the name is not a valid DNS name
     * @throws IllegalStateException if the resolver is closed
     */
    public CompletableFuture<List<Inet4Address>> resolve(String name) {
        String asked = Objects.requireNonNull(name, "name must not be null").toLowerCase(Locale.ROOT);
        String expected = asked.endsWith(".") ? asked.substring(0, asked.length() - 1) : asked;
        for (int draw = 1; ; draw++) {
            byte[] query = DnsMessage.query(ids.nextInt(1 << 16), name);
            CompletableFuture<List<Inet4Address>> answer = client.request(query, timeout)
                    .thenApply(reply -> answers(DnsMessage.parseResponse(reply.payload()), expected));
            if (draw < ID_DRAWS && answer.isCompletedExceptionally() && inFlightAlready(answer)) {
                continue; // the id drawn is in flight for another lookup: draw again
            }
            return answer;
        }
    }

    private static boolean inFlightAlready(CompletableFuture<?> answer) {
        Throwable t = answer.handle((v, e) -> e).join();
        return (t instanceof CompletionException ? t.getCause() : t) instanceof IllegalStateException;
    }

    private static List<Inet4Address> answers(DnsMessage.Response response, String expected) {
        if (!response.name().equals(expected)) {
            throw new DnsException("the answer is for '" + response.name() + "', not '" + expected + "'",
                    response.rcode());
        }
        if (response.rcode() != DnsMessage.NOERROR) {
            throw new DnsException(response.rcode() == DnsMessage.NXDOMAIN ? "no such name: '" + expected
                    + "' (NXDOMAIN)" : "lookup of '" + expected + "' failed with response code " + response.rcode(),
                    response.rcode());
        }
        return response.answers().stream().map(DnsMessage.ARecord::address).toList();
    }

    /**
     * Returns what the resolver's client has done: queries, retries, timeouts, late and unmatched replies.
     *
     * @return a snapshot of its counters
     */
    public UdpClientStats stats() {
        return client.stats();
    }

    /**
     * Returns the local address queries leave from.
     *
     * @return the socket's address
     */
    public InetSocketAddress localAddress() {
        return client.localAddress();
    }

    /** Closes the socket; pending lookups fail. */
    @Override
    public void close() {
        client.close();
    }
}
