package io.github.udpkit.testkit.internal;

import io.github.udpkit.testkit.RandomText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Turns {@link RandomText} into arguments; JUnit makes one per use of the annotation. */
public final class RandomTextProvider implements ArgumentsProvider, AnnotationConsumer<RandomText> {
    private RandomText annotation;

    /**
     * Called by JUnit.
     *
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException if JUnit Jupiter is older than 5.13
     */
    public RandomTextProvider() {
        JUnitSupport.requireParams(); // before JUnit reflects over our methods and trips on ParameterDeclarations
    }

    @Override
    public void accept(RandomText annotation) {
        this.annotation = annotation;
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        long seed = RandomPayloadsProvider.seed(annotation.seed());
        return texts(annotation.maxUtf8Bytes(), annotation.samples(), seed).stream()
                .map(t -> Arguments.of(Named.of("chars=" + t.codePointCount(0, t.length()) + ", utf8Bytes="
                        + t.getBytes(StandardCharsets.UTF_8).length + ", seed=" + seed, t)));
    }

    /**
     * Generates the texts of a run: the edge cases, then random mixes.
     *
     * @param maxUtf8Bytes the UTF-8 budget, at least 4
     * @param samples how many in all
     * @param seed the seed
     * @return the texts
     * @throws IllegalArgumentException if an argument is out of range, naming it
     */
    public static List<String> texts(int maxUtf8Bytes, int samples, long seed) {
        if (maxUtf8Bytes < 4) {
            throw new IllegalArgumentException("@RandomText maxUtf8Bytes must be at least 4, was " + maxUtf8Bytes);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("@RandomText samples must be at least 1, was " + samples);
        }
        List<String> texts = new ArrayList<>();
        texts.add("");
        int index = 0;
        for (int length = 1; length <= 4; length++) {
            texts.add(Generators.text(seed, index++, length, length, true));
            texts.add(Generators.text(seed, index++, maxUtf8Bytes, length, true));
        }
        texts.add(Generators.text(seed, index++, maxUtf8Bytes, 0, true));
        while (texts.size() < samples) {
            texts.add(Generators.text(seed, index++, maxUtf8Bytes, 0, false));
        }
        return texts;
    }
}
