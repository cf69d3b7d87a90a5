package org.eventsourcing4j.projection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parked events in memory, for tests and for projections whose checkpoint is in memory too:
 * a projection with a durable checkpoint needs a durable dead-letter store, or its parked
 * events are lost on restart while the checkpoint has moved past them.
 */
public final class InMemoryDeadLetterStore implements DeadLetterStore {
    private final Map<String, Map<UUID, ParkedEvent>> parked = new ConcurrentHashMap<>();

    @Override
    public void park(ParkedEvent event) {
        parked.computeIfAbsent(event.projection(), p -> new ConcurrentHashMap<>()).put(event.event().eventId(), event);
    }

    @Override
    public List<ParkedEvent> list(String projection) {
        List<ParkedEvent> list = new ArrayList<>(parked.getOrDefault(projection, Map.of()).values());
        list.sort(Comparator.comparing(p -> p.event().logPosition()));
        return list;
    }

    @Override
    public boolean remove(String projection, UUID eventId) {
        Map<UUID, ParkedEvent> entries = parked.get(projection);
        return entries != null && entries.remove(eventId) != null;
    }
}
