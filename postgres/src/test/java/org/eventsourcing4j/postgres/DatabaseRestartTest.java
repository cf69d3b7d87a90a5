package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL server itself is restarted while batches are appended and a projection
 * processes them. Every acknowledged batch is stored, no batch is stored in part, appends
 * work again afterwards, and the projection's read model ends equal to the log, each event
 * applied once.
 *
 * <p>The restart command comes from {@code EVENTSOURCING4J_PG_RESTART} (a shell command);
 * by default {@code pg_ctlcluster --skip-systemctl-redirect <version> main restart} for the
 * cluster under {@code /etc/postgresql}. Where neither is available the test fails and says
 * so: it is never skipped.
 */
class DatabaseRestartTest {
    private static final int BATCH_SIZE = 3;
    /** Batches appended after the restart finished, to show appends work again. */
    private static final int AFTER_RESTART = 30;
    private static PgTestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("restart");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void acknowledged_batches_survive_a_server_restart_and_the_projection_resumes_exactly_once() throws Exception {
        String restart = restartCommand();
        try (PostgresEventStore store = database.builder("es_").horizonWait(Duration.ofMillis(50)).build()) {
            JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(store, database.schema + ".checkpoints");
            JdbcRecordingProjection projection = new JdbcRecordingProjection("restarted", store, checkpoints,
                    database.schema + ".recorded");
            try (ProjectionRunner runner = ProjectionRunner.create("restarted", store, projection.target(), ProjectionOptions.DEFAULTS.withBatchSize(10).withPollInterval(Duration.ofMillis(50))
                            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(500)))) {
                runner.start();
                List<List<UUID>> acknowledged = new CopyOnWriteArrayList<>();
                CountDownLatch started = new CountDownLatch(20);
                AtomicBoolean restarted = new AtomicBoolean();
                AtomicInteger outages = new AtomicInteger();
                AtomicReference<Throwable> writerFailure = new AtomicReference<>();
                Thread writer = new Thread(() -> {
                    try {
                        int afterRestart = 0;
                        for (int b = 0; afterRestart < AFTER_RESTART; b++) {
                            boolean restartDone = restarted.get();
                            List<EventData> batch = new ArrayList<>();
                            for (int k = 0; k < BATCH_SIZE; k++) {
                                batch.add(EventData.of("E", "{\"batch\":" + b + ",\"k\":" + k + "}"));
                            }
                            outages.addAndGet(appendUntilStored(store, StreamId.of("acc-" + (b % 5)), batch));
                            acknowledged.add(batch.stream().map(EventData::eventId).toList());
                            started.countDown();
                            if (restartDone) {
                                afterRestart++;
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
                Process process = new ProcessBuilder("sh", "-c", restart).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes());
                assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("restart finished").isTrue();
                assertThat(process.exitValue()).as("restart command '%s' said: %s", restart, output).isZero();
                restarted.set(true);
                writer.join(180_000);
                assertThat(writerFailure.get()).isNull();
                assertThat(database.count("select extract(epoch from pg_postmaster_start_time()) * 1000000"))
                        .as("the server was restarted").isGreaterThan(startedBefore);
                // Appends in flight during the restart either waited for a connection or failed as
                // unavailable and were sent again (counted in outages); both are fine.
                assertThat(acknowledged.size()).as("batches acknowledged").isGreaterThanOrEqualTo(20 + AFTER_RESTART);

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

    private static String restartCommand() {
        String configured = System.getenv("EVENTSOURCING4J_PG_RESTART");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        File[] versions = new File("/etc/postgresql").listFiles(File::isDirectory);
        if (versions == null || versions.length == 0) {
            throw new AssertionError("cannot restart PostgreSQL: set EVENTSOURCING4J_PG_RESTART to a shell command that"
                    + " restarts the server at " + PgTestDatabase.url() + " (no cluster under /etc/postgresql)");
        }
        return "pg_ctlcluster --skip-systemctl-redirect " + versions[0].getName() + " main restart";
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
