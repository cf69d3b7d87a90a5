package org.eventsourcing4j.nats;

import io.nats.client.Options;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.eventsourcing4j.publishing.PublisherOptions;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.support.Checks;

/**
 * Where and how a {@link NatsPublisher} publishes; immutable, validated, with withers.
 *
 * @param servers    e.g. {@code "nats://nats-1:4222,nats://nats-2:4222"}
 * @param subjects   the subject of each event; a JetStream stream must capture them all
 * @param connection further connection settings (TLS, credentials); reconnection is
 *                   switched off whatever it says (see {@link NatsPublisher})
 * @param publisher  name, checkpoint store, filter, page size, lease, ack timeout
 */
public record NatsPublisherOptions(
        String servers,
        SubjectChoice subjects,
        UnaryOperator<Options.Builder> connection,
        PublisherOptions publisher) {

    public NatsPublisherOptions {
        if (servers == null || servers.isBlank()) {
            throw new InvalidArgumentException("servers", "must not be blank");
        }
        Checks.notNull(subjects, "subject choice");
        Checks.notNull(connection, "connection settings");
        Checks.notNull(publisher, "publisher options");
    }

    /** Subjects {@code <prefix>.<stream category>.<event type>}, default connection settings. */
    public static NatsPublisherOptions of(String servers, String subjectPrefix, PublisherOptions publisher) {
        return new NatsPublisherOptions(servers, SubjectChoice.byCategoryAndType(subjectPrefix),
                UnaryOperator.identity(), publisher);
    }

    public NatsPublisherOptions withSubjects(SubjectChoice choice) {
        return new NatsPublisherOptions(servers, choice, connection, publisher);
    }

    public NatsPublisherOptions withConnection(UnaryOperator<Options.Builder> settings) {
        return new NatsPublisherOptions(servers, subjects, settings, publisher);
    }

    public NatsPublisherOptions withPublisher(PublisherOptions options) {
        return new NatsPublisherOptions(servers, subjects, connection, options);
    }

    /** The connection the publisher opens: the given settings, then no reconnection and no reconnect buffer. */
    Options connectionOptions() {
        Duration timeout = publisher.ackTimeout();
        return connection.apply(new Options.Builder().server(servers)
                        .connectionName("es4j-publisher-" + publisher.name())
                        .connectionTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5)))
                .noReconnect()
                .reconnectBufferSize(0)
                .build();
    }
}
