package io.github.udpkit.testkit.internal;

import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks, before the testkit's JUnit parts do anything, that JUnit Jupiter is 5.13 or later, and fails with a message
 * that says so instead of a {@code NoClassDefFoundError} or, worse, leaked sockets.
 *
 * <p>What the testkit needs from 5.13: the extension keeps its peers and proxies in the
 * {@link ExtensionContext.Store} as plain {@link AutoCloseable}s, which JUnit closes only from 5.13 on (earlier it
 * closed only {@code Store.CloseableResource}s: peers would leak silently); the payload providers implement
 * {@code ArgumentsProvider.provideArguments(ParameterDeclarations, ExtensionContext)}, whose
 * {@code ParameterDeclarations} is new in 5.13. Each is detected by a type that 5.13 added to the same jar.
 */
public final class JUnitSupport {
    /** The oldest JUnit Jupiter the testkit supports. */
    public static final String MINIMUM = "5.13";
    /** A type junit-jupiter-api gained in 5.13, the release whose store closes {@code AutoCloseable} values. */
    public static final String API_MARKER = "org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider";
    /** The type of junit-jupiter-params 5.13 that the payload providers' signature uses. */
    public static final String PARAMS_MARKER = "org.junit.jupiter.params.support.ParameterDeclarations";

    private JUnitSupport() {
    }

    /** Computed once per class loader of the testkit: JUnit does not change under a running JVM. */
    private static final class Api {
        static final String PROBLEM = problem("junit-jupiter-api", API_MARKER, present(ExtensionContext.class),
                ExtensionContext.class.getPackage().getImplementationVersion());
    }

    private static final class Params {
        static final String PROBLEM = problem("junit-jupiter-params", PARAMS_MARKER,
                present(org.junit.jupiter.params.provider.ArgumentsProvider.class),
                org.junit.jupiter.params.provider.ArgumentsProvider.class.getPackage().getImplementationVersion());
    }

    /**
     * Fails unless junit-jupiter-api is 5.13 or later; the extension calls it first in each callback that creates a
     * resource.
     *
     * @throws ExtensionConfigurationException naming the minimum version and the version found
     */
    public static void requireApi() {
        fail(Api.PROBLEM);
    }

    /**
     * Fails unless junit-jupiter-params is 5.13 or later; the payload providers call it when JUnit creates them.
     *
     * @throws ExtensionConfigurationException naming the minimum version and the version found
     */
    public static void requireParams() {
        fail(Params.PROBLEM);
    }

    private static void fail(String problem) {
        if (problem != null) {
            throw new ExtensionConfigurationException(problem);
        }
    }

    private static Predicate<String> present(Class<?> anchor) {
        return name -> {
            try {
                Class.forName(name, false, anchor.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        };
    }

    /**
     * Describes what is wrong, or returns {@code null} when the marker type is present.
     *
     * @param artifact the JUnit artifact checked, for example {@code junit-jupiter-api}
     * @param marker the type that its 5.13 added
     * @param present tells whether a type can be loaded
     * @param foundVersion the artifact's version from its manifest, or {@code null} when unknown
     * @return the message, or {@code null}
     */
    public static String problem(String artifact, String marker, Predicate<String> present, String foundVersion) {
        if (present.test(marker)) {
            return null;
        }
        return "udp-testkit needs JUnit Jupiter " + MINIMUM + " or later (6.x works too), but the test class path has "
                + artifact + " " + (foundVersion == null ? "of an unknown version" : foundVersion) + ", which lacks "
                + marker + ". Upgrade JUnit, for example by importing org.junit:junit-bom:5.13.4 or later.";
    }
}
