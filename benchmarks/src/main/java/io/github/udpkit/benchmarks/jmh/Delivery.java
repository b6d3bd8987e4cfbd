package io.github.udpkit.benchmarks.jmh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/** The receive benchmarks' wait: until a listener has counted {@code next} datagrams, re-sending per lost second. */
final class Delivery {
    private static final long RESEND_NANOS = 1_000_000_000L;

    private Delivery() {
    }

    /**
     * Waits until {@code delivered} reaches {@code next}; after each second without it, sends {@code payload} again
     * on {@code out} (a datagram lost on loopback under load would otherwise hang the benchmark).
     *
     * @return the count delivered
     * @throws IOException if re-sending fails
     */
    static long await(AtomicLong delivered, long next, DatagramChannel out, ByteBuffer payload) throws IOException {
        long deadline = System.nanoTime() + RESEND_NANOS;
        while (delivered.getAcquire() < next) {
            Thread.onSpinWait();
            if (System.nanoTime() > deadline) {
                payload.clear();
                out.write(payload);
                deadline = System.nanoTime() + RESEND_NANOS;
            }
        }
        return delivered.getAcquire();
    }
}
