package io.github.udpkit.testkit;

import io.github.udpkit.testkit.internal.AttachedReport;
import io.github.udpkit.testkit.internal.Capture;
import io.github.udpkit.testkit.internal.JUnitSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The JUnit Jupiter extension that gives tests running {@link UdpPeer}s and fault-injecting proxies, closes them
 * after the test, and attaches their journals to a failing test's error. Register it with {@link UdpTest} on the
 * class, with {@code @ExtendWith(UdpPeerExtension.class)}, or with a {@code @RegisterExtension} field.
 *
 * <ul>
 *   <li>A parameter of type {@link UdpPeer} gets a new, running peer, configured by {@link UdpPeerOptions} if
 *       present. Each such parameter is its own peer, on its own free port.</li>
 *   <li>A parameter of type {@link UdpFaultProxy.Builder} gets a proxy builder; the proxies it starts are closed
 *       after the test and their seed and ledger appear in its failure.</li>
 *   <li>Peers and proxies live as long as the method (or class, for constructor parameters) they were injected into,
 *       and are closed after it, leaving no thread and no socket.</li>
 *   <li>When a test method (or a {@code @BeforeEach} / {@code @AfterEach} method) throws, the journal of each peer
 *       and the report of each proxy of that test (and of its class) are attached to the exception as a suppressed
 *       exception, so the test's report shows what the peers received and which seed replays the proxy, and its
 *       last line names the test's pcapng capture (see {@link UdpCapture}). The exception itself is rethrown
 *       unchanged.</li>
 * </ul>
 *
 * <p>The extension keeps no state of its own (everything lives in JUnit's {@link ExtensionContext.Store} of the
 * test), so it is safe under JUnit's parallel execution. Works with JUnit Jupiter 5.13 and later, including 6.x.
 *
 * @since 0.1
 */
