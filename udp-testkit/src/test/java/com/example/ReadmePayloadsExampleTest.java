package com.example;

import static io.github.udpkit.testkit.UdpAssertions.assertThat;

import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.Payload;
import io.github.udpkit.testkit.RandomPayloads;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;

/** The README's {@code @RandomPayloads} example, compiled and run; {@code ReadmeTest} keeps the two identical. */
@UdpTest
class ReadmePayloadsExampleTest {
    // README start
    @ParameterizedTest
    @RandomPayloads(minSize = 1, maxSize = 1024)   // or keep 0 and send with UdpSender.builder().connected(false)
    void everyPayloadArrivesIntact(Payload payload, UdpPeer server) {
        try (UdpSender client = UdpSender.builder().target(server.address()).build()) {
            client.send(payload.bytes());
        }
        assertThat(server).receivedWithin(Duration.ofSeconds(5)).hasPayload(payload.bytes());
    }
    // README end
}
