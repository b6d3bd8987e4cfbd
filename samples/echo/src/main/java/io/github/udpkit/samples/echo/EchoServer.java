package io.github.udpkit.samples.echo;

import io.github.udpkit.Datagram;
import io.github.udpkit.UdpEngine;
import io.github.udpkit.UdpReceiver;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An echo server: answers each datagram with exactly its bytes, from the port it listens on.
 *
 * <p>Two rules make it safe to expose: the answer is never larger than the request (an echo server that answered
 * with more could be used to amplify traffic towards a forged source address), and a datagram over the server's
 * size limit is not answered at all: only its first bytes arrived, and echoing those would pass a cut payload off
 * as the whole one.
 *
 * <p>Replies leave from the receiver's own socket ({@link UdpReceiver#reply(Datagram, byte[])}), so a client that
 * connected its socket to the server's address accepts them. Bound to a wildcard address ({@code 0.0.0.0} or
 * {@code ::}), on the native engine, each reply also leaves from the address its request was sent to (the kernel
 * tells it, {@code IP_PKTINFO}): a client that asked 127.0.0.2, or the machine's second address, is answered from
 * there. On the NIO engine the kernel picks the reply's source address by route, which may be another one of the
 * machine's addresses; a client whose socket is connected to the address it asked then drops the answer.
 */
public final class EchoServer implements AutoCloseable {
    /** The default size limit: the largest payload that crosses Ethernet without IP fragmentation. */
    public static final int DEFAULT_MAX_SIZE = 1472;

    private final UdpReceiver receiver;
    private final AtomicLong echoed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private EchoServer(InetSocketAddress bind, int maxSize, Consumer<String> log) {
        this.receiver = UdpReceiver.builder()
                .bind(bind)
                .maxDatagramSize(maxSize)
                .onRequest((request, self) -> { // self: this receiver, also before start() has returned
                    self.reply(request, request.payload());
                    echoed.incrementAndGet();
                    log.accept("echoed " + request.length() + " bytes to " + EchoClient.format(request.sender()));
                })
                .onTruncated(request -> {
                    refused.incrementAndGet();
                    log.accept("not answered: a datagram from " + EchoClient.format(request.sender())
                            + " was larger than " + maxSize + " bytes");
                })
                .onError(error -> log.accept("error: " + error.getMessage()))
                .start();
    }

    /**
     * Binds and starts an echo server.
     *
     * @param bind the local address, for example {@code new InetSocketAddress("127.0.0.1", 7007)}; port 0 for any
     * @param maxSize the largest request answered, 1 to 65,527 bytes; larger ones are not answered
     * @param log told one line per datagram; {@code line -> { }} to stay quiet
     * @return the running server; close it to stop
     * @throws io.github.udpkit.UdpBindException if the address cannot be bound
     * @throws IllegalArgumentException if {@code maxSize} is out of range
     */
    public static EchoServer start(InetSocketAddress bind, int maxSize, Consumer<String> log) {
        return new EchoServer(bind, maxSize, log);
    }

    /**
     * Returns the address the server listens on.
     *
     * @return the bound address, with the port the operating system chose for port 0
     */
    public InetSocketAddress localAddress() {
        return receiver.localAddress();
    }

    /**
     * Returns the engine the server runs on: {@link UdpEngine#NATIVE} where it can run (Linux, JDK 22+, native
     * access), {@link UdpEngine#NIO} elsewhere.
     *
     * @return the engine; on the native one, a wildcard-bound server answers from the address each request was sent to
     */
    public UdpEngine engine() {
        return receiver.engine();
    }

    /**
     * Returns how many requests were answered.
     *
     * @return the count
     */
    public long echoed() {
        return echoed.get();
    }

    /**
     * Returns how many requests were not answered because they were over the size limit.
     *
     * @return the count
     */
    public long refused() {
        return refused.get();
    }

    /** Stops the server and releases its port. */
    @Override
    public void close() {
        receiver.close();
    }
}
