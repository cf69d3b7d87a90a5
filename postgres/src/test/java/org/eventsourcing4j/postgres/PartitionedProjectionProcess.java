package org.eventsourcing4j.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.jdbc.JdbcSegmentTarget;
import org.eventsourcing4j.projection.PartitionOptions;
import org.eventsourcing4j.projection.PartitionedProjection;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.SegmentClaim;

/**
 * One application instance of {@link MultiProcessPartitionedProjectionTest}: runs its share of
 * the partitioned projection and prints {@code SEGMENTS [..]} lines until it is killed.
 *
 * <p>Arguments: JDBC URL, schema, instance name, segments, heartbeat millis, claim timeout millis.
 */
public final class PartitionedProjectionProcess {
    static final String NAME = "balances";

    private PartitionedProjectionProcess() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        String instance = args[2];
        int segments = Integer.parseInt(args[3]);
        Duration heartbeat = Duration.ofMillis(Long.parseLong(args[4]));
        Duration timeout = Duration.ofMillis(Long.parseLong(args[5]));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(12);
        config.addDataSourceProperty("ApplicationName", "es4j-test-child-" + schema);
        try (HikariDataSource dataSource = new HikariDataSource(config);
             PostgresEventStore store = PostgresEventStore.create(dataSource, PostgresOptions.DEFAULTS
                     .withSchema(PostgresSchema.of(schema, "es_")).withHorizonWait(Duration.ofMillis(50)));
             PartitionedProjection projection = open(store, schema, instance, segments, heartbeat, timeout)) {
            projection.start();
            while (true) {
                System.out.println("SEGMENTS " + projection.localSegments());
                System.out.flush();
                Thread.sleep(100);
            }
        }
    }

    /** The read model and claims both processes share: one row per event (with the times applied) and per stream. */
    static PartitionedProjection open(PostgresEventStore store, String schema, String instance, int segments,
                                      Duration heartbeat, Duration timeout) throws SQLException {
        JdbcSegmentClaims claims = claims(store, schema);
        return PartitionedProjection.create(NAME, store, claims,
                JdbcSegmentTarget.factory(store, claims, claim -> (event, c) -> apply(c, schema, claim, event),
                        c -> {
                            try (Statement delete = c.createStatement()) {
                                delete.execute("delete from " + schema + ".applied");
                                delete.execute("delete from " + schema + ".streams");
                            }
                        }),
                ProjectionOptions.DEFAULTS.withBatchSize(100).withPollInterval(Duration.ofMillis(50)),
                new PartitionOptions(instance, segments, heartbeat, timeout));
    }

    static JdbcSegmentClaims claims(PostgresEventStore store, String schema) throws SQLException {
        store.useTransaction(c -> {
            try (Statement create = c.createStatement()) {
                create.execute("create table if not exists " + schema + ".applied (event_id uuid primary key,"
                        + " times integer not null, segment integer not null, epoch bigint not null)");
                create.execute("create table if not exists " + schema + ".streams (stream_id text primary key,"
                        + " events bigint not null, last_version bigint not null, out_of_order bigint not null)");
            }
        });
        JdbcCheckpointStore checkpoints = new JdbcCheckpointStore(store, schema + ".checkpoints");
        return new JdbcSegmentClaims(store, schema + ".segment_claims", checkpoints);
    }

    private static void apply(Connection connection, String schema, SegmentClaim claim,
                              org.eventsourcing4j.store.RecordedEvent event) throws SQLException {
        try (PreparedStatement applied = connection.prepareStatement("insert into " + schema + ".applied as applied"
                + " (event_id, times, segment, epoch) values (?, 1, ?, ?)"
                + " on conflict (event_id) do update set times = applied.times + 1");
             PreparedStatement stream = connection.prepareStatement("insert into " + schema
                     + ".streams as streams (stream_id, events, last_version, out_of_order) values (?, 1, ?, 0)"
                     + " on conflict (stream_id) do update set events = streams.events + 1,"
                     + " last_version = excluded.last_version, out_of_order = streams.out_of_order"
                     + " + case when streams.last_version + 1 = excluded.last_version then 0 else 1 end")) {
            applied.setObject(1, event.eventId());
            applied.setInt(2, claim.segment());
            applied.setLong(3, claim.epoch());
            applied.executeUpdate();
            stream.setString(1, event.streamId().value());
            stream.setLong(2, event.version());
            stream.executeUpdate();
        }
    }
}
