package io.github.udpkit.benchmarks.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A forked node: its stdout read line by line on a thread, its stdin for {@code STOP}, its stderr to a log file. */
final class Proc implements AutoCloseable {
    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Proc(String name, List<String> command, File log) throws IOException {
        this.name = name;
        this.process = new ProcessBuilder(command).redirectError(log).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("ERROR reading stdout: " + e);
            }
            lines.add("EOF");
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Returns the fields after {@code word} on the next line that starts with it; fails on ERROR, EOF or time-out. */
    String[] expect(String word, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<String> other = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException(name + ": no " + word + " line within " + timeoutMillis + " ms; other output: "
                        + other);
            }
            if (line.startsWith(word + " ") || line.equals(word)) {
                String rest = line.substring(word.length()).trim();
                return rest.isEmpty() ? new String[0] : rest.split(" ");
            }
            if (line.startsWith("ERROR") || line.equals("EOF")) {
                throw new IOException(name + ": " + line + " (waiting for " + word + ")");
            }
            other.add(line);
        }
    }

    void stop() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write("STOP\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Override
    public void close() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
