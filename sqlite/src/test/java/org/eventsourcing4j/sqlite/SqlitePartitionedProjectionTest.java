package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eventsourcing4j.jdbc.JdbcPageHandler;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.jdbc.JdbcSegmentTarget;
import org.eventsourcing4j.projection.PartitionOptions;
import org.eventsourcing4j.projection.PartitionStatus;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.SegmentLayout;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * All segments of a partitioned projection in one process on a real SQLite file, through the
 * same API as on PostgreSQL: the claims table beside the store, a read model committed with
 * each segment's checkpoint and fence, the number of segments changed twice while a writer
 * appends, then a rebuild. Every event must take effect exactly once: the ledger's primary key
 * is the event id and each row counts how often its event was applied.
 */
class SqlitePartitionedProjectionTest {
    @TempDir
    Path directory;

    @RepeatedTest(2)
    void all_segments_run_here_and_changing_their_number_while_appending_neither_skips_nor_repeats(
            ) throws Exception {
        try (SqliteEventStore store = SqliteEventStore.open(directory.resolve("events.db"))) {
            store.useTransaction(c -> execute(c, "create table ledger (event_id text primary key,"
                    + " stream_id text not null, version integer not null, applied integer not null)"));
            JdbcSegmentClaims claims = JdbcSegmentClaims.of(store);
            JdbcPageHandler handler = SqlitePartitionedProjectionTest::record;
            try (PartitionedProjection projection = PartitionedProjection.create("ledger", store, claims,
                    JdbcSegmentTarget.pageFactory(store, claims, claim -> handler, c -> execute(c, "delete from ledger")),
                    ProjectionOptions.DEFAULTS.withBatchSize(25).withPollInterval(Duration.ofMillis(20)),
                    PartitionOptions.of("solo", 4).withHeartbeat(Duration.ofMillis(50), Duration.ofSeconds(2)))) {
                projection.start();
                AtomicBoolean writing = new AtomicBoolean(true);
                CountDownLatch started = new CountDownLatch(1);
                Thread writer = new Thread(() -> {
                    for (int i = 0; writing.get() && i < 2_000; i++) {
                        store.append(StreamId.of("account-" + (i % 31)), ExpectedVersion.any(),
                                List.of(EventData.of("Deposited", "{}"), EventData.of("Deposited", "{}")));
                        started.countDown();
                    }
                });
                writer.start();
                started.await();
                Thread.sleep(100);

                SegmentLayout two = projection.resize(2);
                assertThat(two.priorSegments()).isEqualTo(4);
                awaitHandedOver(projection, store);
                SegmentLayout five = projection.resize(5);
                assertThat(five.generation()).isEqualTo(two.generation() + 1);
                Thread.sleep(100);
                writing.set(false);
                writer.join();

                LogPosition last = store.lastCommittedPosition();
                assertThat(projection.awaitProcessed(last, Duration.ofSeconds(60))).isTrue();
                assertExactlyOnce(store);
                PartitionStatus status = projection.status();
                assertThat(status.segments()).hasSize(5)
                        .allSatisfy(segment -> assertThat(segment.owner()).contains("solo"));
                assertThat(status.lagEvents()).isZero();

                projection.rebuild();
                assertThat(projection.awaitProcessed(last, Duration.ofSeconds(60))).isTrue();
                assertExactlyOnce(store);
            }
        }
    }

    /** Waits until every new segment has passed where the old generation stopped, so the next resize is accepted. */
    private static void awaitHandedOver(PartitionedProjection projection, SqliteEventStore store) throws Exception {
        assertThat(projection.awaitProcessed(store.lastCommittedPosition(), Duration.ofSeconds(60))).isTrue();
    }

    private static void record(List<RecordedEvent> page, Connection c) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("insert into ledger (event_id, stream_id, version, applied)"
                + " values (?, ?, ?, 1) on conflict (event_id) do update set applied = applied + 1")) {
            for (RecordedEvent event : page) {
                upsert.setString(1, event.eventId().toString());
                upsert.setString(2, event.streamId().value());
                upsert.setLong(3, event.version());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The ledger holds every event of the log once, applied once. */
    private static void assertExactlyOnce(SqliteEventStore store) {
        Map<String, Integer> ledger = new HashMap<>();
        store.useTransaction(c -> {
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("select event_id, applied from ledger")) {
                while (rows.next()) {
                    ledger.put(rows.getString(1), rows.getInt(2));
                }
            }
        });
        Map<String, Integer> log = new HashMap<>();
        LogPosition from = LogPosition.START;
        for (var page = store.readAll(from, 1_000); !page.isEmpty(); page = store.readAll(page.next(), 1_000)) {
            page.events().forEach(event -> log.put(event.eventId().toString(), 1));
        }
        assertThat(log).isNotEmpty();
        assertThat(ledger).isEqualTo(log);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}
