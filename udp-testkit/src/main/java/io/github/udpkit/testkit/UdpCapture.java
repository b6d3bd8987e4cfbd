package io.github.udpkit.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * When the {@link UdpPeerExtension} writes a test's traffic as a pcapng file: every peer and every proxy the test
 * used, one interface per endpoint, in one file under {@code target/udpkit-captures/} (or the directory in the system
 * property {@value #DIRECTORY_PROPERTY}), named after the test class and method. The file's path is in the failure
 * report. On a method it overrides the class; without it the system property {@value #MODE_PROPERTY}
 * ({@code always}, {@code on-failure}, {@code never}) decides, and by default a capture is kept on failure.
 *
 * <pre>{@code
 * @UdpTest
 * @UdpCapture(UdpCapture.Mode.ALWAYS)
 * class ClientTest { ... }   // then: tshark -r target/udpkit-captures/ClientTest/sendsPing-1a2b3c4d.pcapng
 * }</pre>
 *
 * @since 0.2
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface UdpCapture {
    /** The system property that sets the default mode: {@code always}, {@code on-failure} or {@code never}. */
    String MODE_PROPERTY = "udpkit.capture";
    /** The system property that sets the directory; default {@code target/udpkit-captures}. */
    String DIRECTORY_PROPERTY = "udpkit.capture.dir";

    /**
     * When to keep the capture.
     *
     * @return the mode
     */
    Mode value();

    /** When a capture is written. */
    enum Mode {
        /** After every test. */
        ALWAYS,
        /** When the test (or a {@code @BeforeEach} / {@code @AfterEach} method) fails; the default. */
        ON_FAILURE,
        /** Never. */
        NEVER
    }
}
