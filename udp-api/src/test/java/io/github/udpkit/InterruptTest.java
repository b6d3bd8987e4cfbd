package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A DatagramChannel is an InterruptibleChannel: an interrupt must never silently kill a sender or a receiver. */
@Timeout(30)
class InterruptTest {
    private final BlockingQueue<Datagram> delivered = new LinkedBlockingQueue<>();
    private final BlockingQueue<UdpException> errors = new LinkedBlockingQueue<>();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void sendOnAnInterruptedThread_isRefused_andTheSenderStaysOpen() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder().onDatagram(delivered::add).start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> sender.send("while interrupted"))
                    .isExactlyInstanceOf(UdpException.class)
                    .hasMessage("cannot send to " + receiver.localAddress() + ": the calling thread is interrupted, "
                            + "and a channel operation on an interrupted thread would close the socket for everyone "
                            + "(DatagramChannel is an InterruptibleChannel); handle or clear the interrupt first");
            assertThat(Thread.interrupted()).as("the interrupt is left for the caller").isTrue();
            assertThat(sender.isOpen()).isTrue();
            sender.send("after");
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(Datagram::text).isEqualTo("after");
        }
    }

    @Test
    void listenerThatInterruptsItsThread_isReported_andTheReceiverKeepsReceiving() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.builder()
                .onDatagram(d -> {
                    delivered.add(d);
                    if (d.text().equals("interrupt")) {
                        Thread.currentThread().interrupt();
                    }
                })
                .onError(errors::add)
                .start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            sender.send("interrupt");
            sender.send("still here");
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(Datagram::text).isEqualTo("interrupt");
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(Datagram::text).isEqualTo("still here");
            assertThat(errors.poll(5, TimeUnit.SECONDS)).isInstanceOf(UdpListenerException.class)
                    .hasMessage("code run by the receive thread of " + receiver.localAddress() + " (a listener, "
                            + "acceptFrom, the executor or onError) left it interrupted after the datagram from "
                            + sender.localAddress() + "; udpkit cleared the interrupt to keep the socket open");
            assertThat(receiver.isOpen()).isTrue();
        }
    }

    @Test
    void replyFromAListenerOnAnInterruptedThread_isRefused_andTheReceiverSurvives() throws Exception {
        AtomicReference<UdpReceiver> self = new AtomicReference<>();
        BlockingQueue<Throwable> replyFailures = new LinkedBlockingQueue<>();
        try (UdpReceiver receiver = UdpReceiver.builder()
                .onDatagram(d -> {
                    Thread.currentThread().interrupt();
                    try {
                        self.get().reply(d, new byte[] {1});
                    } catch (UdpException e) {
                        replyFailures.add(e);
                    }
                    delivered.add(d);
                })
                .onError(errors::add)
                .start();
             UdpSender sender = UdpSender.builder().target(receiver.localAddress()).build()) {
            self.set(receiver);
            sender.send("one");
            sender.send("two");
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(replyFailures.poll(5, TimeUnit.SECONDS)).hasMessageStartingWith("cannot send to "
                    + sender.localAddress() + ": the calling thread is interrupted");
            assertThat(receiver.isOpen()).isTrue();
        }
    }

    @Test
    void interruptDuringABlockedReceive_closesTheSender_andSaysSo() throws Exception {
        try (UdpReceiver silent = UdpReceiver.builder().onDatagram(delivered::add).start();
             UdpSender sender = UdpSender.builder().target(silent.localAddress()).build()) {
            BlockingQueue<Throwable> outcome = new LinkedBlockingQueue<>();
            Thread waiter = new Thread(() -> {
                try {
                    sender.receive(Duration.ofSeconds(20));
                    outcome.add(new AssertionError("receive returned"));
                } catch (RuntimeException e) {
                    outcome.add(e);
                }
            }, "test-waiter");
            waiter.start();
            // blocked in native code the thread still reports RUNNABLE: wait until it is inside the JDK's receive
            await().atMost(Duration.ofSeconds(5)).until(() -> Arrays.stream(waiter.getStackTrace())
                    .anyMatch(f -> f.getClassName().startsWith("sun.nio.ch.") && f.getMethodName().contains("eceive")));
            waiter.interrupt();
            Throwable failure = outcome.poll(5, TimeUnit.SECONDS);
            assertThat(failure).isExactlyInstanceOf(UdpException.class)
                    .hasMessage("receive on " + sender.localAddress() + " was interrupted: the thread's interrupt "
                            + "closed the sender's socket (a DatagramChannel is an InterruptibleChannel)");
            assertThat(sender.isOpen()).isFalse();
            waiter.join(5_000);
        }
    }
}
