package com.example;

import static io.github.udpkit.testkit.UdpAssertions.assertThat;

import io.github.udpkit.UdpSender;
import io.github.udpkit.testkit.UdpPeer;
import io.github.udpkit.testkit.UdpTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@UdpTest
class ReadmeExampleTest {
    @Test
    void clientSaysHello(UdpPeer server) {
        try (UdpSender client = UdpSender.builder().target(server.address()).build()) {
            client.send("Hello, World!");
        }
        assertThat(server).receivedWithin(Duration.ofSeconds(5)).hasText("Hello, World!").isNotTruncated();
        assertThat(server).receivedNothingFor(Duration.ofMillis(200));
    }
}
