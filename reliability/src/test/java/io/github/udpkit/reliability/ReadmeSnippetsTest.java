package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Compiles every Java snippet of the root README.md as a consumer would, from a package of its own
 * ({@code com.example}), against the published modules on the test class path: a snippet a user cannot paste fails
 * the build. A snippet with {@code import} lines or a type declaration is a compilation unit and must compile as it
 * stands, its own imports complete. Any other snippet is a fragment of a method body; it is compiled inside a method
 * of a class that imports the exported packages ({@code io.github.udpkit}, {@code io.github.udpkit.testkit}) and
 * the JDK's usual ones, as an IDE would add them, and that declares {@code handle(Object)} for the snippets that hand
 * a datagram on.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final String FRAGMENT_IMPORTS = String.join("\n",
            "import io.github.udpkit.*;",
            "import io.github.udpkit.testkit.*;",
            "import java.net.*;",
            "import java.nio.*;",
            "import java.nio.charset.*;",
            "import java.time.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;");

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("udp-api"))) {
                return dir;
            }
        }
        throw new AssertionError("no README.md beside udp-api within 5 levels above " + Path.of("").toAbsolutePath());
    }

    static List<String> snippets(String markdown) {
        List<String> found = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** A compilation unit in {@code com.example}: the snippet as it stands, or a fragment in a method. */
    static String unit(String snippet, String className) {
        boolean standalone = snippet.lines().anyMatch(l -> l.startsWith("import "))
                || Pattern.compile("(?m)^(@\\w+\\s*)*(public\\s+)?(final\\s+)?(class|record|interface)\\s")
                .matcher(snippet).find();
        if (standalone) {
            return "package com.example;\n\n" + snippet;
        }
        return "package com.example;\n\n" + FRAGMENT_IMPORTS + "\n\nclass " + className + " {\n"
                + "    static void handle(Object datagram) {\n    }\n\n"
                + "    void snippet() throws Exception {\n" + snippet + "\n    }\n}\n";
    }

    private static String className(String unit, String fallback) {
        Matcher m = Pattern.compile("(?m)^(@\\w+\\s*)*(public\\s+)?(final\\s+)?(class|record|interface)\\s+(\\w+)")
                .matcher(unit);
        return m.find() ? m.group(5) : fallback;
    }

    @Test
    void everyJavaSnippetOfTheReadme_compilesFromAnotherPackage() throws IOException {
        String readme = Files.readString(repositoryRoot().resolve("README.md"), StandardCharsets.UTF_8);
        List<String> snippets = snippets(readme);
        assertThat(snippets).as("Java snippets in README.md").hasSizeGreaterThanOrEqualTo(3);
        List<JavaFileObject> units = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            String unit = unit(snippets.get(i), "ReadmeSnippet" + (i + 1));
            String name = className(unit, "ReadmeSnippet" + (i + 1));
            units.add(new SimpleJavaFileObject(URI.create("string:///com/example/" + name + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return unit;
                }
            });
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("readme-snippets");
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"),
                    "-d", out.toString(), "-proc:none", "-Xlint:none");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            StringBuilder report = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    report.append(d.getSource() == null ? "" : d.getSource().getName()).append(':')
                            .append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
                }
            }
            assertThat(ok).as("README snippets that do not compile in com.example:\n%s", report).isTrue();
        }
    }

    @Test
    void aSnippetWithoutItsImports_failsTheCheck() {
        String missingImport = "import io.github.udpkit.UdpSender;\n\nclass Broken {\n    UdpPeer peer;\n}\n";
        assertThat(unit(missingImport, "X")).startsWith("package com.example;\n\nimport io.github.udpkit.UdpSender;")
                .doesNotContain("io.github.udpkit.testkit.*");
        String fragment = "UdpSender s = UdpSender.builder().build();";
        assertThat(unit(fragment, "Frag")).contains("import io.github.udpkit.*;").contains("class Frag {")
                .contains(fragment);
    }
}
