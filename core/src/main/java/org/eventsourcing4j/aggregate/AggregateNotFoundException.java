package org.eventsourcing4j.aggregate;

import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.StreamId;

/** The aggregate's stream has no events (or none at the version or instant asked for). */
public class AggregateNotFoundException extends EventSourcingException {
    private static final long serialVersionUID = 1L;

    private final String aggregateId;
    private final StreamId stream;

    public AggregateNotFoundException(String aggregateId, StreamId stream, String detail) {
        super("aggregate '" + aggregateId + "' not found: stream '" + stream.value() + "' " + detail);
        this.aggregateId = aggregateId;
        this.stream = stream;
    }

    public String aggregateId() {
        return aggregateId;
    }

    public StreamId stream() {
        return stream;
    }
}
