package io.github.udpkit.testkit;

import io.github.udpkit.testkit.internal.Capture;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Where the extension writes a test's capture, and when. */
final class CaptureFiles {
    private CaptureFiles() {
    }

    static UdpCapture.Mode mode(ExtensionContext context) {
        for (Optional<? extends AnnotatedElement> element : List.of(context.getTestMethod(),
                context.getTestClass())) {
            UdpCapture annotation = element.map(e -> e.getAnnotation(UdpCapture.class)).orElse(null);
            if (annotation != null) {
                return annotation.value();
            }
        }
        String property = System.getProperty(UdpCapture.MODE_PROPERTY, "on-failure").strip();
        return switch (property.toLowerCase(Locale.ROOT)) {
            case "always" -> UdpCapture.Mode.ALWAYS;
            case "never" -> UdpCapture.Mode.NEVER;
            case "on-failure", "" -> UdpCapture.Mode.ON_FAILURE;
            default -> throw new IllegalArgumentException("system property " + UdpCapture.MODE_PROPERTY
                    + " must be always, on-failure or never, was '" + property + "'");
        };
    }

    /** Writes the file and returns the report line naming it (or saying why it could not be written). */
    static String write(ExtensionContext context, List<Capture> captures) {
        Path file = Path.of(System.getProperty(UdpCapture.DIRECTORY_PROPERTY, "target/udpkit-captures"))
                .resolve(safe(context.getTestClass().map(Class::getSimpleName).orElse("tests")))
                .resolve(safe(context.getTestMethod().map(m -> m.getName()).orElse(context.getDisplayName()))
                        + "-" + String.format("%08x", context.getUniqueId().hashCode()) + ".pcapng")
                .toAbsolutePath();
        int packets = captures.stream().mapToInt(Capture::size).sum();
        long notKept = captures.stream().mapToLong(Capture::notKept).sum();
        try {
            Capture.write(file, captures);
        } catch (IOException | RuntimeException e) {
            return "capture: could not write " + file + ": " + e;
        }
        return "capture: " + file + " (" + packets + " packets" + (notKept > 0 ? ", " + notKept + " not kept" : "")
                + "; open with Wireshark or tshark -r)";
    }

    private static String safe(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }
}
