package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.JdbcRecordingProjection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transaction that appended and stays open holds the global log's horizon back: the
 * projection must neither skip past its events nor deliver what committed after it, keep
 * running, and say in its status which backend it waits for. Once it commits, everything
 * arrives exactly once, in log order.
 */
class HeldHorizonProjectionTest {
    private static PgTestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("horizon");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void a_projection_waits_for_an_open_appending_transaction_and_names_it() throws Exception {
        try (PostgresEventStore store = database.store(database.options("es_").withClock(Clock.systemUTC()).withHorizonWait(Duration.ofMillis(100)))) {
            JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(store, database.schema + ".checkpoints");
            JdbcRecordingProjection projection = new JdbcRecordingProjection("held", store, checkpoints,
                    database.schema + ".recorded");
            List<UUID> before = append(store, "early", 3);
            try (ProjectionRunner runner = ProjectionRunner.create("held", store, projection.target(), ProjectionOptions.DEFAULTS.withPollInterval(Duration.ofMillis(50)))) {
                runner.start();
                Eventually.until(Duration.ofSeconds(20), () -> projection.applied().size() == 3,
                        () -> "applied " + projection.applied());

                try (Connection blocker = database.connect()) {
                    blocker.setAutoCommit(false);
                    int blockerPid = backendPid(blocker);
                    EventData slow = EventData.of("Slow", "{}");
                    store.appendInTransaction(blocker, AppendBatch.of(StreamId.of("slow"), ExpectedVersion.any(), slow));
                    List<UUID> after = append(store, "late", 5);

                    Eventually.until(Duration.ofSeconds(20), () -> {
                        String waiting = runner.status().waitingFor();
                        return waiting != null && waiting.contains("backend pid " + blockerPid);
                    }, () -> "status " + runner.status());
                    ProjectionStatus status = runner.status();
                    assertThat(status.state()).isEqualTo(ProjectionStatus.State.RUNNING);
                    assertThat(status.waitingFor()).contains("held back");
                    assertThat(store.readDelay()).hasValueSatisfying(d -> {
                        assertThat(d.reason()).contains("pid " + blockerPid);
                        assertThat(d.age()).isPositive();
                    });
                    // The true lag: the events committed behind the open transaction count, and so
                    // does how long it has held the log back (it was zero while the head was read
                    // below the horizon).
                    assertThat(status.lagEvents()).as("events committed above the horizon").isPositive();
                    assertThat(status.head()).isEqualTo(store.lastCommittedPosition())
                            .isGreaterThan(store.headPosition());
                    assertThat(status.heldBackFor()).isPositive();
                    assertThat(status.lag()).isGreaterThanOrEqualTo(status.heldBackFor());
                    // Events committed after the open transaction began are not delivered past it.
                    assertThat(projection.applied()).containsExactlyElementsOf(before);
                    assertThat(after).doesNotContainAnyElementsOf(projection.applied());

                    blocker.commit();
                }
                Eventually.until(Duration.ofSeconds(20), () -> projection.applied().size() == 9,
                        () -> "applied " + projection.applied().size() + ", status " + runner.status());
                List<UUID> log = new ArrayList<>();
                for (RecordedEvent event : Eventually.log(store, 9)) {
                    log.add(event.eventId());
                }
                assertThat(log).hasSize(9);
                assertThat(projection.applied()).containsExactlyElementsOf(log);
                // Once nothing holds the log back the status says so (other sessions on a shared
                // server may hold it for a moment, hence the wait).
                Eventually.until(Duration.ofSeconds(20),
                        () -> runner.status().waitingFor() == null && store.readDelay().isEmpty(),
                        () -> "status " + runner.status() + ", read delay " + store.readDelay());
            }
        }
    }

    private static List<UUID> append(PostgresEventStore store, String stream, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EventData event = EventData.of("E", "{}");
            store.append(StreamId.of(stream), ExpectedVersion.any(), event);
            ids.add(event.eventId());
        }
        return ids;
    }

    static int backendPid(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
