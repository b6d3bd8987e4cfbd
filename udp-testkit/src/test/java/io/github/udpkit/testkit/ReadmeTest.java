package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's example identical to {@code com.example.ReadmeExampleTest}, which the build compiles and runs from
 * a package of its own, as a user's test would be.
 */
class ReadmeTest {
    private static final String EXAMPLE = "udp-testkit/src/test/java/com/example/ReadmeExampleTest.java";

    /** The repository root: the nearest directory upwards that holds README.md and the example. */
    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve(EXAMPLE))) {
                return dir;
            }
        }
        throw new AssertionError("no README.md with " + EXAMPLE + " within 5 levels above "
                + Path.of("").toAbsolutePath());
    }

    @Test
    void theReadmeShowsTheExampleTestAsItIs() throws IOException {
        Path root = root();
        String source = Files.readString(root.resolve(EXAMPLE), StandardCharsets.UTF_8);
        String example = source.substring(source.indexOf("import "));
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("## Testing with udp-testkit").contains("```java\n" + example + "```\n");
    }

    @Test
    void theReadmeShowsThePayloadsExampleAsItIs() throws IOException {
        assertTheReadmeShows("udp-testkit/src/test/java/com/example/ReadmePayloadsExampleTest.java", 4);
    }

    @Test
    void theReadmeShowsTheLinkExampleAsItIs() throws IOException {
        assertTheReadmeShows("udp-testkit/src/test/java/com/example/ReadmeLinkExampleTest.java", 8);
    }

    /** The lines between the source's README markers, moved from {@code indent} to 2 spaces, form a README block. */
    private static void assertTheReadmeShows(String example, int indent) throws IOException {
        Path root = root();
        String source = Files.readString(root.resolve(example), StandardCharsets.UTF_8);
        String start = " ".repeat(indent) + "// README start\n";
        String block = source.substring(source.indexOf(start) + start.length(),
                source.indexOf(" ".repeat(indent) + "// README end"));
        StringBuilder indented = new StringBuilder();
        block.lines().forEach(line -> indented.append(line.isEmpty() ? "" : "  " + line.substring(indent))
                .append('\n'));
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("  ```java\n" + indented + "  ```\n");
    }
}
