package io.github.udpkit.samples.udpcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/** {@code udpcat listen ...} run by the CLI entry point on a thread of its own, as a test drives it. */
final class ListeningCli {
    private static final String LISTENING = "udpcat: listening on 127.0.0.1:";

    private final Thread thread;
    private final int[] status = {-1};
    private final int port;

    private ListeningCli(String[] args, PrintStream out, PrintStream err, Supplier<String> errText, Duration wait) {
        thread = new Thread(() -> {
            try {
                status[0] = UdpCat.cli(args, out, err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "udpcat-cli");
        thread.start();
        await().atMost(wait).until(() -> errText.get().startsWith(LISTENING) && errText.get().endsWith("\n"));
        port = Integer.parseInt(errText.get().strip().substring(LISTENING.length()));
    }

    /**
     * Starts the CLI and waits until it says where it listens.
     *
     * @param errText what the CLI wrote to {@code err} so far
     */
    static ListeningCli start(String[] args, PrintStream out, PrintStream err, Supplier<String> errText,
                              Duration wait) {
        return new ListeningCli(args, out, err, errText, wait);
    }

    int port() {
        return port;
    }

    /** Waits for the CLI to end by itself and returns its exit status. */
    int awaitExit(Duration wait) throws InterruptedException {
        thread.join(wait.toMillis());
        assertThat(thread.isAlive()).as("udpcat ended within %s", wait).isFalse();
        return status[0];
    }
}
