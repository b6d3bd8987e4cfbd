package io.github.udpkit.testkit;

import io.github.udpkit.testkit.internal.LinkModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The proxy's link models, one per direction (or none for an ideal link), applied after the {@link Faults} on the
 * proxy's receive thread, in arrival order. Keeps the events; thread-safe for readers.
 */
final class LinkStage {
    private final LinkModel[] models = new LinkModel[Direction.values().length];
    private final Consumer<LinkEvent> onFragmentationNeeded;
    private final List<LinkEvent> events = new ArrayList<>();

    LinkStage(Link toTarget, Link toClient, long seed, int headerBytes, Consumer<LinkEvent> onFragmentationNeeded) {
        Link[] links = {toTarget, toClient};
        for (Direction d : Direction.values()) {
            Link link = links[d.ordinal()];
            models[d.ordinal()] = link == Link.ideal() ? null
                    : new LinkModel(link.spec(), seed, d.ordinal(), headerBytes);
        }
        this.onFragmentationNeeded = onFragmentationNeeded;
    }

    boolean active(Direction direction) {
        return models[direction.ordinal()] != null;
    }

    /**
     * Runs a datagram the faults let through over the link of its direction.
     *
     * @return the entry to record: dropped with the link's reason, or delayed by the link's queue and delay too
     */
    LedgerEntry apply(LedgerEntry entry, long now) {
        LinkModel model = models[entry.direction().ordinal()];
        if (model == null || entry.dropped()) {
            return entry;
        }
        LinkModel.Outcome outcome = model.offer(now, entry.sequence(), entry.sentSize());
        Duration at = Duration.ofNanos(now);
        if (outcome.overMtu()) {
            LinkEvent tooBig = new LinkEvent(at, entry.direction(), entry.sequence(),
                    LinkEvent.Kind.FRAGMENTATION_NEEDED, at, (entry.sentSize() + headerBytes(model)) + " > mtu "
                    + mtu(entry));
            add(tooBig);
            try {
                onFragmentationNeeded.accept(tooBig);
            } catch (RuntimeException e) {
                add(new LinkEvent(at, entry.direction(), entry.sequence(), LinkEvent.Kind.FRAGMENTATION_NEEDED, at,
                        "onFragmentationNeeded threw " + e));
            }
        }
        if (outcome.drop() != LedgerEntry.Drop.NONE) {
            add(new LinkEvent(at, entry.direction(), entry.sequence(), LinkEvent.Kind.DROPPED, at,
                    outcome.drop().name()));
            return new LedgerEntry(entry.direction(), entry.sequence(), entry.client(), entry.size(), outcome.drop(),
                    0, 0, List.of(), Duration.ZERO, 0);
        }
        Duration delay = entry.delay().plusNanos(outcome.totalNanos());
        add(new LinkEvent(at, entry.direction(), entry.sequence(), LinkEvent.Kind.DELIVERED,
                at.plusNanos(outcome.totalNanos()), "queue " + outcome.queueNanos() + " ns, delay "
                + outcome.delayNanos() + " ns"));
        return new LedgerEntry(entry.direction(), entry.sequence(), entry.client(), entry.size(), entry.drop(),
                entry.copies(), entry.sentSize(), entry.flippedBits(), delay, entry.heldFor());
    }

    private static int headerBytes(LinkModel model) {
        return model.headerBytes();
    }

    private int mtu(LedgerEntry entry) {
        return models[entry.direction().ordinal()].mtu();
    }

    synchronized void add(LinkEvent event) {
        events.add(event);
    }

    synchronized List<LinkEvent> events() {
        return List.copyOf(events);
    }
}
