package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Proves which JUnit Jupiter line runs the suite: udp-testkit runs it on 6.x, udp-testkit-junit5 on 5.13 (each sets
 * {@code udpkit.expectedJUnitMajor}).
 */
class JUnitVersionTest {
    @Test
    void theSuiteRunsOnTheExpectedJUnitLine() {
        String version = Test.class.getPackage().getImplementationVersion();
        String expected = System.getProperty("udpkit.expectedJUnitMajor");
        assertThat(expected).as("udpkit.expectedJUnitMajor set by the module's Surefire configuration").isNotNull();
        assertThat(version).as("junit-jupiter-api version").startsWith(expected + ".");
        String engine = org.junit.jupiter.engine.JupiterTestEngine.class.getPackage().getImplementationVersion();
        assertThat(engine).as("junit-jupiter-engine version").isEqualTo(version);
    }
}
