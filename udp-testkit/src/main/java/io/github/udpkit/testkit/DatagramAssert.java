package io.github.udpkit.testkit;

import io.github.udpkit.Datagram;
import io.github.udpkit.internal.Args;
import io.github.udpkit.internal.Payloads;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * AssertJ assertions on a {@link Datagram}; get them from {@link UdpAssertions#assertThat(Datagram)}. Payloads in
 * messages are shown as text when printable, as hex otherwise, and abbreviated after 64 bytes, with the first
 * differing byte named.
 *
 * @since 0.1
 */
public final class DatagramAssert extends AbstractObjectAssert<DatagramAssert, Datagram> {

    DatagramAssert(Datagram actual) {
        super(actual, DatagramAssert.class);
    }

    /**
     * Verifies the payload bytes, exactly.
     *
     * @param expected the bytes
     * @return this
     * @throws NullPointerException if {@code expected} is {@code null}
     * @throws AssertionError if the datagram is {@code null} or its payload differs
     */
    public DatagramAssert hasPayload(byte[] expected) {
        Args.notNull(expected, "expected");
        isNotNull();
        byte[] payload = actual.payload();
        if (!Arrays.equals(payload, expected)) {
            int at = Arrays.mismatch(payload, expected);
            failWithActualExpectedAndMessage(Payloads.preview(payload), Payloads.preview(expected), "%s",
                    "Expecting the datagram from " + actual.sender() + " to have payload\n  "
                            + describe(expected) + "\nbut it was\n  " + describe(payload)
                            + "\nfirst difference at byte " + at);
        }
        return this;
    }

    /**
     * Verifies the payload decoded as UTF-8.
     *
     * @param expected the text
     * @return this
     * @throws NullPointerException if {@code expected} is {@code null}
     * @throws AssertionError if the datagram is {@code null} or its text differs
     */
    public DatagramAssert hasText(String expected) {
        Args.notNull(expected, "expected");
        isNotNull();
        String text = actual.text();
        if (!text.equals(expected)) {
            failWithActualExpectedAndMessage(text, expected, "%s", "Expecting the datagram from " + actual.sender()
                    + " to have text\n  " + describe(expected.getBytes(StandardCharsets.UTF_8)) + "\nbut it was\n  "
                    + describe(actual.payload()));
        }
        return this;
    }

    /**
     * Verifies the payload length.
     *
     * @param expected the length in bytes
     * @return this
     * @throws AssertionError if the datagram is {@code null} or its length differs
     */
    public DatagramAssert hasLength(int expected) {
        isNotNull();
        if (actual.length() != expected) {
            failWithMessage("%s", "Expecting the datagram from " + actual.sender() + " to have " + expected
                    + " bytes but it had " + describe(actual.payload()));
        }
        return this;
    }

    /**
     * Verifies the sender's address and port.
     *
     * @param expected the sender
     * @return this
     * @throws NullPointerException if {@code expected} is {@code null}
     * @throws AssertionError if the datagram is {@code null} or came from elsewhere
     */
    public DatagramAssert isFrom(InetSocketAddress expected) {
        Args.notNull(expected, "expected");
        isNotNull();
        if (!actual.sender().equals(expected)) {
            failWithMessage("%s", "Expecting the datagram " + describe(actual.payload()) + " to come from "
                    + expected + " but it came from " + actual.sender());
        }
        return this;
    }

    /**
     * Verifies that the datagram was truncated: larger than the receiver's limit.
     *
     * @return this
     * @throws AssertionError if the datagram is {@code null} or complete
     */
    public DatagramAssert isTruncated() {
        isNotNull();
        if (!actual.truncated()) {
            failWithMessage("%s", "Expecting the datagram from " + actual.sender() + " to be truncated but it was "
                    + "complete: " + describe(actual.payload()));
        }
        return this;
    }

    /**
     * Verifies that the datagram is complete, not truncated.
     *
     * @return this
     * @throws AssertionError if the datagram is {@code null} or truncated
     */
    public DatagramAssert isNotTruncated() {
        isNotNull();
        if (actual.truncated()) {
            failWithMessage("%s", "Expecting the datagram from " + actual.sender() + " to be complete but it was "
                    + "truncated to " + describe(actual.payload()));
        }
        return this;
    }

    static String describe(byte[] payload) {
        return payload.length + (payload.length == 1 ? " byte " : " bytes ") + Payloads.preview(payload);
    }
}
