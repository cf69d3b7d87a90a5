package org.eventsourcing4j.serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * Turns domain event records into {@link EventData} for a store and stored events back
 * into domain events. Stores see only names and bytes; this is the one place that knows
 * the format. {@link JacksonEventCodec} is the JSON implementation.
 */
public interface EventCodec {

    /**
     * The stored form of {@code event}: its registered type name and current revision, its
     * payload, and the id and metadata the infrastructure assigned.
     *
     * @throws UnregisteredEventClassException when the event's class is not registered
     * @throws EventSerializationException     when it cannot be written
     */
    EventData encode(Object event, UUID eventId, Metadata metadata);

    /**
     * Like {@link #encode(Object, UUID, Metadata)}, for an event appended to {@code stream}: a
     * codec that needs the stream (the subject of personal data, see
     * {@code org.eventsourcing4j.shredding}) uses it; the repository always calls this one.
     */
    default EventData encode(Object event, UUID eventId, Metadata metadata, StreamId stream) {
        return encode(event, eventId, metadata);
    }

    /**
     * The domain events a stored event stands for today, after upcasting: usually one;
     * several when an upcaster splits it; none only when an upcaster explicitly retires it.
     *
     * @throws EventDecodingException (or a subtype) naming stream, version and type when it cannot be read
     */
    List<Object> decode(RecordedEvent event);

    /**
     * Like {@link #decode(RecordedEvent)}, and every decoded event must be an {@code expected}
     * (e.g. the aggregate's sealed event interface).
     *
     * @throws EventDecodingException when one is not
     */
    default <E> List<E> decode(RecordedEvent event, Class<E> expected) {
        List<Object> decoded = decode(event);
        List<E> typed = new ArrayList<>(decoded.size());
        for (Object domainEvent : decoded) {
            if (!expected.isInstance(domainEvent)) {
                throw new EventDecodingException(event.streamId(), event.version(), event.type(), event.revision(),
                        "it reads as " + domainEvent.getClass().getName() + ", which is not a "
                                + expected.getName(), null);
            }
            typed.add(expected.cast(domainEvent));
        }
        return typed;
    }
}
