package io.github.udpkit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One datagram handed to a receiver's callback executor. It runs at most once, or is claimed back by the receive loop
 * when {@code execute} threw before running it, so that every datagram gets exactly one outcome whatever the
 * executor does (runs it, refuses it, runs it and then throws, or runs it twice).
 */
final class ExecutorTask implements Runnable {
    private static final VarHandle CLAIMED;

    static {
        try {
            CLAIMED = MethodHandles.lookup().findVarHandle(ExecutorTask.class, "claimed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReceiveLoop loop;
    private final Datagram datagram;
    @SuppressWarnings("unused") // accessed through CLAIMED
    private volatile boolean claimed;

    ExecutorTask(ReceiveLoop loop, Datagram datagram) {
        this.loop = loop;
        this.datagram = datagram;
    }

    Datagram datagram() {
        return datagram;
    }

    /**
     * Claims the task for whoever calls first: the executor's thread running it, or the loop after {@code execute}
     * threw.
     *
     * @return {@code true} for the first caller only
     */
    boolean claim() {
        return CLAIMED.compareAndSet(this, false, true);
    }

    @Override
    public void run() {
        if (claim()) {
            loop.runTask(datagram);
        }
    }
}
