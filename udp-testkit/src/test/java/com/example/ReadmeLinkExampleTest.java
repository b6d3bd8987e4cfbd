package com.example;

import io.github.udpkit.testkit.Direction;
import io.github.udpkit.testkit.Link;
import io.github.udpkit.testkit.UdpFaultProxy;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's {@code Link} example, compiled and run; {@code ReadmeTest} keeps the two identical. */
@UdpTest
class ReadmeLinkExampleTest {
    @Test
    void theReadmesLinkExampleRuns() {
        // README start
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address())
                     .link(Direction.TO_TARGET, Link.ideal()
                             .rate(1_000_000).queueDatagrams(20)    // 1 Mbit/s, tail drop after 20 queued
                             .burstLoss(0.01, 0.25, 1.0, 0.0)      // Gilbert-Elliott: bursts of 4 on average
                             .delay(Duration.ofMillis(20), Duration.ofMillis(5), Link.Jitter.PARETO_NORMAL)
                             .down(Duration.ofSeconds(2), Duration.ofSeconds(3)))  // down from t = 2 s to 3 s
                     .start()) {
            System.out.println(proxy.report()); // the code under test sends to proxy.address() instead
        }
        // README end
    }
}
