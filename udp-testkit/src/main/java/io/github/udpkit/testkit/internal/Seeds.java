package io.github.udpkit.testkit.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Where seeds come from when a test does not fix one: a system property to replay a run, else a fresh random. */
public final class Seeds {
    /** The system property that fixes every testkit seed, to replay a run: {@code -Dudpkit.seed=1234}. */
    public static final String PROPERTY = "udpkit.seed";

    private Seeds() {
    }

    /**
     * Returns the seed from {@link #PROPERTY} if it is set, else a fresh random one.
     *
     * @return the seed
     * @throws IllegalArgumentException if the property is set but not a decimal {@code long}
     */
    public static long defaultSeed() {
        return fromProperty(System.getProperty(PROPERTY));
    }

    /**
     * Parses the property's value, or draws a fresh random seed when it is absent or blank.
     *
     * @param value the property's value, or {@code null}
     * @return the seed
     * @throws IllegalArgumentException if the value is not a decimal {@code long}
     */
    public static long fromProperty(String value) {
        if (value == null || value.isBlank()) {
            return ThreadLocalRandom.current().nextLong();
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + PROPERTY + " must be a long, was '" + value + "'",
                    e);
        }
    }
}
