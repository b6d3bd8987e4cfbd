package io.github.udpkit.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit Jupiter test class whose test methods (and constructors, lifecycle methods) may declare
 * {@link UdpPeer} and {@link UdpFaultProxy.Builder} parameters: it registers the {@link UdpPeerExtension}. Equivalent
 * to {@code @ExtendWith(UdpPeerExtension.class)}, or to a {@code @RegisterExtension} field holding a
 * {@code new UdpPeerExtension()}.
 *
 * <pre>{@code
 * @UdpTest
 * class ClientTest {
 *     @Test
 *     void sendsPing(UdpPeer server) {
 *         new Client(server.address()).ping();
 *         assertEquals("ping", server.take(Duration.ofSeconds(5)).text());
 *     }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(UdpPeerExtension.class)
public @interface UdpTest {
}
