package io.github.udpkit;

import io.github.udpkit.internal.Jfr;
import io.github.udpkit.internal.ReceiverStatsEvent;
import io.github.udpkit.internal.SenderStatsEvent;
import java.lang.ref.WeakReference;

/**
 * The periodic JFR statistics events of receivers and senders: one hook each, holding its owner weakly (a sender the
 * application forgot to close is not kept alive by JFR), removed by the owner's {@code close()}. The event classes
 * are referenced only inside the hooks, which run only once JFR is initialised (see {@link Jfr}).
 */
final class StatsEvents {
    private StatsEvents() {
    }

    /** Registers the {@code io.github.udpkit.ReceiverStats} hook of a receiver; returns it for close. */
    static Object register(UdpReceiver receiver) {
        WeakReference<UdpReceiver> owner = new WeakReference<>(receiver);
        return Jfr.periodic(Jfr.Stats.RECEIVER, () -> {
            UdpReceiver r = owner.get();
            if (r != null && r.isOpen()) {
                emit(r);
            }
        });
    }

    /** Registers the {@code io.github.udpkit.SenderStats} hook of a sender; returns it for close. */
    static Object register(UdpSender sender) {
        WeakReference<UdpSender> owner = new WeakReference<>(sender);
        return Jfr.periodic(Jfr.Stats.SENDER, () -> {
            UdpSender s = owner.get();
            if (s != null && s.isOpen()) {
                emit(s);
            }
        });
    }

    private static void emit(UdpReceiver receiver) {
        ReceiverStats stats = receiver.stats();
        ReceiverStatsEvent e = new ReceiverStatsEvent();
        e.localAddress = String.valueOf(receiver.localAddress());
        e.received = stats.received();
        e.bytes = stats.bytes();
        e.delivered = stats.delivered();
        e.truncated = stats.truncated();
        e.filtered = stats.filtered();
        e.listenerFailures = stats.listenerFailures();
        e.rejected = stats.rejected();
        e.overflowed = stats.overflowed();
        e.receiveErrors = stats.receiveErrors();
        e.kernelDrops = stats.kernelDrops().orElse(-1);
        e.inFlight = stats.inFlight();
        e.commit();
    }

    private static void emit(UdpSender sender) {
        SenderStats stats = sender.stats();
        SenderStatsEvent e = new SenderStatsEvent();
        e.localAddress = String.valueOf(sender.localAddress());
        e.target = sender.target().map(String::valueOf).orElse("");
        e.sent = stats.sent();
        e.bytes = stats.bytes();
        e.refusedTooLarge = stats.refusedTooLarge();
        e.refusedClosed = stats.refusedClosed();
        e.portUnreachable = stats.portUnreachable();
        e.failed = stats.failed();
        e.batches = stats.batches();
        e.segments = stats.segments();
        e.commit();
    }
}
