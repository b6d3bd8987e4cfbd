package io.github.udpkit.testkit.internal;

/**
 * The state of a failed test's peers and proxies, attached to its failure as a suppressed exception so that the
 * original failure keeps its type and message. It has no stack trace of its own: only its message matters.
 */
public final class AttachedReport extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the report.
     *
     * @param message the journals and ledgers, as text
     */
    public AttachedReport(String message) {
        super(message, null, false, false);
    }
}
