package org.eventsourcing4j.projection;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eventsourcing4j.store.RecordedEvent;

/** Records what it handled; can be told to fail on some events. */
final class RecordingHandler implements EventHandler {
    final List<RecordedEvent> handled = new CopyOnWriteArrayList<>();
    volatile Predicate<RecordedEvent> failOn = e -> false;
    volatile int failuresLeft = Integer.MAX_VALUE;

    @Override
    public void handle(RecordedEvent event) {
        if (failOn.test(event) && failuresLeft > 0) {
            failuresLeft--;
            throw new IllegalStateException("poison " + event.type());
        }
        handled.add(event);
    }

    List<UUID> ids() {
        return handled.stream().map(RecordedEvent::eventId).toList();
    }
}
