package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sustained loopback flood against a receiver in a forked JVM with a 64 MiB heap ({@code -Xmx64m}): the heap stays
 * bounded, the slow listener's overflow is counted exactly, and without the bound (the negative control) the same
 * flood runs out of heap, which shows that the test can fail.
 */
@Timeout(240)
class FloodTest {
    static final String XMX = "-Xmx64m";
    static final long HEAP_LIMIT = 64L * 1024 * 1024;
    /** What the flood may keep alive (after a full GC, mid-flood): 1,024 pending datagrams are about 1.2 MiB. */
    static final long RETAINED_LIMIT = 16L * 1024 * 1024;
    static final int SECONDS = 10;

    @Test
    void slowListenerOnAnExecutor_overflowIsCountedAndHeapStaysBounded() throws Exception {
        Map<String, String> r = fork("slow", SECONDS);
        assertThat(r.get("settled")).as(r.toString()).isEqualTo("true");
        long received = num(r, "received");
        long overflowed = num(r, "overflowed");
        assertThat(overflowed).as("overflow happened and was counted; %s", r).isPositive();
        // what was dropped between the socket and the listener is exactly what overflowed counts
        assertThat(received - num(r, "delivered") - num(r, "truncated") - num(r, "filtered")
                - num(r, "listenerFailures") - num(r, "rejected")).as(r.toString()).isEqualTo(overflowed);
        assertThat(num(r, "listened")).as(r.toString()).isEqualTo(num(r, "delivered"));
        assertThat(num(r, "sent")).as("every datagram sent was read or dropped by the kernel; %s", r)
                .isEqualTo(received + num(r, "kernelDrops"));
        assertThat(num(r, "peakHeap")).as(r.toString()).isPositive().isLessThan(HEAP_LIMIT);
        assertThat(num(r, "retainedAfterGc")).as(r.toString()).isPositive().isLessThan(RETAINED_LIMIT);
        System.out.println("FIGURE flood slow: " + r);
    }

    @Test
    void fastListener_floodIsAccountedAndHeapStaysBounded() throws Exception {
        Map<String, String> r = fork("fast", SECONDS);
        assertThat(r.get("settled")).as(r.toString()).isEqualTo("true");
        assertThat(num(r, "overflowed")).as(r.toString()).isZero();
        assertThat(num(r, "delivered")).as(r.toString()).isEqualTo(num(r, "received"))
                .isEqualTo(num(r, "listened"));
        assertThat(num(r, "sent")).as(r.toString()).isEqualTo(num(r, "received") + num(r, "kernelDrops"));
        assertThat(num(r, "peakHeap")).as(r.toString()).isPositive().isLessThan(HEAP_LIMIT);
        assertThat(num(r, "retainedAfterGc")).as(r.toString()).isPositive().isLessThan(RETAINED_LIMIT);
        System.out.println("FIGURE flood fast: " + r);
    }

    /**
     * The flood that used to kill a receiver silently: 65,507-byte datagrams, a 5 ms listener on a one-thread
     * executor, every receiver default, a 64 MiB heap. The byte bound keeps the heap safe; the receiver stays open
     * (or, were it to fail, says so), and every datagram has its outcome.
     */
    @Test
    void largeDatagramsAndASlowExecutor_withDefaults_noOutOfMemory_andTheStatsIdentityHolds() throws Exception {
        Map<String, String> r = fork("large", SECONDS);
        assertThat(r.get("failure")).as(r.toString()).isEqualTo("none");
        assertThat(r.get("open")).as(r.toString()).isEqualTo("true");
        assertThat(r.get("settled")).as(r.toString()).isEqualTo("true");
        long received = num(r, "received");
        assertThat(num(r, "overflowed")).as(r.toString()).isPositive();
        assertThat(received - num(r, "delivered") - num(r, "truncated") - num(r, "filtered")
                - num(r, "listenerFailures") - num(r, "rejected") - num(r, "overflowed")).as(r.toString()).isZero();
        assertThat(num(r, "listened")).as(r.toString()).isEqualTo(num(r, "delivered"));
        assertThat(num(r, "sent")).as(r.toString()).isEqualTo(received + num(r, "kernelDrops"));
        assertThat(num(r, "peakHeap")).as(r.toString()).isPositive().isLessThan(HEAP_LIMIT);
        System.out.println("FIGURE flood large: " + r);
    }

    @Test
    void negativeControl_largeDatagramsWithoutTheByteBound_runOutOfHeap() throws Exception {
        Result result = run("largeUnbounded", SECONDS);
        assertThat(result.exitCode).as("1,024 datagrams of 64 KiB must exhaust a 64 MiB heap; output:\n%s",
                result.output).isNotZero();
        assertThat(result.output).contains("OutOfMemoryError");
    }

    @Test
    void negativeControl_withoutTheBound_theSameFloodRunsOutOfHeap() throws Exception {
        Result result = run("unbounded", SECONDS);
        assertThat(result.exitCode).as("an unbounded queue must exhaust a 64 MiB heap; output:\n%s", result.output)
                .isNotZero();
        assertThat(result.output).contains("OutOfMemoryError");
    }

    private record Result(int exitCode, String output) {
    }

    private static long num(Map<String, String> result, String key) {
        assertThat(result).as("RESULT line").containsKey(key);
        return Long.parseLong(result.get(key));
    }

    private static Map<String, String> fork(String mode, int seconds) throws Exception {
        Result result = run(mode, seconds);
        assertThat(result.exitCode).as("flood JVM exit code; output:\n%s", result.output).isZero();
        assertThat(result.output).doesNotContain("OutOfMemoryError");
        String line = result.output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT line in:\n" + result.output));
        Map<String, String> values = new HashMap<>();
        for (String pair : line.substring("RESULT ".length()).split(" ")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return values;
    }

    private static Result run(String mode, int seconds) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, XMX, "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), FloodMain.class.getName(), mode,
                String.valueOf(seconds)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try {
            out = process.getInputStream().readAllBytes(); // ends when the child exits
        } finally {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
