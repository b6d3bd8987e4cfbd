package io.github.udpkit.samples.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.UdpTimeoutException;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@UdpTest
@Timeout(60)
class DnsResolverTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static Inet4Address v4(String literal) throws Exception {
        return (Inet4Address) InetAddress.getByName(literal);
    }

    private static Throwable cause(CompletableFuture<?> future) {
        assertThatThrownBy(() -> future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class);
        return future.handle((v, e) -> e.getCause() != null ? e.getCause() : e).join();
    }

    @Test
    void hundredNamesAtOnce_eachGetsItsOwnAddress() throws Exception {
        Map<String, List<Inet4Address>> records = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            records.put("host" + i + ".example.test", List.of(v4("10.0." + (i / 250) + "." + (i % 250 + 1))));
        }
        try (DnsServerStub server = DnsServerStub.start(new InetSocketAddress("127.0.0.1", 0), records, 60, l -> { });
             DnsResolver resolver = DnsResolver.open(server.localAddress(), WAIT, 3)) {
            List<CompletableFuture<List<Inet4Address>>> lookups = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                lookups.add(resolver.resolve("host" + i + ".example.test"));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(lookups.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                        .containsExactlyElementsOf(records.get("host" + i + ".example.test"));
            }
            assertThat(resolver.stats().matched()).isEqualTo(100);
            assertThat(server.answered()).isEqualTo(100);
        }
    }

    @Test
    void unknownName_isNxdomain() throws Exception {
        try (DnsServerStub server = DnsServerStub.start(new InetSocketAddress("127.0.0.1", 0), Map.of(), 60, l -> { });
             DnsResolver resolver = DnsResolver.open(server.localAddress(), WAIT, 1)) {
            Throwable error = cause(resolver.resolve("nowhere.test"));
            assertThat(error).isInstanceOf(DnsException.class)
                    .hasMessage("no such name: 'nowhere.test' (NXDOMAIN)");
            assertThat(((DnsException) error).rcode()).isEqualTo(3);
        }
    }

    @Test
    void aSpoofedAnswer_withTheRightIdButAnotherName_isRefused(UdpPeer server) throws Exception {
        server.replyWith(d -> {
            DnsMessage.Question q = DnsMessage.parseQuery(d.payload());
            DnsMessage.Question other = new DnsMessage.Question(q.id(), q.flags(), "evil.test", 1, 1);
            try {
                return DnsMessage.response(other, 0, List.of(v4("203.0.113.66")), 60);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        try (DnsResolver resolver = DnsResolver.open(server.address(), WAIT, 1)) {
            assertThat(cause(resolver.resolve("bank.test"))).isInstanceOf(DnsException.class)
                    .hasMessage("the answer is for 'evil.test', not 'bank.test'");
        }
    }

    @Test
    void aReplyWithAnotherId_isUnmatched_andTheLookupTimesOut(UdpPeer server) {
        server.replyWith(d -> {
            byte[] reply = d.payload();
            reply[0] ^= 0x55; // another id
            reply[2] |= (byte) 0x80;
            return reply;
        });
        try (DnsResolver resolver = DnsResolver.open(server.address(), Duration.ofMillis(300), 1)) {
            assertThat(cause(resolver.resolve("x.test"))).isInstanceOf(UdpTimeoutException.class);
            assertThat(resolver.stats().unmatched()).isEqualTo(1);
            assertThat(resolver.stats().matched()).isZero();
        }
    }

    @Test
    void aLostQuery_isSentAgain() throws Exception {
        try (UdpPeer server = UdpPeer.start()) {
            int[] seen = {0};
            server.replyWith(d -> {
                if (seen[0]++ == 0) {
                    return null; // the first query is "lost"
                }
                DnsMessage.Question q = DnsMessage.parseQuery(d.payload());
                try {
                    return DnsMessage.response(q, 0, List.of(v4("192.0.2.9")), 5);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            try (DnsResolver resolver = DnsResolver.open(server.address(), Duration.ofSeconds(4), 3)) {
                assertThat(resolver.resolve("retry.test").get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                        .containsExactly(v4("192.0.2.9"));
                assertThat(resolver.stats().retries()).isEqualTo(1);
            }
        }
    }

    @Test
    void badSettings_areRejected() {
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", 53);
        assertThatThrownBy(() -> DnsResolver.open(to, Duration.ZERO, 1))
                .hasMessage("timeout must be at least 1 ms, was 0 ms");
        assertThatThrownBy(() -> DnsResolver.open(to, WAIT, 11))
                .hasMessage("attempts must be between 1 and 10, was 11");
    }
}
