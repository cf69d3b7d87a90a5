package org.eventsourcing4j.benchmarks.partition;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.benchmarks.sidebyside.CpuProbe;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcPageHandler;
import org.eventsourcing4j.jdbc.JdbcProjectionTarget;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.jdbc.JdbcSegmentTarget;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.projection.PartitionOptions;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * Catch-up throughput of a replay on PostgreSQL: {@code -Dpartition.events} events
 * (default 200,000) over 2,000 streams, replayed into a balance table (one upsert per
 * event, sent as one JDBC batch per page through a {@link JdbcPageHandler}) by a plain
 * {@link ProjectionRunner} (the baseline: one thread, one checkpoint) and by a
 * {@link PartitionedProjection} with 1, 2 and 4 segments, all in this JVM, alternating,
 * {@code -Dpartition.rounds} rounds. Prints events/s and this JVM's CPU per event.
 *
 * <p>Arguments: none; {@code -Dpartition.url} (default the test server),
 * {@code -Dpartition.segments=0,1,2,4} (0 is the plain runner), {@code -Dpartition.handler=each}
 * for one statement and round trip per event instead of a batch per page.
 */
public final class CatchUpBenchmark {
    private CatchUpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("partition.url", "jdbc:postgresql://localhost:5432/test?user=postgres");
        int events = Integer.getInteger("partition.events", 200_000);
        int rounds = Integer.getInteger("partition.rounds", 1);
        boolean batched = !"each".equals(System.getProperty("partition.handler", "batch"));
        int[] runs = java.util.Arrays.stream(System.getProperty("partition.segments", "0,1,2,4").split(","))
                .mapToInt(Integer::parseInt).toArray();
        String schema = "es4j_bench_partition_" + UUID.randomUUID().toString().substring(0, 8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(16);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            execute(dataSource, "create schema " + schema);
            try (PostgresEventStore store = PostgresEventStore.create(dataSource,
                    PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(schema, "es_")))) {
                long started = System.nanoTime();
                for (int i = 0; i < events; i += 100) {
                    List<EventData> batch = new ArrayList<>();
                    for (int j = 0; j < 100; j++) {
                        batch.add(EventData.of("Deposited", "{\"amount\":" + (i + j) + "}"));
                    }
                    store.append(StreamId.of("account-" + (i / 100 % 2000)), ExpectedVersion.any(), batch);
                }
                LogPosition last = store.lastCommittedPosition();
                System.out.printf("appended %,d events in %.1f s; load average %s; handler: %s%n", events,
                        (System.nanoTime() - started) / 1e9, loadAverage(),
                        batched ? "one JDBC batch per page" : "one statement per event");
                JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(store, schema + ".checkpoints");
                JdbcSegmentClaims claims = new JdbcSegmentClaims(store, schema + ".claims", checkpoints);
                int run = 0;
                for (int round = 1; round <= rounds; round++) {
                    for (int segments : runs) {
                        run++;
                        String table = schema + ".balances_" + run;
                        execute(dataSource, "create table " + table + " (stream_id text primary key, events bigint not null,"
                                + " last_position bigint not null)");
                        String upsert = "insert into " + table + " (stream_id, events, last_position) values (?, 1, ?)"
                                + " on conflict (stream_id) do update set events = " + table + ".events + 1,"
                                + " last_position = excluded.last_position";
                        JdbcPageHandler handler = batched ? (page, c) -> upsertBatch(c, upsert, page)
                                : JdbcPageHandler.eachEvent((event, c) -> upsert(c, upsert, event));
                        ProjectionOptions options = ProjectionOptions.DEFAULTS.withBatchSize(500)
                                .withPollInterval(Duration.ofMillis(100));
                        long cpu = CpuProbe.jvmNanos();
                        long start = System.nanoTime();
                        if (segments == 0) {
                            String name = "plain_" + run;
                            try (ProjectionRunner runner = ProjectionRunner.create(name, store,
                                    JdbcProjectionTarget.ofPages(name, store, checkpoints, handler, c -> { }), options)) {
                                runner.start();
                                if (!runner.awaitProcessed(last, Duration.ofMinutes(30))) {
                                    throw new IllegalStateException("baseline did not catch up: " + runner.status());
                                }
                            }
                        } else {
                            String name = "partitioned_" + run;
                            try (PartitionedProjection projection = PartitionedProjection.create(name, store, claims,
                                    JdbcSegmentTarget.pageFactory(store, claims, claim -> handler, c -> { }), options,
                                    PartitionOptions.of("bench", segments))) {
                                projection.start();
                                if (!projection.awaitProcessed(last, Duration.ofMinutes(30))) {
                                    throw new IllegalStateException("partitioned did not catch up: " + projection.status());
                                }
                            }
                        }
                        double seconds = (System.nanoTime() - start) / 1e9;
                        double cpuMicros = (CpuProbe.jvmNanos() - cpu) / 1e3 / events;
                        System.out.printf("round %d %-22s %,9.0f events/s  %6.1f s  JVM CPU %5.1f µs/event"
                                        + "  load average %s%n", round,
                                segments == 0 ? "baseline (runner)" : segments + " segment(s)", events / seconds,
                                seconds, cpuMicros, loadAverage());
                        long rows = count(dataSource, "select coalesce(sum(events), 0) from " + table);
                        if (rows != events) {
                            throw new IllegalStateException("read model has " + rows + " events, expected " + events);
                        }
                    }
                }
            } finally {
                execute(dataSource, "drop schema " + schema + " cascade");
            }
        }
    }

    /** What a user who knows JDBC writes with a page handler: one prepared statement, one batch, one round trip. */
    private static void upsertBatch(Connection c, String sql, List<RecordedEvent> page) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (RecordedEvent event : page) {
                statement.setString(1, event.streamId().value());
                statement.setLong(2, event.logPosition().position());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void upsert(Connection c, String sql, RecordedEvent event) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, event.streamId().value());
            statement.setLong(2, event.logPosition().position());
            statement.executeUpdate();
        }
    }

    private static String loadAverage() {
        return String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    private static void execute(HikariDataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(HikariDataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
