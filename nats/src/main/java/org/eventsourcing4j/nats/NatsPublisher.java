package org.eventsourcing4j.nats;

import org.eventsourcing4j.publishing.EventPublisher;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.support.Checks;

/**
 * Publishes the global log to NATS JetStream: one message per event on its subject, body
 * the event's JSON data, headers the envelope, {@code Nats-Msg-Id} the event id, so the
 * JetStream stream's duplicate window drops what a publisher sends again. The checkpoint
 * moves after JetStream's publish acknowledgement of every event of a page.
 *
 * <p>The connection never reconnects by itself: after a disconnect the client would send
 * what it buffered on a new connection, after messages lost with the old one, and so
 * reorder a stream. The publisher instead opens a new connection and sends the page again
 * from its first unacknowledged event.
 *
 * <pre>{@code
 * EventPublisher publisher = NatsPublisher.create(store, NatsPublisherOptions.of("nats://nats:4222", "bank",
 *         PublisherOptions.of("bank-to-nats", store.checkpoints())));
 * publisher.start();
 * }</pre>
 */
public final class NatsPublisher {
    private NatsPublisher() {
    }

    /** A publisher of {@code log}, not started; it connects on the first send. */
    public static EventPublisher create(GlobalLogReader log, NatsPublisherOptions options) {
        Checks.notNull(options, "options");
        return EventPublisher.create(log, new NatsSender(options.servers(), options.subjects(),
                options.connectionOptions(), options.publisher().ackTimeout()), options.publisher());
    }
}
