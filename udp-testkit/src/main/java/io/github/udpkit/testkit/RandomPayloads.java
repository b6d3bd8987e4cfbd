package io.github.udpkit.testkit;

import io.github.udpkit.testkit.internal.RandomPayloadsProvider;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Feeds a JUnit Jupiter {@code @ParameterizedTest} with {@link Payload}s around a size limit: property-based payload
 * tests without a property-testing library.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @RandomPayloads(maxSize = 1024, samples = 200)
 * void roundTrips(Payload payload) { ... payload.bytes() ... }
 * }</pre>
 *
 * <p><b>Empty payloads.</b> The cases include size 0 unless {@link #minSize()} is set. A default (connected)
 * {@code UdpSender} refuses an empty payload, because the JDK silently skips zero-length sends on connected sockets:
 * send the cases with {@code UdpSender.builder().connected(false)} (or from a {@link UdpPeer}), or, when the code
 * under test never sends empty datagrams, declare {@code minSize = 1}.
 *
 * <p><b>Cases.</b> First the edge sizes, always: {@code minSize}, {@code minSize + 1}, {@code maxSize - 1},
 * {@code maxSize}, {@code maxSize + 1}, and 65,507, 65,508, 65,527 and 65,528 (the IPv4 and IPv6 UDP maxima and one
 * more) when they are at most {@link #largestSize()}; then sizes drawn uniformly from {@code minSize} to
 * {@link #largestSize()} until there are {@link #samples()} cases. Contents are random bytes. Each case's display
 * name shows its size and the seed, for example {@code [5] size=1025 (edge), seed=-4962768465676381896}.
 *
 * <p><b>Replaying.</b> Sizes and contents follow from the seed alone. The seed is {@link #seed()} when set, else the
 * system property {@code udpkit.seed} when set ({@code mvn verify -Dudpkit.seed=-4962768465676381896}), else a fresh
 * random number per test method.
 *
 * @since 0.1
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SuppressWarnings("exports") // the provider is internal; JUnit reaches it through the module's opens
@ArgumentsSource(RandomPayloadsProvider.class)
public @interface RandomPayloads {
    /**
     * The size limit under test; the edge cases sit around it.
     *
     * @return the limit in bytes, at least 1
     */
    int maxSize();

    /**
     * The smallest size generated, edges included. Set it to 1 when the payloads go through a connected
     * {@code UdpSender}, which refuses empty payloads.
     *
     * @return the smallest size in bytes, 0 to {@link #maxSize()}; default 0
     * @since 0.2
     */
    int minSize() default 0;

    /**
     * How many cases to generate in all, edge cases included. When fewer than the edge cases, only the edge cases
     * are generated.
     *
     * @return the number of cases; default 200
     */
    int samples() default 200;

    /**
     * The largest size generated; -1 (the default) means {@code maxSize + 1}. Set it higher to test sizes far over
     * the limit, for example 70,000 to cross the UDP maxima.
     *
     * @return the largest size in bytes, or -1
     */
    int largestSize() default -1;

    /**
     * A fixed seed, as a decimal {@code long}; empty (the default) for the system property or a random seed.
     *
     * @return the seed, or empty
     */
    String seed() default "";
}
