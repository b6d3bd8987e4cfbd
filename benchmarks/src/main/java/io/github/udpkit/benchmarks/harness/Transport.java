package io.github.udpkit.benchmarks.harness;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/** One contender: how it receives, floods, echoes and pings over loopback. */
public interface Transport {
    /** SO_RCVBUF the contenders ask for when they set one: 4 MiB. */
    int RECEIVE_BUFFER = 4 * 1024 * 1024;
    /** Receive buffers are this large, so no contender truncates even the largest datagram. */
    int MAX_DATAGRAM = 65_536;

    /**
     * Binds a receiver on 127.0.0.1, port 0, that counts every datagram it delivers.
     *
     * @param size the payload size that will arrive
     * @return the running receiver
     * @throws Exception if it cannot be set up
     */
    Receiving receive(int size) throws Exception;

    /**
     * Starts a flood of datagrams of {@code size} bytes to the target, as fast as the contender sends.
     *
     * @param target where to
     * @param size payload bytes
     * @return the running sender
     * @throws Exception if it cannot be set up
     */
    Flooding flood(InetSocketAddress target, int size) throws Exception;

    /**
     * Binds an echo server on 127.0.0.1, port 0, that sends every datagram back to its sender.
     *
     * @return the running server
     * @throws Exception if it cannot be set up
     */
    Running echo() throws Exception;

    /**
     * Starts ping-pong with an echo server: one datagram out, wait for it back, record the round trip, repeat.
     *
     * @param target the echo server
     * @param size payload bytes
     * @param latencies where round trips go; it says when to stop
     * @return the running client
     * @throws Exception if it cannot be set up
     */
    Pinging ping(InetSocketAddress target, int size, Latencies latencies) throws Exception;

    /** Something that runs until closed. */
    interface Running extends AutoCloseable {
        /**
         * Returns the bound port.
         *
         * @return the local port, or 0 for a client
         */
        int port();

        /** Stops it and frees its socket. */
        @Override
        void close();
    }

    /** A receiver that counts datagrams. */
    interface Receiving extends Running {
        /**
         * Returns the datagrams delivered so far.
         *
         * @return the count
         */
        long count();
    }

    /** A sender in a loop. */
    interface Flooding extends Running {
        /**
         * Returns the datagrams handed to the operating system so far.
         *
         * @return the count
         */
        long count();
    }

    /** A ping-pong client. */
    interface Pinging extends Running {
        /** Sends one more ping now: the watchdog's cure for a round trip whose datagram was lost. */
        void kick();
    }

    /**
     * A running loop's handle.
     *
     * @param port the local port it listens on (0 for a sender)
     * @param stop stops the loop and frees its socket
     * @return the handle
     */
    static Running running(int port, Runnable stop) {
        return new Running() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                stop.run();
            }
        };
    }

    /**
     * A receiving loop's handle.
     *
     * @param port the local port it receives on
     * @param count reads how many datagrams reached the listener
     * @param stop stops the loop and frees its socket
     * @return the handle
     */
    static Receiving receiving(int port, LongSupplier count, Runnable stop) {
        return new Receiving() {
            @Override
            public long count() {
                return count.getAsLong();
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                stop.run();
            }
        };
    }

    /**
     * A sending loop's handle.
     *
     * @param count reads how many datagrams were sent
     * @param stop stops the loop and frees its socket
     * @return the handle
     */
    static Flooding flooding(LongSupplier count, Runnable stop) {
        return new Flooding() {
            @Override
            public long count() {
                return count.getAsLong();
            }

            @Override
            public int port() {
                return 0;
            }

            @Override
            public void close() {
                stop.run();
            }
        };
    }
}
