package io.github.udpkit.internal.linux;

import java.util.Locale;
import java.util.Optional;

/**
 * The rule {@link LinuxNative} applies, as a function of the facts, so each case can be tested. It lives apart
 * because only the JDK 22 version of {@code LinuxNative} uses it: the base class must keep the same methods.
 */
final class Availability {
    private Availability() {
    }

    /**
     * The rule itself, for given facts.
     *
     * @param osName {@code os.name}
     * @param osArch {@code os.arch}
     * @param nativeAccess whether udpkit's module has native access
     * @param namedModule whether udpkit runs as a named module (module path) or in the unnamed one (class path)
     * @return the reason it cannot run, or empty
     */
    static Optional<String> reason(String osName, String osArch, boolean nativeAccess, boolean namedModule) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("the native engine runs on Linux only; this is " + osName);
        }
        if (!osArch.equals("amd64") && !osArch.equals("x86_64")) {
            return Optional.of("the native engine is tested on amd64 (x86_64) only; this machine is " + osArch);
        }
        if (!nativeAccess) {
            String flag = "--enable-native-access=" + (namedModule ? "io.github.udpkit" : "ALL-UNNAMED");
            return Optional.of("the native engine needs native access: add " + flag + " to the java command");
        }
        return Optional.empty();
    }
}
