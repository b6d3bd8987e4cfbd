package io.github.udpkit.testkit;

import io.github.udpkit.Datagram;

/**
 * AssertJ entry point for udpkit values: {@code UdpAssertions.assertThat(datagram)} and
 * {@code UdpAssertions.assertThat(peer)}. Failure messages show expected and actual payloads readably: as text when
 * printable, as hex otherwise, long payloads abbreviated.
 *
 * <pre>{@code
 * import static io.github.udpkit.testkit.UdpAssertions.assertThat;
 *
 * assertThat(peer).receivedWithin(Duration.ofSeconds(5)).hasText("ping").isNotTruncated();
 * assertThat(peer).receivedNothingFor(Duration.ofMillis(200));
 * }</pre>
 *
 * <p>Needs AssertJ on the test class path (the testkit does not bring it).
 *
 * @since 0.1
 */
public final class UdpAssertions {
    private UdpAssertions() {
    }

    /**
     * Starts assertions on a datagram.
     *
     * @param actual the datagram, may be {@code null} (the assertions then fail)
     * @return the assertions
     */
    public static DatagramAssert assertThat(Datagram actual) {
        return new DatagramAssert(actual);
    }

    /**
     * Starts assertions on what a peer receives.
     *
     * @param actual the peer, may be {@code null} (the assertions then fail)
     * @return the assertions
     */
    public static UdpPeerAssert assertThat(UdpPeer actual) {
        return new UdpPeerAssert(actual);
    }
}
