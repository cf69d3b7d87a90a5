package org.eventsourcing4j.benchmarks.dcb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.Decision;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;

/**
 * Whether conditional appends stay fast in sessions whose generic plans were made while the
 * events table was small: a store appends 50 times on a new table (autovacuum off for it),
 * then 200,000 tagged events are inserted with SQL, and the same store (its sessions, their
 * plans) and a new store (new sessions) time three kinds of DCB appends; then an analyze.
 * Milliseconds per operation, one thread; see docs/dcb.md.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.eventsourcing4j.benchmarks.dcb.StalePlanProbe
 * </pre>
 */
public final class StalePlanProbe {
    private static final String URL = System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL",
            "jdbc:postgresql://localhost:5432/test?user=postgres");

    private StalePlanProbe() {
    }

    public static void main(String[] args) throws Exception {
        String schema = "dcbplan_" + UUID.randomUUID().toString().substring(0, 6);
        exec("create schema " + schema);
        try {
            PostgresEventStore old = open(schema);
            exec("alter table " + schema + ".es_events set (autovacuum_enabled = false)");
            System.out.println("tiny table, old store: " + run(old, "tiny", 50));
            exec("insert into " + schema + ".es_events (stream_id, version, event_id, event_type, revision, data, recorded_at, tags)"
                + " select 'bulk-' || (i / 1000), i % 1000 + 1, gen_random_uuid(), 'Paid', 1, '{}'::jsonb, now(),"
                + " array['series:bulk-' || (i / 100)] from generate_series(0, 199999) i");
            System.out.println("after bulk insert of 200,000 rows (no analyze)");
            for (int r = 0; r < 2; r++) {
                System.out.println(" old store (plans made on the tiny table): " + run(old, "o" + r, 300));
                PostgresEventStore fresh = open(schema);
                System.out.println(" new store (new sessions):                 " + run(fresh, "n" + r, 300));
                fresh.close();
            }
            exec("analyze " + schema + ".es_events");
            System.out.println("after analyze");
            System.out.println(" old store: " + run(old, "oa", 300));
            old.close();
        } finally {
            POOLS.forEach(HikariDataSource::close);
            exec("drop schema " + schema + " cascade");
        }
    }
    /** A store on a pool of its own (3 connections, so its sessions are reused); closing the store leaves the pool. */
    private static PostgresEventStore open(String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL);
        config.setMaximumPoolSize(3);
        HikariDataSource pool = new HikariDataSource(config);
        POOLS.add(pool);
        return PostgresEventStore.create(pool, PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(schema, "es_")));
    }

    private static final java.util.List<HikariDataSource> POOLS = new java.util.ArrayList<>();
    /** ms per op for: conditional append after own last position (recent path), from START (index path), decide+append. */
    private static String run(PostgresEventStore store, String prefix, int n) {
        ConsistencyBoundaries dcb = store.consistencyBoundaries().orElseThrow();
        long t0 = System.nanoTime();
        LogPosition last = LogPosition.START;
        String tag = "series:" + prefix + "-recent";
        for (int i = 0; i < n; i++) {
            last = dcb.append(AppendBatch.of(StreamId.of(prefix + "-r-" + i), ExpectedVersion.any(),
                    EventData.of("Paid", "{}").withTags(tag)), new AppendCondition(EventQuery.of(QueryItem.tags(tag)), last)).lastPosition();
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String fresh = "series:" + prefix + "-start-" + i;
            dcb.append(AppendBatch.of(StreamId.of(prefix + "-s-" + i), ExpectedVersion.any(),
                    EventData.of("Paid", "{}").withTags(fresh)), new AppendCondition(EventQuery.of(QueryItem.tags(fresh)), LogPosition.START));
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String t = "series:bulk-" + (i % 2000);
            Decision d = dcb.decide(EventQuery.of(QueryItem.tags(t)));
            dcb.append(AppendBatch.of(StreamId.of(prefix + "-d-" + i), ExpectedVersion.any(),
                    EventData.of("Paid", "{}").withTags(t)), d.condition());
        }
        long t3 = System.nanoTime();
        return String.format(Locale.ROOT, "recent %.3f ms, from start %.3f ms, decide+append on a 100-event tag %.3f ms",
                (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n);
    }
    private static void exec(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
