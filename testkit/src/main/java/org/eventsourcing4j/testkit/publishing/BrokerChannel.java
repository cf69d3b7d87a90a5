package org.eventsourcing4j.testkit.publishing;

import java.time.Duration;
import java.util.List;
import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.publishing.MessageSource;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * One test's own destination on a broker (a Kafka topic, a JetStream stream and its
 * subjects), created for the test and deleted by {@link #close()}.
 */
public interface BrokerChannel extends AutoCloseable {

    /** A publisher of {@code log} to this destination. */
    EventPublisher publisher(GlobalLogReader log, PublisherOptions options);

    /**
     * Every message on the destination, duplicates included, in the order a consumer of
     * one stream's messages sees them (Kafka: partition by partition; JetStream: stream
     * order), decoded to events. Waits until at least {@code atLeast} are there or the
     * timeout passed, then returns all there are.
     */
    List<RecordedEvent> readAll(int atLeast, Duration timeout);

    /** A source for the consumer helper, reading this destination from the start; {@code group} names its position. */
    MessageSource source(String group);

    /** Arguments that let another process's {@link PublisherFaultContract#channelAt} reach this destination. */
    List<String> address();

    @Override
    void close();
}