public final class UdpPeerExtension implements ParameterResolver, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(UdpPeerExtension.class);

    /**
     * Creates the extension; it holds no state, so one instance may serve any number of tests.
     */
    public UdpPeerExtension() {
    }

    /**
     * Supports parameters of type {@link UdpPeer} and {@link UdpFaultProxy.Builder}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the test
     * @return whether this extension resolves it
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException for a supported parameter, if JUnit
     *     Jupiter is older than 5.13 (whose store closes the peers after the test); the message names the minimum
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        boolean supported = type == UdpPeer.class || type == UdpFaultProxy.Builder.class;
        if (supported) {
            JUnitSupport.requireApi(); // before any resource exists: JUnit below 5.13 would never close it
        }
        return supported;
    }

    /**
     * Starts a peer, or makes a proxy builder, owned by the test.
     *
     * @param parameterContext the parameter
     * @param extensionContext the test
     * @return a running {@link UdpPeer} or a {@link UdpFaultProxy.Builder}
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Resources resources = resources(extensionContext);
        if (parameterContext.getParameter().getType() == UdpFaultProxy.Builder.class) {
            return UdpFaultProxy.builder().onStart(proxy -> resources.add(proxy));
        }
        Optional<UdpPeerOptions> options = parameterContext.findAnnotation(UdpPeerOptions.class);
        UdpPeer.Builder builder = UdpPeer.builder();
        options.ifPresent(o -> {
            builder.maxDatagramSize(o.maxDatagramSize());
            if (o.ipv6()) {
                builder.ipv6();
            }
            if (o.echo()) {
                builder.echo();
            }
        });
        UdpPeer peer = builder.start();
        resources.add(peer);
        return peer;
    }

    /**
     * Attaches the journals of the test's peers and the reports of its proxies to the exception, as a suppressed
     * exception, and rethrows it.
     *
     * @param context the test
     * @param throwable what the test threw
     * @throws Throwable always, {@code throwable} itself
     */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachReports(context, throwable);
    }

    /**
     * Attaches the reports as for a failing test, when a {@code @BeforeEach} method throws.
     *
     * @param context the test
     * @param throwable what the method threw
     * @throws Throwable always, {@code throwable} itself
     */
    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachReports(context, throwable);
    }

    /**
     * Attaches the reports as for a failing test, when an {@code @AfterEach} method throws.
     *
     * @param context the test
     * @param throwable what the method threw
     * @throws Throwable always, {@code throwable} itself
     */
    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachReports(context, throwable);
    }

    /**
     * Writes the test's capture when {@link UdpCapture} (or the system property) says {@code ALWAYS} and a failure
     * has not already written it.
     *
     * @param context the test
     * @throws IllegalArgumentException if the system property {@value UdpCapture#MODE_PROPERTY} is set to something
     *     other than {@code always}, {@code on-failure} or {@code never}
     */
    @Override
    public void afterEach(ExtensionContext context) {
        if (CaptureFiles.mode(context) == UdpCapture.Mode.ALWAYS) {
            writeCapture(context);
        }
    }

    private static List<Resources> chain(ExtensionContext context) {
        List<Resources> chain = new ArrayList<>();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) { // bounded by the tree depth
            Resources resources = c.getStore(NAMESPACE).get(c.getUniqueId(), Resources.class);
            if (resources != null) {
                chain.add(0, resources);
            }
        }
        return chain;
    }

    /** Writes the capture once per test context; returns the report line, or {@code null} when none. */
    private static String writeCapture(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        String done = store.get("capture", String.class);
        if (done != null) {
            return done;
        }
        List<Capture> captures = new ArrayList<>();
        chain(context).forEach(r -> captures.addAll(r.captures()));
        if (captures.isEmpty()) {
            return null;
        }
        String line = CaptureFiles.write(context, captures);
        store.put("capture", line);
        return line;
    }

    private static Throwable attachReports(ExtensionContext context, Throwable throwable) {
        List<String> reports = new ArrayList<>();
        chain(context).forEach(r -> reports.addAll(r.reports()));
        if (!reports.isEmpty()) {
            try {
                if (CaptureFiles.mode(context) != UdpCapture.Mode.NEVER) {
                    reports.add(writeCapture(context));
                }
            } catch (IllegalArgumentException e) { // a bad -Dudpkit.capture must not hide the test's own failure
                reports.add("capture: not written: " + e.getMessage());
            }
        }
        if (!reports.isEmpty()) {
            throwable.addSuppressed(new AttachedReport("udpkit peers and proxies of " + context.getDisplayName()
                    + " when it failed:\n" + String.join("\n", reports)));
        }
        return throwable;
    }

    /** Resources are kept per context, under the context's unique id, so each level closes its own. */
    private static Resources resources(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Resources resources = store.get(context.getUniqueId(), Resources.class);
        if (resources == null) {
            resources = new Resources();
            store.put(context.getUniqueId(), resources);
        }
        return resources;
    }

    /** The peers and proxies of one context; JUnit closes it with the context's store. */
    private static final class Resources implements AutoCloseable {
        private final List<UdpPeer> peers = new ArrayList<>();
        private final List<UdpFaultProxy> proxies = new ArrayList<>();

        synchronized void add(UdpPeer peer) {
            peers.add(peer);
        }

        synchronized void add(UdpFaultProxy proxy) {
            proxies.add(proxy);
        }

        synchronized List<Capture> captures() {
            List<Capture> out = new ArrayList<>();
            peers.forEach(peer -> out.add(peer.capture()));
            proxies.forEach(proxy -> out.add(proxy.capture()));
            return out;
        }

        synchronized List<String> reports() {
            List<String> out = new ArrayList<>();
            peers.forEach(peer -> out.add(peer.journalReport()));
            proxies.forEach(proxy -> out.add(proxy.report()));
            return out;
        }

        /** Closes proxies first (they forward to peers), then peers; neither throws. */
        @Override
        public synchronized void close() {
            proxies.forEach(UdpFaultProxy::close);
            peers.forEach(UdpPeer::close);
        }
    }
}
