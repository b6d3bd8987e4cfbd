package io.github.udpkit.testkit;

import io.github.udpkit.Datagram;
import io.github.udpkit.internal.Args;
import io.github.udpkit.testkit.internal.Render;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * AssertJ assertions on what a {@link UdpPeer} receives; get them from {@link UdpAssertions#assertThat(UdpPeer)}.
 * The waiting assertions take datagrams from the peer as {@link UdpPeer#take(Duration)} does.
 *
 * @since 0.1
 */
public final class UdpPeerAssert extends AbstractObjectAssert<UdpPeerAssert, UdpPeer> {

    UdpPeerAssert(UdpPeer actual) {
        super(actual, UdpPeerAssert.class);
    }

    /**
     * Verifies that a datagram arrives within a time, and continues with assertions on it.
     *
     * @param timeout how long to wait at most
     * @return assertions on the datagram taken
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws AssertionError if the peer is {@code null} or nothing arrives; the message names the address and the
     *     wait and lists the journal
     */
    public DatagramAssert receivedWithin(Duration timeout) {
        isNotNull();
        Datagram datagram;
        try {
            datagram = actual.take(timeout);
        } catch (AssertionError e) {
            failWithMessage("%s", e.getMessage());
            throw e; // not reached: failWithMessage throws
        }
        return new DatagramAssert(datagram);
    }

    /**
     * Verifies that nothing arrives (and nothing untaken is waiting) for a time.
     *
     * @param wait how long to listen
     * @return this
     * @throws NullPointerException if {@code wait} is {@code null}
     * @throws IllegalArgumentException if {@code wait} is zero or negative
     * @throws AssertionError if the peer is {@code null} or a datagram arrives; the message lists it
     */
    public UdpPeerAssert receivedNothingFor(Duration wait) {
        isNotNull();
        try {
            actual.expectNothing(wait);
        } catch (AssertionError e) {
            failWithMessage("%s", e.getMessage());
        }
        return this;
    }

    /**
     * Verifies that the next datagrams carry these texts (UTF-8), in this order, within a time.
     *
     * @param timeout how long to wait for all of them
     * @param expected the texts, at least one
     * @return this
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if no text is given or {@code timeout} is not positive
     * @throws AssertionError if the peer is {@code null}, fewer arrive, or they differ; the message shows expected
     *     and actual side by side
     */
    public UdpPeerAssert receivedInOrder(Duration timeout, String... expected) {
        Args.notNull(expected, "expected");
        List<byte[]> payloads = new ArrayList<>();
        for (String text : expected) {
            payloads.add(Args.notNull(text, "expected texts")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return receivedPayloadsInOrder(timeout, payloads.toArray(new byte[0][]));
    }

    /**
     * Verifies that the next datagrams carry these payloads, in this order, within a time.
     *
     * @param timeout how long to wait for all of them
     * @param expected the payloads, at least one
     * @return this
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if no payload is given or {@code timeout} is not positive
     * @throws AssertionError if the peer is {@code null}, fewer arrive, or they differ
     */
    public UdpPeerAssert receivedPayloadsInOrder(Duration timeout, byte[]... expected) {
        Args.notNull(expected, "expected");
        if (expected.length == 0) {
            throw new IllegalArgumentException("expected must name at least one payload, was empty");
        }
        isNotNull();
        List<Datagram> got;
        try {
            got = actual.take(expected.length, timeout);
        } catch (AssertionError e) {
            failWithMessage("%s", e.getMessage());
            return this;
        }
        boolean same = true;
        StringBuilder expectedLines = new StringBuilder();
        StringBuilder actualLines = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            byte[] payload = got.get(i).payload();
            same &= java.util.Arrays.equals(payload, expected[i]);
            expectedLines.append("\n  ").append(i + 1).append(". ").append(DatagramAssert.describe(expected[i]));
            actualLines.append("\n  ").append(i + 1).append(". ").append(DatagramAssert.describe(payload))
                    .append(got.get(i).truncated() ? " (truncated)" : "");
        }
        if (!same) {
            failWithMessage("%s", "Expecting " + actual + " to receive in order:" + expectedLines
                    + "\nbut it received:" + actualLines);
        }
        return this;
    }

    /**
     * Verifies how many datagrams the peer has received in all, taken or not.
     *
     * @param expected the count
     * @return this
     * @throws AssertionError if the peer is {@code null} or the count differs; the message lists the journal
     */
    public UdpPeerAssert hasReceivedCount(int expected) {
        isNotNull();
        List<Datagram> journal = actual.journal();
        if (journal.size() != expected) {
            failWithMessage("%s", "Expecting " + actual + " to have received " + expected + " datagrams but it "
                    + "received " + journal.size() + (journal.isEmpty() ? "" : ":\n"
                    + Render.lines(journal, 1, actual.startedAt()).stripTrailing()));
        }
        return this;
    }
}
