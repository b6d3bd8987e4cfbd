package io.github.udpkit.testkit.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The deterministic generators behind the payload annotations: everything follows from the seed.
 */
public final class Generators {
    /** The UDP maxima and one more: sizes worth testing wherever they are in range. */
    private static final int[] PROTOCOL_EDGES = {65_507, 65_508, 65_527, 65_528};

    private Generators() {
    }

    /**
     * Returns the sizes of a payload run: the edge sizes (ascending, without duplicates), then random sizes from
     * {@code minSize} to {@code largest} until there are {@code samples}. With {@code minSize} 0 a seed gives the sizes
     * it gave before {@code minSize} existed.
     *
     * @param minSize the smallest size, 0 to {@code maxSize}
     * @param maxSize the limit the edges sit around, at least 1
     * @param largest the largest size, at least {@code maxSize + 1}
     * @param samples how many sizes in all
     * @param seed the seed
     * @return the sizes; the first {@link #edgeCount(int, int, int)} are the edges
     */
    public static List<Integer> sizes(int minSize, int maxSize, int largest, int samples, long seed) {
        List<Integer> sizes = new ArrayList<>(edges(minSize, maxSize, largest));
        SplittableRandom random = new SplittableRandom(seed);
        while (sizes.size() < samples) {
            sizes.add(minSize + random.nextInt(largest - minSize + 1));
        }
        return sizes;
    }

    /**
     * Returns how many of the sizes are edges.
     *
     * @param minSize the smallest size
     * @param maxSize the limit
     * @param largest the largest size
     * @return the count of edge sizes
     */
    public static int edgeCount(int minSize, int maxSize, int largest) {
        return edges(minSize, maxSize, largest).size();
    }

    private static Set<Integer> edges(int minSize, int maxSize, int largest) {
        Set<Integer> edges = new LinkedHashSet<>(List.of(minSize, minSize + 1, maxSize - 1, maxSize, maxSize + 1));
        for (int edge : PROTOCOL_EDGES) {
            if (edge <= largest) {
                edges.add(edge);
            }
        }
        edges.removeIf(size -> size < minSize || size > largest);
        return edges;
    }

    /**
     * Returns the content of case {@code index}: random bytes from the seed and the index only.
     *
     * @param seed the run's seed
     * @param index the case's 0-based index
     * @param size the size
     * @return the bytes
     */
    public static byte[] bytes(long seed, int index, int size) {
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Returns text of random code points whose UTF-8 size is at most {@code budget}, from the seed and index only.
     * {@code utf8Length} 1 to 4 makes every character that long; 0 mixes lengths.
     *
     * @param seed the run's seed
     * @param index the case's 0-based index
     * @param budget the largest UTF-8 size
     * @param utf8Length the UTF-8 length of each character, or 0 for a mix
     * @param fill whether to use the whole budget (as far as the characters' length allows)
     * @return the text
     */
    public static String text(long seed, int index, int budget, int utf8Length, boolean fill) {
        SplittableRandom random = new SplittableRandom(seed ^ (0xBF58476D1CE4E5B9L * (index + 1)));
        int target = fill ? budget : random.nextInt(budget + 1);
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int attempt = 0; attempt < budget + 16; attempt++) { // bounded: each round adds a character or stops
            int length = utf8Length > 0 ? utf8Length : 1 + random.nextInt(4);
            if (used + length > target) {
                if (utf8Length > 0 || target - used == 0) {
                    break;
                }
                length = 1; // top up with ASCII so a mixed text can reach its target exactly
            }
            out.appendCodePoint(codePoint(random, length));
            used += length;
        }
        return out.toString();
    }

    private static int codePoint(SplittableRandom random, int utf8Length) {
        return switch (utf8Length) {
            case 1 -> random.nextInt(0x80);
            case 2 -> 0x80 + random.nextInt(0x800 - 0x80);
            case 3 -> {
                int cp = 0x800 + random.nextInt(0x10000 - 0x800 - 0x800); // skip the 2,048 surrogates
                yield cp >= 0xD800 ? cp + 0x800 : cp;
            }
            default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
        };
    }
}
