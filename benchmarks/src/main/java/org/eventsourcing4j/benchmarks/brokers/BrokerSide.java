package org.eventsourcing4j.benchmarks.brokers;

import java.util.List;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.RecordedEvent;

/** One broker as the harness drives it: a bare client loop and the library's publisher, each to a destination of its own. */
interface BrokerSide extends AutoCloseable {

    String name();

    /** Sends every event as the publisher would (same destination kind, key, body, headers, client settings) and waits for every acknowledgement. */
    void sendBare(List<RecordedEvent> events) throws Exception;

    /** A publisher of {@code log} to a fresh destination. */
    EventPublisher publisher(GlobalLogReader log, PublisherOptions options) throws Exception;

    @Override
    void close() throws Exception;
}
