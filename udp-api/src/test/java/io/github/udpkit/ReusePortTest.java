package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReusePortTest {

    private record Arrival(String text, int sourcePort, String thread) {
    }

    @Test
    void fourSocketsOnOnePort_receiveFrom64SourcesExactlyOnce_spreadOverThreads_inOrderPerSource() throws Exception {
        int sources = 64;
        int perSource = 20;
        ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder().reusePort(4).receiveBufferSize(1 << 20)
                .onDatagram(d -> arrivals.add(new Arrival(d.text(), d.sender().getPort(),
                        Thread.currentThread().getName())))
                .start()) {
            assertThat(receiver.sockets()).isEqualTo(4);
            List<UdpSender> senders = new ArrayList<>();
            try {
                for (int s = 0; s < sources; s++) {
                    senders.add(UdpSender.builder().target(receiver.localAddress()).build());
                }
                for (int n = 0; n < perSource; n++) {
                    for (int s = 0; s < sources; s++) {
                        senders.get(s).send(s + ":" + n);
                    }
                }
            } finally {
                senders.forEach(UdpSender::close);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> arrivals.size() >= sources * perSource);
            assertThat(arrivals).hasSize(sources * perSource);

            Set<String> texts = new HashSet<>();
            arrivals.forEach(a -> texts.add(a.text()));
            assertThat(texts).hasSize(sources * perSource);

            Map<Integer, List<Integer>> sequenceBySource = new ConcurrentHashMap<>();
            Map<Integer, Set<String>> threadsBySource = new ConcurrentHashMap<>();
            Set<String> threads = new HashSet<>();
            for (Arrival a : arrivals) {
                int n = Integer.parseInt(a.text().substring(a.text().indexOf(':') + 1));
                sequenceBySource.computeIfAbsent(a.sourcePort(), k -> new ArrayList<>()).add(n);
                threadsBySource.computeIfAbsent(a.sourcePort(), k -> new HashSet<>()).add(a.thread());
                threads.add(a.thread());
            }
            assertThat(sequenceBySource).hasSize(sources);
            // arrivals is in global listener-completion order; per source that order must be 0, 1, 2, ...
            sequenceBySource.values().forEach(seq -> assertThat(seq).isSorted().hasSize(perSource));
            threadsBySource.values().forEach(t -> assertThat(t).hasSize(1));
            assertThat(threads).hasSizeGreaterThan(1)
                    .allSatisfy(t -> assertThat(t).startsWith("udpkit-receiver-" + receiver.localAddress() + "#"));
            assertThat(TestStats.settled(receiver, sources * perSource).delivered()).isEqualTo(sources * perSource);
        }
    }

    @Test
    void close_stopsEveryReceiveThread_andFreesThePort() {
        UdpReceiver receiver = UdpReceiver.builder().reusePort(3).onDatagram(d -> { }).start();
        String prefix = "udpkit-receiver-" + receiver.localAddress() + "#";
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith(prefix)).hasSize(3);
        receiver.close();
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith(prefix)).isEmpty();
        try (UdpReceiver again = UdpReceiver.builder().bind(receiver.localAddress()).onDatagram(d -> { }).start()) {
            assertThat(again.localAddress()).isEqualTo(receiver.localAddress());
        }
    }
}
