package io.github.udpkit;

import static io.github.udpkit.TestDatagrams.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.udpkit.internal.Jfr;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** udpkit's JFR events, read back from a live recording: each appears, with its fields. */
@Timeout(60)
class JfrEventsTest {
    private static final String NS = "io.github.udpkit.";
    private final List<RecordedEvent> events = new CopyOnWriteArrayList<>();
    private RecordingStream stream;

    @BeforeEach
    void record() {
        stream = new RecordingStream();
        for (String name : List.of("DatagramTruncated", "DatagramDropped", "ListenerFailure", "SendFailure",
                "PortUnreachable", "IcmpError")) {
            stream.enable(NS + name);
        }
        stream.enable(NS + "ReceiverStats").withPeriod(Duration.ofMillis(100));
        stream.enable(NS + "SenderStats").withPeriod(Duration.ofMillis(100));
        stream.setMaxAge(Duration.ofSeconds(30));
        stream.onEvent(events::add);
        stream.startAsync();
        await().atMost(WAIT).until(Jfr::isActive); // udpkit hears of JFR's start through a listener
    }


    @AfterEach
    void stop() {
        stream.close();
    }

    private RecordedEvent awaitEvent(String name, Predicate<RecordedEvent> match) {
        await().atMost(WAIT.multipliedBy(2)).until(() -> events.stream()
                .anyMatch(e -> e.getEventType().getName().equals(NS + name) && match.test(e)));
        return events.stream().filter(e -> e.getEventType().getName().equals(NS + name) && match.test(e))
                .findFirst().orElseThrow();
    }

    @Test
    void receiverEvents_carryTheirFields() {
        InetSocketAddress[] blocked = new InetSocketAddress[1];
        try (UdpReceiver receiver = UdpReceiver.builder().maxDatagramSize(4)
                .acceptFrom(a -> !a.equals(blocked[0]))
                .onDatagram(d -> {
                    if (d.text().equals("boom")) {
                        throw new IllegalStateException("listener says no");
                    }
                })
                .onTruncated(d -> { })
                .onError(e -> { })
                .start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build();
             UdpSender stranger = UdpSender.builder().target(receiver.localAddress()).build()) {
            blocked[0] = stranger.localAddress();
            String local = receiver.localAddress().toString();
            sender.send("0123456789");
            sender.send("boom");
            stranger.send("hi");
            RecordedEvent truncated = awaitEvent("DatagramTruncated", e -> local.equals(e.getString("localAddress")));
            assertThat(truncated.getString("sender")).isEqualTo(sender.localAddress().toString());
            assertThat(truncated.getInt("kept")).isEqualTo(4);
            assertThat(truncated.getInt("maxDatagramSize")).isEqualTo(4);
            RecordedEvent failure = awaitEvent("ListenerFailure", e -> local.equals(e.getString("localAddress")));
            assertThat(failure.getString("listener")).isEqualTo("onDatagram");
            assertThat(failure.getString("exception")).isEqualTo(IllegalStateException.class.getName());
            assertThat(failure.getString("message")).isEqualTo("listener says no");
            RecordedEvent dropped = awaitEvent("DatagramDropped", e -> local.equals(e.getString("localAddress")));
            assertThat(dropped.getString("reason")).isEqualTo("filtered");
            assertThat(dropped.getString("sender")).isEqualTo(stranger.localAddress().toString());
            assertThat(dropped.getInt("size")).isEqualTo(2);
            RecordedEvent stats = awaitEvent("ReceiverStats", e -> local.equals(e.getString("localAddress"))
                    && e.getLong("received") == 3);
            assertThat(stats.getLong("truncated")).isEqualTo(1);
            assertThat(stats.getLong("listenerFailures")).isEqualTo(1);
            assertThat(stats.getLong("filtered")).isEqualTo(1);
            assertThat(stats.getLong("delivered")).isZero();
            RecordedEvent sent = awaitEvent("SenderStats", e -> sender.localAddress().toString()
                    .equals(e.getString("localAddress")) && e.getLong("sent") == 2);
            assertThat(sent.getLong("bytes")).isEqualTo(14);
            assertThat(sent.getString("target")).isEqualTo(local);
        }
    }

