package org.eventsourcing4j.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The validated batches of one {@link EventWriter#appendAll(List)}: at least one, each
 * stream at most once (one expected version per stream), no event id in two batches, at
 * most {@link Limits#MAX_BATCH_SIZE} events in all.
 *
 * @param batches in the caller's order
 */
public record AtomicAppend(List<AppendBatch> batches) {

    public AtomicAppend {
        if (batches == null) {
            throw new InvalidArgumentException("batches", "must not be null");
        }
        if (batches.isEmpty()) {
            throw new InvalidArgumentException("batches", "must not be empty: an append writes at least one event");
        }
        Set<StreamId> streams = new HashSet<>();
        Set<UUID> ids = new HashSet<>();
        long events = 0;
        for (int i = 0; i < batches.size(); i++) {
            AppendBatch batch = batches.get(i);
            if (batch == null) {
                throw new InvalidArgumentException("batches", "element " + i + " is null");
            }
            if (!streams.add(batch.stream())) {
                throw new InvalidArgumentException("batches", "stream '" + batch.stream().value()
                        + "' appears in two batches; put its events in one batch");
            }
            events += batch.size();
            if (events > Limits.MAX_BATCH_SIZE) {
                throw new InvalidArgumentException("batches",
                        "more than " + Limits.MAX_BATCH_SIZE + " events in one atomic append");
            }
            for (EventData event : batch.events()) {
                if (!ids.add(event.eventId())) {
                    throw new InvalidArgumentException("batches",
                            "event id " + event.eventId() + " appears in two batches");
                }
            }
        }
        batches = List.copyOf(batches);
    }

    /** Validates {@code batches}. */
    public static AtomicAppend of(List<AppendBatch> batches) {
        return new AtomicAppend(batches);
    }

    /** The indexes of the batches in {@link StreamId#compareTo} order: the order in which SQL stores lock and write. */
    public int[] canonicalOrder() {
        List<Integer> order = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> batches.get(i).stream()));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Events in all batches. */
    public int size() {
        return batches.stream().mapToInt(AppendBatch::size).sum();
    }
}
