package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpSender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every {@link Duration} parameter of the testkit, one test each, at the top of the range: waits take
 * {@code Duration.ofSeconds(Long.MAX_VALUE)} as "forever" (none overflows), and the proxy's delays refuse anything over
 * one hour with a message naming the parameter and echoing the value.
 */
@Timeout(60)
class DurationArgumentsTest {
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);
    private static final Duration HALF = Duration.ofSeconds(Long.MAX_VALUE / 2);
    private static final Duration OVER_AN_HOUR = Duration.ofHours(1).plusNanos(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static void send(UdpPeer peer, String... texts) {
        try (UdpSender sender = UdpSender.builder().target(peer.address()).build()) {
            for (String text : texts) {
                sender.send(text);
            }
        }
    }

    @Test
    void faultsDelay_overAnHour_isRefusedNamingTheValue_andAnHourIsAccepted() {
        assertThatThrownBy(() -> Faults.none().delay(HALF)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must be at most PT1H, was " + HALF);
        assertThatThrownBy(() -> Faults.none().delay(FOREVER))
                .hasMessage("delay must be at most PT1H, was PT2562047788015215H30M7S");
        assertThatThrownBy(() -> Faults.none().delay(OVER_AN_HOUR))
                .hasMessage("delay must be at most PT1H, was PT1H0.000000001S");
        assertThat(Faults.none().delay(Duration.ofHours(1))).hasToString("Faults[delay=PT1H+PT0S]");
    }

    @Test
    void faultsDelayWithJitter_eitherOverAnHour_isRefusedByName() {
        assertThatThrownBy(() -> Faults.none().delay(FOREVER, Duration.ZERO))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must be at most PT1H, was PT2562047788015215H30M7S");
        assertThatThrownBy(() -> Faults.none().delay(Duration.ZERO, FOREVER))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("jitter must be at most PT1H, was PT2562047788015215H30M7S");
        assertThatThrownBy(() -> Faults.none().delay(Duration.ZERO, OVER_AN_HOUR))
                .hasMessage("jitter must be at most PT1H, was PT1H0.000000001S");
        assertThat(Faults.none().delay(Duration.ofHours(1), Duration.ofHours(1)))
                .hasToString("Faults[delay=PT1H+PT1H]");
    }

    @Test
    void faultsReorderMaxHold_overAnHour_isRefusedByName() {
        assertThatThrownBy(() -> Faults.none().reorder(0.5, 2, FOREVER))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxHold must be at most PT1H, was PT2562047788015215H30M7S");
        assertThat(Faults.none().reorder(0.5, 2, Duration.ofHours(1)))
                .hasToString("Faults[reorder=0.5/window 2/maxHold PT1H]");
    }

    @Test
    void aProxyDelayingByTheLongestAllowed_keepsReceivingAndRecording() {
        try (UdpPeer server = UdpPeer.start();
             UdpFaultProxy proxy = UdpFaultProxy.builder().target(server.address()).seed(5)
                     .toTarget(Faults.none().delay(Duration.ofHours(1))).start();
             UdpSender client = UdpSender.builder().target(proxy.address()).build()) {
            for (int i = 0; i < 3; i++) {
                client.send("late " + i);
            }
            await().atMost(WAIT).until(() -> proxy.ledger().entries().size() == 3);
            assertThat(proxy.ledger().entries()).extracting(LedgerEntry::delay)
                    .containsOnly(Duration.ofHours(1));
            assertThat(proxy.inFlight()).isEqualTo(3);
            assertThat(proxy.errors()).isEmpty();
            assertThat(proxy.ledger().entries().get(0))
                    .hasToString("TO_TARGET #1 (client 1, 6 bytes): sent, delayed 3600000.0 ms");
        }
    }

    @Test
    void take_forever_returnsWhatArrives() {
        try (UdpPeer peer = UdpPeer.start()) {
            send(peer, "one");
            assertThat(peer.take(FOREVER).text()).isEqualTo("one");
            send(peer, "two");
            assertThat(peer.take(HALF).text()).isEqualTo("two");
        }
    }

    @Test
    void takeCount_forever_returnsWhatArrives() {
        try (UdpPeer peer = UdpPeer.start()) {
            send(peer, "a", "b", "c");
            assertThat(peer.take(3, FOREVER)).extracting(Datagram::text).containsExactly("a", "b", "c");
        }
    }

    @Test
    void expectNothing_forever_failsAsSoonAsSomethingArrives_sayingForever() {
        try (UdpPeer peer = UdpPeer.start()) {
            send(peer, "x");
            assertThatThrownBy(() -> peer.expectNothing(FOREVER)).isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith(peer + ": expected nothing within forever, received 1 datagram:\n  #1 ")
                    .hasMessageEndingWith(": 1 byte \"x\"");
        }
    }

    @Test
    void receivedWithin_forever_passesOnArrival() {
        try (UdpPeer peer = UdpPeer.start()) {
            send(peer, "hi");
            UdpAssertions.assertThat(peer).receivedWithin(FOREVER).hasText("hi");
        }
    }

    @Test
    void receivedNothingFor_forever_failsOnArrival() {
        try (UdpPeer peer = UdpPeer.start()) {
            send(peer, "y");
            assertThatThrownBy(() -> UdpAssertions.assertThat(peer).receivedNothingFor(FOREVER))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith(peer + ": expected nothing within forever, received 1 datagram:");
        }
    }

    @Test
    void receivedInOrder_forever_passesOnArrival() {
        try (UdpPeer peer = UdpPeer.start()) {
            send(peer, "p", "q");
            UdpAssertions.assertThat(peer).receivedInOrder(FOREVER, "p", "q");
        }
    }

    @Test
    void receivedPayloadsInOrder_forever_passesOnArrival() {
        try (UdpPeer peer = UdpPeer.start()) {
            send(peer, "r");
            UdpAssertions.assertThat(peer).receivedPayloadsInOrder(FOREVER, new byte[] {'r'});
        }
    }

    @Test
    void ledgerEntryDelay_negativeIsRefused_andTheLongestRendersWithoutOverflow() {
        assertThatThrownBy(() -> new LedgerEntry(Direction.TO_TARGET, 1, 1, 3, LedgerEntry.Drop.NONE, 1, 3,
                List.of(), Duration.ofMillis(-1), 0)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must not be negative, was PT-0.001S");
        LedgerEntry forever = new LedgerEntry(Direction.TO_TARGET, 1, 1, 3, LedgerEntry.Drop.NONE, 1, 3, List.of(),
                FOREVER, 0);
        assertThat(forever).hasToString("TO_TARGET #1 (client 1, 3 bytes): sent, delayed PT2562047788015215H30M7S");
    }

    @Test
    void linkDelay_overAnHour_isRefusedByName_andAnHourIsAccepted() {
        assertThatThrownBy(() -> Link.ideal().delay(FOREVER)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must be at most PT1H, was PT2562047788015215H30M7S");
        assertThat(Link.ideal().delay(Duration.ofHours(1))).hasToString("Link[delay=PT1H]");
    }

    @Test
    void linkDelayWithJitter_eitherOverAnHour_isRefusedByName() {
        assertThatThrownBy(() -> Link.ideal().delay(HALF, Duration.ZERO, Link.Jitter.NORMAL))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must be at most PT1H, was " + HALF);
        assertThatThrownBy(() -> Link.ideal().delay(Duration.ZERO, FOREVER, Link.Jitter.NORMAL))
                .hasMessage("jitter must be at most PT1H, was PT2562047788015215H30M7S");
    }

    @Test
    void linkDown_eitherTimeOverAnHour_isRefusedByName() {
        assertThatThrownBy(() -> Link.ideal().down(FOREVER, FOREVER))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("from must be at most PT1H, was PT2562047788015215H30M7S");
        assertThatThrownBy(() -> Link.ideal().down(Duration.ZERO, OVER_AN_HOUR))
                .hasMessage("until must be at most PT1H, was PT1H0.000000001S");
        assertThat(Link.ideal().down(Duration.ZERO, Duration.ofHours(1))).hasToString("Link[down=PT0S..PT1H]");
    }

    @Test
    void linkFlapping_eitherPhaseOverAnHour_isRefusedByName() {
        assertThatThrownBy(() -> Link.ideal().flapping(FOREVER, Duration.ofMillis(1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("up must be at most PT1H, was PT2562047788015215H30M7S");
        assertThatThrownBy(() -> Link.ideal().flapping(Duration.ofMillis(1), HALF))
                .hasMessage("down must be at most PT1H, was " + HALF);
    }

    @Test
    void proxyRebindAt_overAnHour_isRefusedByName() {
        assertThatThrownBy(() -> UdpFaultProxy.builder().rebindAt(FOREVER))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("at must be at most PT1H, was PT2562047788015215H30M7S");
        assertThatThrownBy(() -> UdpFaultProxy.builder().rebindAt(Duration.ofNanos(-1)))
                .hasMessage("at must not be negative, was PT-0.000000001S");
    }
}
