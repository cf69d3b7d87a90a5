package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;
import org.eventsourcing4j.testkit.postgres.StopMode;
import org.eventsourcing4j.testkit.postgres.TemporaryPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PostgreSQL server itself is restarted, or crashed and started again, while batches are
 * appended and a projection processes them. Every acknowledged batch is stored, no batch is
 * stored in part, appends work again afterwards, and the projection's read model ends equal
 * to the log, each event applied once.
 *
 * <p>The server is one of the test's own ({@link TemporaryPostgres}): the shared server of
 * {@value PgTestDatabase#URL_VARIABLE} is never restarted.
 */
class DatabaseRestartTest {
    private static final int BATCH_SIZE = 3;
    /** Batches appended after the outage ended, to show appends work again. */
    private static final int AFTER_OUTAGE = 30;
    /** How long the server stays down: appends in flight meet the outage. */
    private static final Duration DOWN = Duration.ofMillis(300);
    private static TemporaryPostgres server;

    /** What happens to the server. */
    enum Outage {
        /** A clean shutdown ({@code pg_ctl stop -m fast}: clients are disconnected), then a start. */
        RESTART {
            @Override
            void takeDown(TemporaryPostgres postgres) {
                postgres.stop(StopMode.FAST);
            }
        },
        /** SIGKILL of every server process, then a start with crash recovery. */
        CRASH {
            @Override
            void takeDown(TemporaryPostgres postgres) {
                postgres.kill();
            }
        };

        abstract void takeDown(TemporaryPostgres postgres);
    }

    @BeforeAll
    static void startServer() {
        server = TemporaryPostgres.create();
    }

    @AfterAll
    static void removeServer() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void acknowledged_batches_survive_the_outage_and_the_projection_resumes_exactly_once(Outage outage) throws Exception {
        try (PgTestDatabase database = PgTestDatabase.create(outage.name().toLowerCase(Locale.ROOT), 12, server.jdbcUrl());
             PostgresEventStore store = database.store(database.options("es_").withHorizonWait(Duration.ofMillis(50)))) {
            JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(store, database.schema + ".checkpoints");
            JdbcRecordingProjection projection = new JdbcRecordingProjection("restarted", store, checkpoints,
                    database.schema + ".recorded");
            try (ProjectionRunner runner = ProjectionRunner.create("restarted", store, projection.target(), ProjectionOptions.DEFAULTS.withBatchSize(10).withPollInterval(Duration.ofMillis(50))
                            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(500)))) {
                runner.start();
                List<List<UUID>> acknowledged = new CopyOnWriteArrayList<>();
                CountDownLatch started = new CountDownLatch(20);
                AtomicBoolean recovered = new AtomicBoolean();
                AtomicInteger outages = new AtomicInteger();
                AtomicReference<Throwable> writerFailure = new AtomicReference<>();
                Thread writer = new Thread(() -> {
                    try {
                        int afterOutage = 0;
                        for (int b = 0; afterOutage < AFTER_OUTAGE; b++) {
                            boolean outageOver = recovered.get();
                            List<EventData> batch = new ArrayList<>();
                            for (int k = 0; k < BATCH_SIZE; k++) {
                                batch.add(EventData.of("E", "{\"batch\":" + b + ",\"k\":" + k + "}"));
                            }
                            outages.addAndGet(appendUntilStored(store, StreamId.of("acc-" + (b % 5)), batch));
                            acknowledged.add(batch.stream().map(EventData::eventId).toList());
                            started.countDown();
                            if (outageOver) {
                                afterOutage++;
                            }
                            Thread.sleep(5);
                        }
                    } catch (Throwable t) {
                        writerFailure.set(t);
                    }
                });
                writer.start();
                assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
                long startedBefore = database.count("select extract(epoch from pg_postmaster_start_time()) * 1000000");
                outage.takeDown(server);
                assertThat(server.isRunning()).isFalse();
                Thread.sleep(DOWN.toMillis());
                server.start();
                recovered.set(true);
                writer.join(180_000);
                assertThat(writerFailure.get()).isNull();
                assertThat(database.count("select extract(epoch from pg_postmaster_start_time()) * 1000000"))
                        .as("the server was started again").isGreaterThan(startedBefore);
                // Appends in flight during the outage either waited for a connection or failed as
                // unavailable and were sent again (counted in outages); both are fine.
                assertThat(acknowledged.size()).as("batches acknowledged").isGreaterThanOrEqualTo(20 + AFTER_OUTAGE);

                int expected = acknowledged.size() * BATCH_SIZE;
                List<RecordedEvent> log = Eventually.log(store, expected);
                assertThat(log).hasSize(expected);
                Map<UUID, RecordedEvent> byId = new HashMap<>();
                log.forEach(e -> byId.put(e.eventId(), e));
                for (List<UUID> batch : acknowledged) {
                    RecordedEvent first = byId.get(batch.get(0));
                    assertThat(first).as("an acknowledged event").isNotNull();
                    for (int k = 0; k < batch.size(); k++) {
                        RecordedEvent event = byId.get(batch.get(k));
                        assertThat(event).isNotNull();
                        assertThat(event.version()).as("batch stored whole, in order").isEqualTo(first.version() + k);
                    }
                }
                Eventually.until(Duration.ofSeconds(90), () -> projection.applied().size() >= log.size(),
                        () -> "applied " + projection.applied().size() + ", status " + runner.status());
                assertThat(projection.applied()).containsExactlyElementsOf(log.stream().map(RecordedEvent::eventId).toList());
            }
        }
    }

    /**
     * While the server is down, appends fail as unavailable; the same batch again settles
     * whether it was stored. Returns how many attempts failed so.
     */
    private static int appendUntilStored(PostgresEventStore store, StreamId stream, List<EventData> batch)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (int failures = 0; ; failures++) {
            try {
                store.append(stream, ExpectedVersion.any(), batch);
                return failures;
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
