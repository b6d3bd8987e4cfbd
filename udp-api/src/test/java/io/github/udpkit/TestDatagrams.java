package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** Helpers the udp-api tests share: a recognisable payload and a bounded wait for the next datagram. */
final class TestDatagrams {
    /** How long a test waits for a datagram on loopback before it fails. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private TestDatagrams() {
    }

    /** A payload whose bytes depend on their position, so a cut, a shift or a swap shows. */
    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    /** Takes the next datagram, failing the test if none arrives within {@link #WAIT}. */
    static Datagram next(BlockingQueue<Datagram> queue) throws InterruptedException {
        Datagram d = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(d).as("a datagram within %s", WAIT).isNotNull();
        return d;
    }
}
