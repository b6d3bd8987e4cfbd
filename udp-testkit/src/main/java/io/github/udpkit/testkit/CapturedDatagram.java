package io.github.udpkit.testkit;

import io.github.udpkit.internal.Args;
import io.github.udpkit.internal.Payloads;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;

/**
 * One UDP datagram read from a capture file by {@link PcapReplay}. Immutable: the payload is copied in and out.
 *
 * @param at when it was captured, measured from the file's first replayable datagram
 * @param source its captured sender
 * @param destination its captured receiver
 * @param payload its UDP payload
 * @since 0.2
 */
public record CapturedDatagram(Duration at, InetSocketAddress source, InetSocketAddress destination,
                               byte[] payload) {

    /**
     * Checks and copies the components.
     *
     * @param at when, from the first datagram
     * @param source the sender
     * @param destination the receiver
     * @param payload the payload; copied
     * @throws NullPointerException if a component is {@code null}
     */
    public CapturedDatagram {
        Args.notNull(at, "at");
        Args.notNull(source, "source");
        Args.notNull(destination, "destination");
        payload = Args.notNull(payload, "payload").clone();
    }

    /**
     * Returns a copy of the payload.
     *
     * @return the bytes
     */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * Compares every component, the payload by content.
     *
     * @param other the object to compare with
     * @return whether it is an equal datagram
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof CapturedDatagram d && at.equals(d.at) && source.equals(d.source)
                && destination.equals(d.destination) && Arrays.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
        return ((at.hashCode() * 31 + source.hashCode()) * 31 + destination.hashCode()) * 31
                + Arrays.hashCode(payload);
    }

    /**
     * Describes the datagram with a capped preview of its payload.
     *
     * @return for example {@code CapturedDatagram[+12 ms /192.0.2.1:5000 -> /192.0.2.2:53, 29 bytes 0x1234...]}
     */
    @Override
    public String toString() {
        return "CapturedDatagram[+" + at.toMillis() + " ms " + source + " -> " + destination + ", " + payload.length
                + " bytes " + Payloads.preview(payload) + "]";
    }
}
