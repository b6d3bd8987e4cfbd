package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's {@code Link} example, compiled and run; {@link ReadmeTest} keeps the two identical. */
@UdpTest
class ReadmeLinkExampleTest {
    @Test
    void theReadmesLinkExampleStartsAProxy(UdpPeer server) {
        // README start
        UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address())
                .link(Direction.TO_TARGET, Link.ideal()
                        .rate(1_000_000).queueDatagrams(20)    // 1 Mbit/s, tail drop after 20 queued
                        .burstLoss(0.01, 0.25, 1.0, 0.0)      // Gilbert-Elliott: bursts of 4 on average
                        .delay(Duration.ofMillis(20), Duration.ofMillis(5), Link.Jitter.PARETO_NORMAL)
                        .down(Duration.ofSeconds(2), Duration.ofSeconds(3)))  // down from t = 2 s to 3 s
                .start();
        // README end
        try (proxy) {
            assertThat(proxy.report()).contains("link to target: Link[rate=1000000 bit/s, queue=20 datagrams, "
                    + "burstLoss=p 0.01, r 0.25, bad 1.0, good 0.0, delay=PT0.02S +- PT0.005S PARETO_NORMAL, "
                    + "down=PT2S..PT3S]");
        }
    }
}
