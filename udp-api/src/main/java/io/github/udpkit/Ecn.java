package io.github.udpkit;

/**
 * The Explicit Congestion Notification codepoint of a datagram: the two low bits of the IPv4 TOS byte or the IPv6
 * traffic class (RFC 3168). QUIC (RFC 9000, section 13.4) sends with {@link #ECT_0} and counts what arrives marked
 * {@link #CE}.
 *
 * <p>Read on receive with {@link UdpReceiver.Builder#metadata(DatagramMetadata...) metadata(ECN)} and
 * {@link Datagram#ecn()}; set per datagram with {@link UdpSender#send(java.nio.ByteBuffer, Ecn)}. Both need the
 * native engine.
 *
 * @since 0.2
 */
public enum Ecn {
    /** {@code 00}: the sender does not support ECN. */
    NOT_ECT(0),
    /** {@code 01}: ECN-capable transport, codepoint 1. */
    ECT_1(1),
    /** {@code 10}: ECN-capable transport, codepoint 0. */
    ECT_0(2),
    /** {@code 11}: congestion experienced, set by a router instead of dropping the datagram. */
    CE(3);

    private static final Ecn[] BY_BITS = {NOT_ECT, ECT_1, ECT_0, CE};

    private final int bits;

    Ecn(int bits) {
        this.bits = bits;
    }

    /**
     * Returns the codepoint's two bits.
     *
     * @return 0 to 3
     */
    public int bits() {
        return bits;
    }

    /**
     * Returns the codepoint of a TOS byte or traffic class: its two low bits.
     *
     * @param trafficClass the byte, 0 to 255
     * @return the codepoint
     * @throws IllegalArgumentException if {@code trafficClass} is outside 0 to 255
     */
    public static Ecn ofTrafficClass(int trafficClass) {
        if (trafficClass < 0 || trafficClass > 255) {
            throw new IllegalArgumentException("trafficClass must be between 0 and 255, was " + trafficClass);
        }
        return BY_BITS[trafficClass & 3];
    }
}
