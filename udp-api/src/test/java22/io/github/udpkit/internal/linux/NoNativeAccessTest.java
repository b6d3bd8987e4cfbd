package io.github.udpkit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs in a JVM of its own started without {@code --enable-native-access} (the pom's {@code native-jar-no-access}
 * execution): the engine says it cannot run and which flag to add, and deciding that prints no JDK warning.
 */
class NoNativeAccessTest {
    private static final String REASON =
            "the native engine needs native access: add --enable-native-access=ALL-UNNAMED to the java command";

    @Test
    void withoutTheFlag_theReasonNamesIt_andNoRestrictedMethodWarningIsPrinted() {
        assumeTrue(Boolean.getBoolean("udpkit.test.noNativeAccess"),
                "runs only in the pom's native-jar-no-access execution, a JVM without --enable-native-access");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(LinuxNative.class.getModule().isNativeAccessEnabled()).isFalse();
            assertThat(LinuxNative.unavailableReason()).contains(REASON);
            assertThat(LinuxNative.isAvailable()).isFalse();
            assertThatThrownBy(LinuxNative::requireAvailable).isInstanceOf(IllegalStateException.class)
                    .hasMessage(REASON);
            assertThatThrownBy(() -> NativeUdpSocket.open(StandardProtocolFamily.INET))
                    .isInstanceOf(IllegalStateException.class).hasMessage(REASON);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("restricted method");
    }
}
