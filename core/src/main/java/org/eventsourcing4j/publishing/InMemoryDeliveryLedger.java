package org.eventsourcing4j.publishing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * A ledger in memory: one entry per stream, lost at restart. For read models that are
 * themselves in memory and rebuilt from the broker at every start.
 */
public final class InMemoryDeliveryLedger implements DeliveryLedger {
    private final Map<String, Map<StreamId, Applied>> applied = new ConcurrentHashMap<>();

    @Override
    public Applied last(String consumer, StreamId stream) {
        return applied.getOrDefault(consumer, Map.of()).get(stream);
    }

    @Override
    public void record(String consumer, RecordedEvent event) {
        applied.computeIfAbsent(consumer, c -> new ConcurrentHashMap<>())
                .put(event.streamId(), new Applied(event.version(), event.eventId()));
    }

    @Override
    public void reset(String consumer) {
        applied.remove(consumer);
    }
}
