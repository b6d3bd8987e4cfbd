package io.github.udpkit.samples.echo;

import java.time.Duration;

/**
 * The answer to one echo request.
 *
 * @param payload the bytes that came back (equal to the request's)
 * @param attempt which attempt got them: 1 for the first try, 2 for the first retry, ...
 * @param elapsed the time from the first send to the answer
 */
public record EchoReply(byte[] payload, int attempt, Duration elapsed) {
    /**
     * Copies the payload in, so the record cannot be changed from outside.
     *
     * @param payload the bytes that came back
     * @param attempt which attempt got them
     * @param elapsed the time from the first send to the answer
     */
    public EchoReply {
        payload = payload.clone();
    }

    /**
     * Returns a copy of the payload.
     *
     * @return the bytes that came back
     */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * Describes the reply by its size, not its content.
     *
     * @return for example {@code EchoReply[13 bytes, attempt 2, 203 ms]}
     */
    @Override
    public String toString() {
        return "EchoReply[" + payload.length + " bytes, attempt " + attempt + ", " + elapsed.toMillis() + " ms]";
    }

    /**
     * Tells whether another reply has the same payload, attempt and elapsed time.
     *
     * @param other the object to compare with
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof EchoReply r && attempt == r.attempt && elapsed.equals(r.elapsed)
                && java.util.Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(payload) * 31 + attempt * 17 + elapsed.hashCode();
    }
}
