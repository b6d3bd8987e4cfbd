package io.github.udpkit.testkit;

import io.github.udpkit.testkit.internal.RandomTextProvider;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Feeds a JUnit Jupiter {@code @ParameterizedTest} with arbitrary Unicode {@code String}s whose UTF-8 encoding is at
 * most {@link #maxUtf8Bytes()} bytes: ASCII, two-, three- and four-byte characters (never lone surrogates) mixed at
 * random.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @RandomText(maxUtf8Bytes = 1024, samples = 200)
 * void textRoundTrips(String text) { ... }
 * }</pre>
 *
 * <p>The first cases are always the empty string, one character of each UTF-8 length, and texts that fill the budget
 * exactly with characters of each length. Display names show the character count, the UTF-8 size and the seed. The
 * seed is chosen as for {@link RandomPayloads}: {@link #seed()}, else the system property {@code udpkit.seed}, else
 * random.
 *
 * @since 0.1
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SuppressWarnings("exports") // the provider is internal; JUnit reaches it through the module's opens
@ArgumentsSource(RandomTextProvider.class)
public @interface RandomText {
    /**
     * The largest UTF-8 size of a generated text.
     *
     * @return the budget in bytes, at least 4
     */
    int maxUtf8Bytes();

    /**
     * How many texts to generate, edge cases included.
     *
     * @return the number of cases; default 200
     */
    int samples() default 200;

    /**
     * A fixed seed, as a decimal {@code long}; empty (the default) for the system property or a random seed.
     *
     * @return the seed, or empty
     */
    String seed() default "";
}
