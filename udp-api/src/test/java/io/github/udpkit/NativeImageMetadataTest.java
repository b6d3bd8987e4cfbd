package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The GraalVM native-image metadata udp-api ships lists every reflective look-up its code makes: the test reads the
 * sources for {@code Class.forName(...).getField(...)} and {@code findVarHandle(...)} and fails on any other reflective
 * call it cannot read, so a new look-up cannot be added without its metadata.
 */
class NativeImageMetadataTest {
    private static final String DIR = "META-INF/native-image/io.github.udpkit/udp-api/";
    private static final Pattern FOR_NAME_FIELD = Pattern.compile(
            "Class\\.forName\\(\"([\\w.$]+)\"\\)\\s*\\.getField\\(\"(\\w+)\"\\)");
    private static final Pattern VAR_HANDLE = Pattern.compile(
            "findVarHandle\\((\\w+)\\.class,\\s*\"(\\w+)\"");
    private static final Pattern ANY_REFLECTION = Pattern.compile(
            "Class\\.forName\\(|\\.getField\\(|\\.getDeclaredField\\(|\\.getMethod\\(|\\.getDeclaredMethod\\(|"
                    + "\\.getConstructor\\(|\\.getDeclaredConstructor\\(|findVarHandle\\(|findStatic\\(|"
                    + "findVirtual\\(|findGetter\\(|findStaticGetter\\(|findConstructor\\(");

    /** Every reflective name the sources use, as {@code type#field}. */
    private static Set<String> lookUpsInTheSources() throws IOException {
        Set<String> names = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).as("udp-api sources").hasSizeGreaterThan(10);
        for (Path file : files) {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(source);
            String packageName = pkg.find() ? pkg.group(1) : "";
            int understood = 0;
            Matcher m = FOR_NAME_FIELD.matcher(source);
            while (m.find()) {
                names.add(m.group(1) + "#" + m.group(2));
                understood += 2;
            }
            m = VAR_HANDLE.matcher(source);
            while (m.find()) {
                names.add(packageName + "." + m.group(1) + "#" + m.group(2));
                understood++;
            }
            long calls = ANY_REFLECTION.matcher(source).results().count();
            assertThat(calls).as("reflective calls in %s that this test cannot read (teach it, and add metadata)",
                    file).isEqualTo(understood);
        }
        return names;
    }

    private static Object resource(String name) throws IOException {
        try (InputStream in = NativeImageMetadataTest.class.getClassLoader().getResourceAsStream(DIR + name)) {
            assertThat(in).as(DIR + name + " on the class path").isNotNull();
            return MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> listed(List<Object> entries, String typeKey) {
        Set<String> names = new TreeSet<>();
        for (Object entry : entries) {
            Map<String, Object> type = (Map<String, Object>) entry;
            for (Object field : (List<Object>) type.getOrDefault("fields", List.of())) {
                names.add(type.get(typeKey) + "#" + ((Map<String, Object>) field).get("name"));
            }
        }
        return names;
    }

    @Test
    @SuppressWarnings("unchecked")
    void reachabilityMetadata_listsEveryReflectiveLookUp() throws IOException {
        Set<String> used = lookUpsInTheSources();
        assertThat(used).contains("jdk.net.ExtendedSocketOptions#IP_DONTFRAGMENT");
        Map<String, Object> metadata = (Map<String, Object>) resource("reachability-metadata.json");
        assertThat(listed((List<Object>) metadata.get("reflection"), "type")).isEqualTo(used);
    }

    @Test
    @SuppressWarnings("unchecked")
    void legacyReflectConfig_forOlderGraalVm_listsTheSame() throws IOException {
        assertThat(listed((List<Object>) resource("reflect-config.json"), "name")).isEqualTo(lookUpsInTheSources());
    }

    @Test
    void theReader_readsWhatItIsGiven() {
        assertThat(MiniJson.parse("{\"a\": [1, \"x\\\"y\", true, null, {}]}"))
                .isEqualTo(Map.of("a", java.util.Arrays.asList(1.0, "x\"y", true, null, Map.of())));
    }
}
