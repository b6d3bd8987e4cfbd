package io.github.udpkit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The base version of {@link LinuxNative}, which JDK 17 to 21 load (and every JDK loads from target/classes, where
 * META-INF/versions is not consulted): the native engine never runs, and it says why.
 */
class LinuxNativeBaseTest {
    private static final String REASON = "the native engine needs JDK 22 or later (the FFM API); this is Java "
            + Runtime.version().feature();

    @Test
    void baseVersion_saysTheEngineNeedsJdk22() {
        assertThat(LinuxNative.isAvailable()).isFalse();
        assertThat(LinuxNative.unavailableReason()).contains(REASON);
        assertThatThrownBy(LinuxNative::requireAvailable).isInstanceOf(IllegalStateException.class)
                .hasMessage(REASON);
    }
}
