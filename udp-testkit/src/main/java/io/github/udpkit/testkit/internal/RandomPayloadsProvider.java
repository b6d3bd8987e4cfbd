package io.github.udpkit.testkit.internal;

import io.github.udpkit.testkit.Payload;
import io.github.udpkit.testkit.RandomPayloads;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Turns {@link RandomPayloads} into arguments; JUnit makes one per use of the annotation. */
public final class RandomPayloadsProvider implements ArgumentsProvider, AnnotationConsumer<RandomPayloads> {
    private RandomPayloads annotation;

    /**
     * Called by JUnit.
     *
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException if JUnit Jupiter is older than 5.13
     */
    public RandomPayloadsProvider() {
        JUnitSupport.requireParams(); // before JUnit reflects over our methods and trips on ParameterDeclarations
    }

    @Override
    public void accept(RandomPayloads annotation) {
        this.annotation = annotation;
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        return payloads(annotation.minSize(), annotation.maxSize(), annotation.largestSize(), annotation.samples(),
                seed(annotation.seed())).stream().map(p -> Arguments.of(Named.of(
                        "size=" + p.size() + (p.edge() ? " (edge)" : "") + ", seed=" + p.seed(), p)));
    }

    /**
     * Generates the payloads of a run with {@code minSize} 0; see {@link #payloads(int, int, int, int, long)}.
     *
     * @param maxSize the limit, at least 1
     * @param largestSize the largest size, or -1 for {@code maxSize + 1}
     * @param samples how many in all
     * @param seed the seed
     * @return the payloads, edges first
     * @throws IllegalArgumentException if an argument is out of range, naming it
     */
    public static List<Payload> payloads(int maxSize, int largestSize, int samples, long seed) {
        return payloads(0, maxSize, largestSize, samples, seed);
    }

    /**
     * Generates the payloads of a run.
     *
     * @param minSize the smallest size, 0 to {@code maxSize}
     * @param maxSize the limit, at least 1
     * @param largestSize the largest size, or -1 for {@code maxSize + 1}
     * @param samples how many in all
     * @param seed the seed
     * @return the payloads, edges first
     * @throws IllegalArgumentException if an argument is out of range, naming it
     */
    public static List<Payload> payloads(int minSize, int maxSize, int largestSize, int samples, long seed) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("@RandomPayloads maxSize must be at least 1, was " + maxSize);
        }
        if (minSize < 0 || minSize > maxSize) {
            throw new IllegalArgumentException("@RandomPayloads minSize must be between 0 and maxSize (" + maxSize
                    + "), was " + minSize);
        }
        int largest = largestSize == -1 ? maxSize + 1 : largestSize;
        if (largest <= maxSize || largest > 1 << 24) {
            throw new IllegalArgumentException("@RandomPayloads largestSize must be -1 or between maxSize + 1 ("
                    + (maxSize + 1) + ") and " + (1 << 24) + ", was " + largestSize);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("@RandomPayloads samples must be at least 1, was " + samples);
        }
        List<Integer> sizes = Generators.sizes(minSize, maxSize, largest, samples, seed);
        int edges = Generators.edgeCount(minSize, maxSize, largest);
        return IntStream.range(0, sizes.size())
                .mapToObj(i -> new Payload(Generators.bytes(seed, i, sizes.get(i)), i < edges, seed)).toList();
    }

    /**
     * Chooses the seed: the annotation's, else the system property, else random.
     *
     * @param annotated the annotation's seed attribute, empty when not set
     * @return the seed
     * @throws IllegalArgumentException if a given seed is not a decimal {@code long}
     */
    public static long seed(String annotated) {
        if (annotated.isBlank()) {
            return Seeds.defaultSeed();
        }
        try {
            return Long.parseLong(annotated.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed must be a long, was '" + annotated + "'", e);
        }
    }
}
