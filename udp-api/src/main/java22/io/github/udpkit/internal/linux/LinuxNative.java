package io.github.udpkit.internal.linux;

import java.util.Optional;

/**
 * The one place that decides whether the Linux native engine can run in this JVM and, if not, says why and what to
 * change. This is the JDK 22+ version (in {@code META-INF/versions/22}); the base version says that the engine needs
 * JDK 22.
 *
 * <p>The engine runs when the OS is Linux, the architecture is one it was tested on (amd64), udpkit's module has
 * native access ({@code --enable-native-access=io.github.udpkit} on the module path, {@code ALL-UNNAMED} on the class
 * path) and the C library has the calls it binds. Deciding never calls a restricted method first, so it never makes
 * the JDK print its restricted-method warning.
 */
public final class LinuxNative {
    private static final Optional<String> REASON = decide();

    private LinuxNative() {
    }

    /**
     * Tells whether the native engine can run here.
     *
     * @return {@code true} if it can
     */
    public static boolean isAvailable() {
        return REASON.isEmpty();
    }

    /**
     * Says why the native engine cannot run here, in words that fit a {@code UdpException} message: for example
     * "the native engine needs native access: add --enable-native-access=ALL-UNNAMED to the java command".
     *
     * @return the reason, or empty if the engine can run
     */
    public static Optional<String> unavailableReason() {
        return REASON;
    }

    /**
     * Fails with the reason if the native engine cannot run here.
     *
     * @throws IllegalStateException with {@link #unavailableReason()} as its message
     */
    public static void requireAvailable() {
        if (REASON.isPresent()) {
            throw new IllegalStateException(REASON.get());
        }
    }

    private static Optional<String> decide() {
        Module module = LinuxNative.class.getModule();
        Optional<String> reason = Availability.reason(System.getProperty("os.name", "unknown"),
                System.getProperty("os.arch", "unknown"), module.isNativeAccessEnabled(), module.isNamed());
        if (reason.isPresent()) {
            return reason;
        }
        try {
            // Native access is on: binding the C library now prints no warning.
            Libc.strerror(0);
            return Optional.empty();
        } catch (LinkageError | IllegalStateException e) {
            return Optional.of("the native engine cannot bind the C library's socket calls: " + e);
        }
    }
}
