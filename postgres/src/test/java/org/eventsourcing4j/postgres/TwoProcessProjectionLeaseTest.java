package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two application instances (this JVM and a child JVM) start the same projection with a
 * {@link PostgresProjectionLease}: one works, the other waits. Killing the working process
 * hands the projection over; the new holder resumes from the checkpoint, and the read
 * model ends with every event exactly once.
 */
class TwoProcessProjectionLeaseTest {
    private static final String NAME = "leased";
    private static PgTestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("lease");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    record Setup(JdbcRecordingProjection projection) {
    }

    /** The same read model and checkpoint table in both processes. */
    static Setup setup(PostgresEventStore store, String schema, String name) throws Exception {
        JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(store, schema + ".checkpoints");
        return new Setup(new JdbcRecordingProjection(name, store, checkpoints, schema + ".recorded"));
    }

    @Test
    void one_instance_works_the_other_waits_and_takes_over_when_the_first_dies() throws Exception {
        try (PostgresEventStore store = database.store(database.options("es_").withClock(Clock.systemUTC()).withHorizonWait(Duration.ofMillis(50)))) {
            JdbcRecordingProjection projection = setup(store, database.schema, NAME).projection();
            append(store, 50);

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LeasedProjectionProcess.class.getName(),
                    PgTestDatabase.url(), database.schema, NAME)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            AtomicReference<String> childStatus = new AtomicReference<>("");
            Thread reader = readLines(child, childStatus);
            try {
                Eventually.until(Duration.ofSeconds(30), () -> childStatus.get().startsWith("STATUS RUNNING")
                                && projection.applied().size() == 50,
                        () -> "child " + childStatus.get() + ", applied " + projection.applied().size());

                try (ProjectionRunner runner = ProjectionRunner.create(NAME, store, projection.target(), ProjectionOptions.DEFAULTS.withBatchSize(5).withPollInterval(Duration.ofMillis(50)).withLease(store.lease(NAME)))) {
                    runner.start();
                    Eventually.until(Duration.ofSeconds(10),
                            () -> runner.status().state() == ProjectionStatus.State.WAITING_FOR_LEASE,
                            () -> "status " + runner.status());
                    append(store, 30);
                    Eventually.until(Duration.ofSeconds(20), () -> projection.applied().size() == 80,
                            () -> "child " + childStatus.get() + ", applied " + projection.applied().size());
                    assertThat(runner.status().state()).isEqualTo(ProjectionStatus.State.WAITING_FOR_LEASE);
                    assertThat(runner.status().processed()).isZero();
                    assertThat(childStatus.get()).as("the child works").doesNotContain("WAITING");

                    // Kill the worker while appends keep coming.
                    AtomicLong appended = new AtomicLong();
                    Thread writer = new Thread(() -> {
                        for (int i = 0; i < 60; i++) {
                            append(store, 1);
                            appended.incrementAndGet();
                            sleep(5);
                        }
                    });
                    writer.start();
                    Eventually.until(Duration.ofSeconds(10), () -> appended.get() >= 20, () -> "appended " + appended);
                    child.destroyForcibly();
                    assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
                    writer.join(30_000);

                    Eventually.until(Duration.ofSeconds(30), () -> projection.applied().size() >= 140,
                            () -> "status " + runner.status() + ", applied " + projection.applied().size());
                    List<UUID> log = new ArrayList<>();
                    for (RecordedEvent event : Eventually.log(store, 140)) {
                        log.add(event.eventId());
                    }
                    assertThat(log).hasSize(140);
                    assertThat(projection.applied()).containsExactlyElementsOf(log);
                    ProjectionStatus status = runner.status();
                    assertThat(status.state()).isEqualTo(ProjectionStatus.State.RUNNING);
                    // Resumed from the child's checkpoint, not from the start.
                    assertThat(status.processed()).isPositive().isLessThan(140 - 80 + 1);
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(20, TimeUnit.SECONDS);
                reader.join(5_000);
            }
        }
    }

    @Test
    void projections_of_the_same_name_in_two_schemas_or_under_two_prefixes_do_not_block_each_other() {
        PostgresSchema mine = PostgresSchema.of(database.schema, "es_");
        PostgresSchema otherSchema = PostgresSchema.of("other_app", "es_");
        PostgresSchema otherPrefix = PostgresSchema.of(database.schema, "billing_");
        try (PostgresProjectionLease a = new PostgresProjectionLease(database.dataSource, mine, "accounts");
             PostgresProjectionLease b = new PostgresProjectionLease(database.dataSource, otherSchema, "accounts");
             PostgresProjectionLease c = new PostgresProjectionLease(database.dataSource, otherPrefix, "accounts")) {
            assertThat(a.tryAcquire()).isTrue();
            assertThat(b.tryAcquire()).as("same name, other schema").isTrue();
            assertThat(c.tryAcquire()).as("same name, other prefix").isTrue();
            assertThat(a.isHeld() && b.isHeld() && c.isHeld()).isTrue();
        }
    }

    @Test
    void the_lease_is_exclusive_and_lost_with_its_connection() throws Exception {
        PostgresSchema schema = PostgresSchema.of(database.schema, "es_");
        try (PostgresProjectionLease first = new PostgresProjectionLease(database.dataSource, schema, "exclusive");
             PostgresProjectionLease second = new PostgresProjectionLease(database.dataSource, schema, "exclusive")) {
            assertThat(first.key()).isEqualTo(PostgresProjectionLease.lockKey(schema, "exclusive"))
                    .isNotEqualTo(PostgresProjectionLease.lockKey(schema, "exclusive2"));
            assertThat(first.tryAcquire()).isTrue();
            assertThat(first.isHeld()).isTrue();
            assertThat(second.tryAcquire()).isFalse();
            assertThat(second.isHeld()).isFalse();

            first.close();
            assertThat(first.isHeld()).isFalse();
            assertThat(second.tryAcquire()).isTrue();

            // The holder's backend dies: the lock goes with it, and the holder notices.
            assertThat(database.terminatePoolConnections()).isPositive();
            assertThat(second.isHeld()).isFalse();
            assertThat(first.tryAcquire()).isTrue();
            assertThat(second.tryAcquire()).isFalse();
        }
    }

    private static void append(PostgresEventStore store, int count) {
        for (int i = 0; i < count; i++) {
            store.append(StreamId.of("acc-" + (i % 7)), ExpectedVersion.any(), EventData.of("E", "{}"));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread readLines(Process child, AtomicReference<String> last) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    last.set(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
