package io.github.udpkit.testkit;

import io.github.udpkit.UdpLimits;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures a {@link UdpPeer} parameter that the {@link UdpPeerExtension} injects. A parameter without it gets
 * {@link UdpPeer#start()}'s defaults.
 *
 * <pre>{@code
 * @Test
 * void bigDatagramsAreCut(@UdpPeerOptions(maxDatagramSize = 512) UdpPeer peer) { ... }
 * }</pre>
 *
 * @since 0.1
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface UdpPeerOptions {
    /**
     * Listens on {@code ::1} instead of {@code 127.0.0.1}; see {@link UdpPeer.Builder#ipv6()}.
     *
     * @return {@code true} for IPv6; default {@code false}
     */
    boolean ipv6() default false;

    /**
     * The buffer limit; larger datagrams are recorded as truncated. See {@link UdpPeer.Builder#maxDatagramSize(int)}.
     *
     * @return the limit, 1 to 65,527; default 65,527
     */
    int maxDatagramSize() default UdpLimits.IPV6_MAX_PAYLOAD;

    /**
     * Answers every datagram with its own payload; see {@link UdpPeer#echo()}.
     *
     * @return {@code true} to echo; default {@code false}
     */
    boolean echo() default false;
}
