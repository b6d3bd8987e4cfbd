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
 * stands, its own imports complete. A snippet that starts with an annotation or a method declaration is a member of
 * a test class: it is compiled in a class that imports JUnit Jupiter and {@code UdpAssertions.assertThat} as the
 * user's test class would. Any other snippet is a fragment of a method body, compiled inside a method. Members and
 * fragments get the imports of the exported packages ({@code io.github.udpkit}, {@code io.github.udpkit.testkit},
 * {@code io.github.udpkit.micrometer}, Micrometer's and JFR's consumer API) and the JDK's usual ones, as an IDE would
 * add them; a fragment also sees what the code around it would hold, as parameters of its method: a
 * {@code receiver}, a {@code sender}, a {@code client}, a {@code port}, a {@code query} and a {@code log}, and the
 * helpers {@code handle(Object)} and {@code id(byte[])}; a fragment with a {@code return} returns an {@code Object}.
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
            "import java.util.concurrent.*;",
            "import io.github.udpkit.micrometer.*;",
            "import io.micrometer.core.instrument.*;",
            "import io.micrometer.core.instrument.simple.*;",
            "import jdk.jfr.consumer.*;");
    private static final String MEMBER_IMPORTS = String.join("\n",
            "import static io.github.udpkit.testkit.UdpAssertions.assertThat;",
            "import org.junit.jupiter.api.*;",
            "import org.junit.jupiter.params.*;");
    private static final Pattern MEMBER_START = Pattern.compile(
            "^(@\\w+|((public|protected|private|static|final)\\s+)*[\\w<>\\[\\], ]+\\s+\\w+\\s*\\([^;]*\\{\\s*$)");

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

    /** Removes the indentation all lines share (a snippet inside a Markdown list is indented). */
    static String dedent(String snippet) {
        int indent = snippet.lines().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        snippet.lines().forEach(l -> out.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return out.toString();
    }

    /** A compilation unit in {@code com.example}: the snippet as it stands, a member in a class, or a fragment. */
    static String unit(String indented, String className) {
        String snippet = dedent(indented);
        String first = snippet.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("//"))
                .findFirst().orElse("");
        boolean standalone = snippet.lines().anyMatch(l -> l.startsWith("import "))
                || Pattern.compile("(?m)^(@\\w+\\s*)*(public\\s+)?(final\\s+)?(class|record|interface)\\s")
                .matcher(snippet).find();
        if (standalone) {
            return "package com.example;\n\n" + snippet;
        }
        if (MEMBER_START.matcher(first).find()) {
            return "package com.example;\n\n" + MEMBER_IMPORTS + "\n" + FRAGMENT_IMPORTS + "\n\n@UdpTest\nclass "
                    + className + " {\n" + snippet + "}\n";
        }
        return "package com.example;\n\n" + FRAGMENT_IMPORTS + "\n\nclass " + className + " {\n"
                + "    static void handle(Object datagram) {\n    }\n\n"
                + "    static Object id(byte[] payload) {\n        return payload.length;\n    }\n\n"
                + "    " + (snippet.contains("return ") ? "Object" : "void") // a fragment may return its result
                + " snippet(" + contextFor(snippet) + ") throws Exception {\n" + snippet + "\n    }\n}\n";
    }

    /** What the code around a fragment would hold, less what the fragment declares itself. */
    private static final String[][] CONTEXT = {
        {"UdpReceiver", "receiver"}, {"UdpSender", "sender"}, {"UdpClient", "client"}, {"int", "port"},
        {"byte[]", "query"}, {"java.util.function.Consumer<String>", "log"}};

    static String contextFor(String snippet) {
        StringBuilder parameters = new StringBuilder();
        for (String[] variable : CONTEXT) {
            boolean declared = Pattern.compile("[\\w>\\]]\\s+" + variable[1] + "\\s*[=;)]").matcher(snippet).find();
            if (!declared) {
                parameters.append(parameters.length() == 0 ? "" : ", ").append(variable[0]).append(' ')
                        .append(variable[1]);
            }
        }
        return parameters.toString();
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
                .contains("java.util.function.Consumer<String> log) throws Exception {\n" + fragment);
        assertThat(contextFor("UdpSender sender = UdpSender.builder().build();")).doesNotContain("sender")
                .contains("UdpReceiver receiver");
        String member = "  @Test\n  void works(UdpPeer peer) {\n  }\n";
        assertThat(unit(member, "Member")).contains("@UdpTest\nclass Member {\n@Test\nvoid works(UdpPeer peer) {\n}\n}")
                .doesNotContain("void snippet()");
    }
}
