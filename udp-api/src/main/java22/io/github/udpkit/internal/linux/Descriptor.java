package io.github.udpkit.internal.linux;

import java.lang.foreign.Arena;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A file descriptor shared by concurrent system calls and closed by the last of them once closing began, so that its
 * number is never closed, and so never reused by another socket, while a call can still use it.
 *
 * <p>One {@code int} holds both: the sign bit says closing, the rest counts the calls in flight. {@link #close}
 * sets the bit while it holds a reference itself, shuts the socket down (which wakes a blocked receive, see
 * {@code DESIGN-NOTES.md}) and releases; whoever brings the count to zero closes the descriptor.
 */
final class Descriptor {
    private static final VarHandle STATE;
    private static final int CLOSING = Integer.MIN_VALUE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Descriptor.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int fd;
    private final CountDownLatch closed = new CountDownLatch(1);
    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    Descriptor(int fd) {
        this.fd = fd;
    }

    /**
     * Returns the descriptor's number; use it only between {@link #acquire()} and {@link #release()}.
     *
     * @return the number
     */
    int fd() {
        return fd;
    }

    /**
     * Takes a reference for one call.
     *
     * @return {@code false}, taking nothing, if closing began
     */
    boolean acquire() {
        for (;;) {
            int s = state;
            if (s < 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reference; the last one after closing began closes the descriptor. */
    void release() {
        int s = (int) STATE.getAndAdd(this, -1) - 1;
        if (s == CLOSING) {
            try (Arena arena = Arena.ofConfined()) {
                // Linux releases the descriptor even when close() reports EINTR: never retry it.
                Libc.close(arena.allocate(Libc.CAPTURE_LAYOUT), fd);
            } finally {
                closed.countDown();
            }
        }
    }

    /**
     * Tells whether closing began.
     *
     * @return {@code true} after {@link #close}
     */
    boolean closing() {
        return state < 0;
    }

    /**
     * Tells whether the descriptor itself is closed, not only closing.
     *
     * @return {@code true} once no call uses it and it was closed
     */
    boolean closed() {
        return closed.getCount() == 0;
    }

    /**
     * Begins closing (once; later calls only wait): shuts the socket down for reading and writing, which wakes
     * blocked calls, and waits for the descriptor to be closed by the last call still running.
     *
     * @param waitMillis the longest wait
     */
    void close(long waitMillis) {
        for (;;) {
            int s = state;
            if (s < 0) {
                break;
            }
            if (STATE.compareAndSet(this, s, (s + 1) | CLOSING)) {
                try (Arena arena = Arena.ofConfined()) {
                    // Wakes receivers on Linux even when unconnected (it then returns ENOTCONN): DESIGN-NOTES.md.
                    Libc.shutdown(arena.allocate(Libc.CAPTURE_LAYOUT), fd, Libc.SHUT_RDWR);
                } finally {
                    release();
                }
                break;
            }
        }
        try {
            closed.await(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
