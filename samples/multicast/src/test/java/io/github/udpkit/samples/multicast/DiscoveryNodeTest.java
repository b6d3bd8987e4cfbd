package io.github.udpkit.samples.multicast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The node's settings; the network behaviour is in {@link DiscoveryNetnsTest}, which needs a namespace. */
class DiscoveryNodeTest {
    @Test
    void badSettings_areRejectedWithTheValue() {
        assertThatThrownBy(() -> DiscoveryNode.builder().id("bad id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id must be 1 to 64 ASCII letters, digits, '.', '-' or '_', was 'bad id'");
        assertThatThrownBy(() -> DiscoveryNode.builder().group("127.0.0.1", 7777))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group must be a multicast address, was '127.0.0.1'");
        assertThatThrownBy(() -> DiscoveryNode.builder().interval(Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("interval must be at least 10 ms, was 5 ms");
        assertThatThrownBy(() -> DiscoveryNode.builder().id("a").networkInterface("lo")
                .interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(100)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("timeout (100 ms) must be longer than interval (100 ms)");
        assertThatThrownBy(() -> DiscoveryNode.builder().id("a").start()).isInstanceOf(IllegalStateException.class)
                .hasMessage("a node needs a network interface; call networkInterface(...) first, for example with "
                        + "eth0 (ip link lists them)");
        assertThatThrownBy(() -> DiscoveryNode.builder().networkInterface("lo").start())
                .isInstanceOf(IllegalStateException.class).hasMessage("a node needs an id; call id(...) first");
    }

    @Test
    void ids_areLettersDigitsDotsDashesUnderscores() {
        assertThat(DiscoveryNode.validId("node-1.a_b")).isTrue();
        assertThat(DiscoveryNode.validId("x".repeat(64))).isTrue();
        assertThat(DiscoveryNode.validId("x".repeat(65))).isFalse();
        assertThat(DiscoveryNode.validId("")).isFalse();
        assertThat(DiscoveryNode.validId("é")).isFalse();
        assertThat(DiscoveryNode.validId("a b")).isFalse();
    }
}
