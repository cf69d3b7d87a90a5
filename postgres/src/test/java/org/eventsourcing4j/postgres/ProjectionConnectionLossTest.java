package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every backend of the pool — the store's, the projection's read-model transactions and
 * the notification listener — is terminated several times while a projection processes
 * live appends, as a server restart or failover would do. The projection recovers by
 * itself and its read model ends equal to the log, each event applied exactly once.
 */
class ProjectionConnectionLossTest {
    private static final int EVENTS = 400;
    private static PgTestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("projloss");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void a_projection_recovers_from_killed_connections_with_an_exactly_once_read_model() throws Exception {
        try (PostgresEventStore store = database.store(database.options("es_").withClock(Clock.systemUTC()).withHorizonWait(Duration.ofMillis(50)))) {
            JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(store, database.schema + ".checkpoints");
            JdbcRecordingProjection projection = new JdbcRecordingProjection("survivor", store, checkpoints,
                    database.schema + ".recorded");
            try (ProjectionRunner runner = ProjectionRunner.create("survivor", store, projection.target(), ProjectionOptions.DEFAULTS.withBatchSize(7).withPollInterval(Duration.ofMillis(50))
                            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(200)))) {
                runner.start();
                CountDownLatch halfway = new CountDownLatch(1);
                AtomicReference<Throwable> writerFailure = new AtomicReference<>();
                Thread writer = new Thread(() -> {
                    try {
                        for (int i = 0; i < EVENTS; i++) {
                            appendUntilStored(store, StreamId.of("acc-" + (i % 13)), EventData.of("E", "{}"));
                            if (i == EVENTS / 4) {
                                halfway.countDown();
                            }
                        }
                    } catch (Throwable t) {
                        writerFailure.set(t);
                    }
                });
                writer.start();
                halfway.await();
                int killed = 0;
                for (int round = 0; round < 5; round++) {
                    killed += database.terminatePoolConnections();
                    Thread.sleep(60);
                }
                writer.join(60_000);
                assertThat(writerFailure.get()).isNull();
                assertThat(killed).as("backends terminated").isPositive();

                List<RecordedEvent> events = Eventually.log(store, EVENTS);
                assertThat(events).hasSize(EVENTS);
                List<UUID> log = events.stream().map(RecordedEvent::eventId).toList();
                LogPosition last = events.get(EVENTS - 1).logPosition();
                Eventually.until(Duration.ofSeconds(60), () -> projection.applied().size() >= EVENTS,
                        () -> "applied " + projection.applied().size() + ", status " + runner.status());
                assertThat(projection.applied()).containsExactlyElementsOf(log);
                assertThat(last.isAfter(runner.status().checkpoint())).as("checkpoint before the last event").isFalse();
            }
        }
    }

    /** An append whose connection died may or may not have committed: the same batch again settles it. */
    private static void appendUntilStored(PostgresEventStore store, StreamId stream, EventData event)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                store.append(stream, ExpectedVersion.any(), event);
                return;
            } catch (StoreUnavailableException e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