    @Test
    void rejectedByTheExecutor_isADroppedEvent() {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(d -> { }).onError(e -> { })
                .executor(task -> {
                    throw new RejectedExecutionException("full");
                }).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("x");
            String local = receiver.localAddress().toString();
            RecordedEvent dropped = awaitEvent("DatagramDropped", e -> local.equals(e.getString("localAddress")));
            assertThat(dropped.getString("reason")).isEqualTo("rejected");
        }
    }

    @Test
    void senderFailures_areEvents() {
        InetSocketAddress closed;
        try (UdpReceiver gone = UdpReceiver.builder().onDatagram(d -> { }).start()) {
            closed = gone.localAddress();
        }
        try (UdpSender sender = UdpSender.builder().target(closed).maxDatagramSize(10).build()) {
            assertThatThrownBy(() -> sender.send(new byte[11])).isInstanceOf(DatagramTooLargeException.class);
            RecordedEvent tooLarge = awaitEvent("SendFailure", e -> closed.toString().equals(e.getString("target")));
            assertThat(tooLarge.getString("exception")).isEqualTo(DatagramTooLargeException.class.getName());
            assertThat(tooLarge.getString("message")).contains("11");
            await().atMost(WAIT).until(() -> {
                try {
                    sender.send("anyone?");
                } catch (UdpPortUnreachableException e) {
                    return true;
                }
                return false;
            });
            awaitEvent("PortUnreachable", e -> closed.toString().equals(e.getString("target")));
        }
    }

    @Test
    void icmpErrors_areEvents_fromAReceiverAndAnUnconnectedSender() throws Exception {
        Assumptions.assumeTrue(UdpEngine.valueOf(System.getProperty("udpkit.expectedEngine", "NIO"))
                == UdpEngine.NATIVE, "needs the native engine: runs in the suite's native execution (JDK 22+)");
        InetSocketAddress dead;
        try (UdpReceiver gone = UdpReceiver.builder().engine(UdpEngine.NIO).onDatagram(d -> { }).start()) {
            dead = gone.localAddress();
        }
        BlockingQueue<IcmpError> heard = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().onIcmpError(heard::add).onDatagram(d -> { }).start();
             UdpSender sender = UdpSender.builder().bind("127.0.0.1", 0).connected(false).onIcmpError(heard::add)
                     .build()) {
            receiver.sendTo(dead, "to nobody".getBytes(StandardCharsets.UTF_8));
            assertThat(heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
            String local = receiver.localAddress().toString();
            RecordedEvent fromReceiver = awaitEvent("IcmpError", e -> local.equals(e.getString("localAddress")));
            assertThat(fromReceiver.getString("kind")).isEqualTo("PORT_UNREACHABLE");
            assertThat(fromReceiver.getString("origin")).isEqualTo("ICMP");
            assertThat(fromReceiver.getInt("type")).isEqualTo(3);
            assertThat(fromReceiver.getInt("code")).isEqualTo(3);
            assertThat(fromReceiver.getString("reason")).isEqualTo("Connection refused");
            assertThat(fromReceiver.getString("reporter")).isEqualTo("/127.0.0.1");
            assertThat(fromReceiver.getString("destination")).isEqualTo(dead.toString());
            assertThat(fromReceiver.getInt("mtu")).isZero();
            sender.sendTo(dead, "to nobody either");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
                sender.sendTo(receiver.localAddress(), "probe"); // a sender reads its error queue when it sends
                return !heard.isEmpty();
            });
            String from = sender.localAddress().toString();
            RecordedEvent fromSender = awaitEvent("IcmpError", e -> from.equals(e.getString("localAddress")));
            assertThat(fromSender.getString("kind")).isEqualTo("PORT_UNREACHABLE");
            assertThat(fromSender.getString("destination")).isEqualTo(dead.toString());
        }
    }
}
