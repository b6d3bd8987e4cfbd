/**
 * udpkit's test kit: {@link io.github.udpkit.testkit.UdpPeer}, a real UDP peer on loopback that records what it
 * receives; {@link io.github.udpkit.testkit.UdpFaultProxy}, a seeded fault-injecting proxy with a ledger; a JUnit
 * Jupiter extension ({@link io.github.udpkit.testkit.UdpTest}); AssertJ assertions
 * ({@link io.github.udpkit.testkit.UdpAssertions}); and property-based payload generators
 * ({@link io.github.udpkit.testkit.RandomPayloads}).
 *
 * <p>JUnit Jupiter and AssertJ are optional ({@code requires static}): tests bring their own. {@code UdpPeer} and the
 * proxy work without them.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.udpkit.testkit {
    requires transitive io.github.udpkit;
    requires static transitive org.junit.jupiter.api;
    requires static transitive org.junit.jupiter.params;
    requires static transitive org.assertj.core;

    exports io.github.udpkit.testkit;
    // JUnit instantiates the arguments providers reflectively.
    opens io.github.udpkit.testkit.internal to org.junit.platform.commons;
}
