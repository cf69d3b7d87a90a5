package org.eventsourcing4j.publishing;

import java.util.UUID;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * What a consumer has applied from a broker: per stream, the last event (version and id).
 * Because publishers keep each stream's order, that is enough to recognise every
 * duplicate; the state is bounded by the number of streams, not of events.
 */
public interface DeliveryLedger {

    /** The last event of {@code stream} that {@code consumer} applied, or null when none. */
    Applied last(String consumer, StreamId stream);

    /** Records that {@code consumer} applied {@code event}. */
    void record(String consumer, RecordedEvent event);

    /** Forgets everything {@code consumer} applied, e.g. to rebuild its read model from the broker. */
    void reset(String consumer);

    /** The last applied event of a stream. */
    record Applied(long version, UUID eventId) {
    }
}
