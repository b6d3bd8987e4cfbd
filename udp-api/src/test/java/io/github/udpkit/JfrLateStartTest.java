package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.internal.Jfr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JFR started after a receiver: in a fresh JVM (so that nothing has loaded JFR yet), a receiver starts without JFR,
 * then a recording starts, and the receiver's periodic stats and its truncation events appear all the same.
 */
@Timeout(120)
class JfrLateStartTest {
    /** The child JVM: prints what it saw, one fact per line. */
    public static void main(String[] args) throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().maxDatagramSize(2).onDatagram(d -> { })
                .onTruncated(d -> { }).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            System.out.println("jfr loaded before the recording: " + jdk.jfr.FlightRecorder.isInitialized());
            BlockingQueue<RecordedEvent> stats = new ArrayBlockingQueue<>(1000);
            BlockingQueue<RecordedEvent> truncated = new ArrayBlockingQueue<>(1000);
            try (RecordingStream stream = new RecordingStream()) {
                stream.enable("io.github.udpkit.ReceiverStats").withPeriod(Duration.ofMillis(100));
                stream.enable("io.github.udpkit.DatagramTruncated");
                stream.onEvent("io.github.udpkit.ReceiverStats", stats::offer);
                stream.onEvent("io.github.udpkit.DatagramTruncated", truncated::offer);
                stream.startAsync();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Jfr.isActive() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                sender.send("too long");
                RecordedEvent s = stats.poll(20, TimeUnit.SECONDS);
                System.out.println("stats event for " + (s == null ? "none" : s.getString("localAddress")));
                RecordedEvent t = truncated.poll(20, TimeUnit.SECONDS);
                System.out.println("truncated event kept " + (t == null ? "none" : t.getInt("kept")));
                System.out.println("receiver " + receiver.localAddress());
            }
        }
    }

    @Test
    void aRecordingStartedAfterTheReceiver_seesItsEvents() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                JfrLateStartTest.class.getName()).redirectErrorStream(true).start();
        assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String receiver = out.lines().filter(l -> l.startsWith("receiver ")).findFirst().orElse("receiver ?")
                .substring("receiver ".length());
        assertThat(out).as(out).contains("jfr loaded before the recording: false\n")
                .contains("stats event for " + receiver + "\n")
                .contains("truncated event kept 2\n");
        assertThat(child.exitValue()).as(out).isZero();
    }
}
