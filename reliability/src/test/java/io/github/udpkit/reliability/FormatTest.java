package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The format of {@code .editorconfig}, checked on every file of the repository so that it holds without anyone
 * remembering it: UTF-8, LF line ends, no tab indentation in code, and at most 120 columns. Exempt, by rule: the
 * Maven wrapper scripts (generated as Apache ships them), Markdown table rows (a row cannot wrap), build output, and
 * what the benchmark harness writes (its chart, and its report between the {@code results:begin} and
 * {@code results:end} markers of {@code benchmarks/README.md}).
 */
class FormatTest {
    private static final int MAX_COLUMNS = 120;
    private static final Set<String> TEXT = Set.of("java", "xml", "md", "sh", "c", "properties", "yml", "yaml",
            "json", "txt", "editorconfig", "gitattributes", "gitignore", "svg", "conf", "py");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", ".idea", "node_modules");
    private static final Set<String> GENERATED = Set.of("mvnw", "mvnw.cmd", "chart.svg");

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    static List<Path> textFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(p -> TEXT.contains(extension(p)) || p.getFileName().toString().equals("run")
                            || p.getFileName().toString().equals("java"))
                    .filter(p -> !GENERATED.contains(p.getFileName().toString()))
                    .forEach(files::add);
        }
        return files;
    }

    /** The problems of one file, one line each, or none. */
    static List<String> problems(Path root, Path file) throws IOException {
        List<String> found = new ArrayList<>();
        byte[] bytes = Files.readAllBytes(file);
        String rel = root.relativize(file).toString();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            found.add(rel + ": not UTF-8");
            return found;
        }
        if (text.indexOf('\r') >= 0) {
            found.add(rel + ": CR line ends (LF only)");
        }
        boolean markdown = rel.endsWith(".md");
        String[] lines = text.split("\n", -1);
        boolean generated = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            generated = generated ? !line.equals("<!-- results:end -->") : line.equals("<!-- results:begin -->");
            boolean tableRow = markdown && line.startsWith("|");
            if (!generated && line.codePointCount(0, line.length()) > MAX_COLUMNS && !tableRow) {
                found.add(rel + ":" + (i + 1) + ": " + line.codePointCount(0, line.length()) + " columns");
            }
            if (rel.endsWith(".java") && line.startsWith("\t")) {
                found.add(rel + ":" + (i + 1) + ": tab indentation");
            }
        }
        return found;
    }

    @Test
    void everyFileKeepsTheEditorconfigFormat() throws IOException {
        Path root = ReadmeSnippetsTest.repositoryRoot();
        List<Path> files = textFiles(root);
        assertThat(files).as("files checked").hasSizeGreaterThan(200);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            problems.addAll(problems(root, file));
        }
        assertThat(problems).as("files that break .editorconfig's format").isEmpty();
    }

    @Test
    void theCheckSeesALongLineACarriageReturnAndATab() throws IOException {
        Path dir = Files.createTempDirectory("format");
        Path bad = dir.resolve("Bad.java");
        Files.writeString(bad, "class Bad {\r\n\tint x;\n//" + "x".repeat(MAX_COLUMNS) + "\n}\n");
        assertThat(problems(dir, bad)).containsExactly("Bad.java: CR line ends (LF only)",
                "Bad.java:2: tab indentation", "Bad.java:3: 122 columns");
        Path table = dir.resolve("T.md");
        Files.writeString(table, "| " + "x".repeat(MAX_COLUMNS) + " |\n<!-- results:begin -->\n" + "y".repeat(200)
                + "\n<!-- results:end -->\n" + "z".repeat(MAX_COLUMNS + 1) + "\n");
        assertThat(problems(dir, table)).containsExactly("T.md:5: 121 columns");
    }
}
