package io.github.udpkit.benchmarks.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Finds the java binary for the native contenders' nodes: a JDK 22 or later (the native engine's FFM calls). */
final class NativeJava {
    private NativeJava() {
    }

    /**
     * The newest JDK 22+ directly under {@code root}, by the {@code JAVA_VERSION} of its {@code release} file.
     *
     * @param root for example {@code /usr/lib/jvm}
     * @return its {@code bin/java}, or null if there is none
     */
    static Path newest(Path root) {
        Path best = null;
        int bestFeature = 21;
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                Path java = dir.resolve("bin").resolve("java");
                int feature = feature(java);
                if (feature > bestFeature && Files.isExecutable(java)) {
                    best = java;
                    bestFeature = feature;
                }
            }
        } catch (IOException e) {
            return best;
        }
        return best;
    }

    /**
     * The feature release (the 25 of 25.0.3) of the JDK a java binary belongs to, read from its {@code release}.
     *
     * @param java a {@code .../bin/java}
     * @return the feature release, or 0 if it cannot be told
     */
    static int feature(Path java) {
        String version = release(java).getProperty("JAVA_VERSION", "");
        version = version.replace("\"", "");
        if (version.startsWith("1.")) {
            return 8;
        }
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
    }

    /** For the report: "JDK 25.0.3 (Eclipse Adoptium)" or the path. */
    static String describe(Path java) {
        Properties release = release(java);
        String version = release.getProperty("JAVA_VERSION", "").replace("\"", "");
        String vendor = release.getProperty("IMPLEMENTOR", "").replace("\"", "");
        return version.isEmpty() ? java.toString() : "JDK " + version + (vendor.isEmpty() ? "" : " (" + vendor + ")");
    }

    /**
     * Whether the jar (or classes directory) the harness runs from carries udp-api's native engine: a build on JDK 17
     * leaves it out, and then every {@code engine(NATIVE)} would fail.
     *
     * @param jar the harness's code source
     * @return true if {@code META-INF/versions/22/io/github/udpkit} is in it and the jar is multi-release
     */
    static boolean jarHasNativeEngine(Path jar) {
        if (Files.isDirectory(jar)) {
            return true; // classes on a class path: udp-api's own jar decides; the node says so if it cannot
        }
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest manifest = file.getManifest();
            boolean multiRelease = manifest != null
                    && "true".equalsIgnoreCase(manifest.getMainAttributes().getValue("Multi-Release"));
            return multiRelease && file.stream().anyMatch(e -> e.getName().startsWith(
                    "META-INF/versions/22/io/github/udpkit/"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Properties release(Path java) {
        Properties p = new Properties();
        Path home = java.toAbsolutePath().getParent() == null ? null : java.toAbsolutePath().getParent().getParent();
        if (home == null) {
            return p;
        }
        try (InputStream in = Files.newInputStream(home.resolve("release"))) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // no release file: unknown
        }
        return p;
    }
}
