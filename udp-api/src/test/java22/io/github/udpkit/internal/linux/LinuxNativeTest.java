package io.github.udpkit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The availability rule, and that this JVM (started with native access on Linux amd64) can run the engine. */
class LinuxNativeTest {
    @Test
    void thisJvm_runsTheEngine() {
        assertThat(LinuxNative.unavailableReason()).isEmpty();
        assertThat(LinuxNative.isAvailable()).isTrue();
        LinuxNative.requireAvailable();
    }

    @Test
    void nativeAccessOff_namesTheFlag_forClassPathAndModulePath() {
        assertThat(Availability.reason("Linux", "amd64", false, false)).contains(
                "the native engine needs native access: add --enable-native-access=ALL-UNNAMED to the java command");
        assertThat(Availability.reason("Linux", "amd64", false, true)).contains(
                "the native engine needs native access: add --enable-native-access=io.github.udpkit to the java "
                        + "command");
    }

    @Test
    void otherOsOrArchitecture_isNamed() {
        assertThat(Availability.reason("Mac OS X", "aarch64", true, false))
                .contains("the native engine runs on Linux only; this is Mac OS X");
        assertThat(Availability.reason("Linux", "aarch64", true, false))
                .contains("the native engine is tested on amd64 (x86_64) only; this machine is aarch64");
        assertThat(Availability.reason("Linux", "amd64", true, true)).isEmpty();
    }
}
