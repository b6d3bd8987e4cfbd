package io.github.udpkit.benchmarks.harness;

/** A named platform thread running a loop until stopped; the loop body may throw, which ends it quietly. */
final class Loop {
    interface Body {
        void run() throws Exception;
    }

    private final Thread thread;
    private volatile boolean stopped;

    Loop(String name, Body body) {
        this.thread = new Thread(() -> {
            try {
                while (!stopped) {
                    body.run();
                }
            } catch (Exception e) {
                if (!stopped) {
                    System.err.println(name + " ended: " + e);
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    boolean stopped() {
        return stopped;
    }

    void stop(AutoCloseable resource) {
        stopped = true;
        try {
            resource.close();
            thread.join(2_000);
        } catch (Exception e) {
            System.err.println("stopping " + thread.getName() + ": " + e);
        }
    }
}
