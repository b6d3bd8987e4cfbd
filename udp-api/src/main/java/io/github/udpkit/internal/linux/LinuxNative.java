package io.github.udpkit.internal.linux;

import java.util.Optional;

/**
 * The one place that decides whether the Linux native engine can run in this JVM. This is the base version, for
 * JDK 17 to 21: the engine is in {@code META-INF/versions/22} of the same jar and needs JDK 22 or later (the FFM API),
 * so here it never runs. Both versions have the same methods.
 */
public final class LinuxNative {
    private static final Optional<String> REASON = Optional.of("the native engine needs JDK 22 or later (the FFM API); "
            + "this is Java " + Runtime.version().feature());

    private LinuxNative() {
    }

    /**
     * Tells whether the native engine can run here.
     *
     * @return {@code false}: it needs JDK 22
     */
    public static boolean isAvailable() {
        return false;
    }

    /**
     * Says why the native engine cannot run here, in words that fit a {@code UdpException} message.
     *
     * @return "the native engine needs JDK 22 or later (the FFM API); this is Java 17" (with this JVM's version)
     */
    public static Optional<String> unavailableReason() {
        return REASON;
    }

    /**
     * Fails with the reason, since the native engine cannot run here.
     *
     * @throws IllegalStateException always, with {@link #unavailableReason()} as its message
     */
    public static void requireAvailable() {
        throw new IllegalStateException(REASON.get());
    }
}
