package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code tshark} on a capture. Absent tshark skips the test with the reason, except under {@code CI=true}, where
 * it fails: CI installs it (see {@code .ci/run}).
 */
final class Tshark {
    private Tshark() {
    }

    static String path() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "tshark");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    static void require() {
        String path = path();
        if (path == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("tshark is not on the PATH, and CI=true: CI must install it (apt-get install "
                    + "tshark, see .ci/run)");
        }
        Assumptions.assumeTrue(path != null, "tshark is not on the PATH: install it (apt-get install tshark) to "
                + "check captures with Wireshark's decoders");
    }

    /** Runs tshark with these arguments (after {@code -r file}) and returns its standard output lines. */
    static List<String> run(Path file, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(path(), "-n", "-r", file.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        assertThat(process.exitValue()).as("tshark exit status for " + command).isZero();
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }
}
