package org.eventsourcing4j.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.support.Checks;

/**
 * Snapshots in a table of the event store's database; the SQL is common to SQLite and
 * PostgreSQL. The state is stored as text holding JSON, readable with any SQL client;
 * instants as microseconds since the epoch, as the dead-letter table does.
 *
 * <p>Table, created and upgraded by versioned {@link #migrations(String) migrations}: {@code (stream_id varchar(200), version bigint,
 * snapshot_type varchar(200), revision integer, data text, recorded_until_micros bigint,
 * taken_at_micros bigint, primary key (stream_id, version))}. Deleting a snapshot type scans
 * the table; it is an occasional maintenance operation.
 */
public final class JdbcSnapshotStore implements SnapshotStore {
    private static final String COLUMNS =
            "version, snapshot_type, revision, data, recorded_until_micros, taken_at_micros";

    private final JdbcTransactions transactions;
    private final String table;
    private final int retained;

    /** Keeps {@link #DEFAULT_RETAINED_PER_STREAM} snapshots per stream. */
    public JdbcSnapshotStore(JdbcTransactions transactions, String table) {
        this(transactions, table, DEFAULT_RETAINED_PER_STREAM, SchemaMigrations.besides(table));
    }

    /** @param retainedPerStream how many of each stream's newest snapshots to keep, at least 1 */
    public JdbcSnapshotStore(JdbcTransactions transactions, String table, int retainedPerStream) {
        this(transactions, table, retainedPerStream, SchemaMigrations.besides(table));
    }

    /**
     * @param retainedPerStream how many of each stream's newest snapshots to keep, at least 1
     * @param history           where the table's schema version is recorded
     */
    public JdbcSnapshotStore(JdbcTransactions transactions, String table, int retainedPerStream,
                             SchemaMigrations history) {
        this.transactions = Checks.notNull(transactions, "transactions");
        this.table = SqlIdentifier.table(table);
        if (retainedPerStream < 1) {
            throw new InvalidArgumentException("retained per stream", "must be at least 1, got " + retainedPerStream);
        }
        this.retained = retainedPerStream;
        Checks.notNull(history, "schema history");
        transactions.useTransaction(c -> history.migrate(c, transactions.dialect(), this.table, migrations(this.table)));
    }

    /** The table's schema, step by step. */
    public static List<Migration> migrations(String table) {
        return List.of(Migration.of(1, "snapshot table", "create table " + SqlIdentifier.table(table)
                + " (stream_id varchar(200) not null, version bigint not null,"
                + " snapshot_type varchar(200) not null, revision integer not null, data text not null,"
                + " recorded_until_micros bigint not null, taken_at_micros bigint not null,"
                + " primary key (stream_id, version))"));
    }

    @Override
    public void save(Snapshot snapshot) {
        Checks.notNull(snapshot, "snapshot");
        transactions.useTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement("insert into " + table
                    + " (stream_id, " + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)"
                    + " on conflict (stream_id, version) do update set snapshot_type = excluded.snapshot_type,"
                    + " revision = excluded.revision, data = excluded.data,"
                    + " recorded_until_micros = excluded.recorded_until_micros,"
                    + " taken_at_micros = excluded.taken_at_micros")) {
                upsert.setString(1, snapshot.stream().value());
                upsert.setLong(2, snapshot.version());
                upsert.setString(3, snapshot.type());
                upsert.setInt(4, snapshot.revision());
                upsert.setString(5, snapshot.dataAsString());
                upsert.setLong(6, micros(snapshot.recordedUntil()));
                upsert.setLong(7, micros(snapshot.takenAt()));
                upsert.executeUpdate();
            }
            // Keep the newest `retained`: delete what is older than the oldest of them.
            try (PreparedStatement prune = c.prepareStatement("delete from " + table
                    + " where stream_id = ? and version < (select min(version) from (select version from " + table
                    + " where stream_id = ? order by version desc limit ?) newest)")) {
                prune.setString(1, snapshot.stream().value());
                prune.setString(2, snapshot.stream().value());
                prune.setInt(3, retained);
                prune.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Snapshot> loadLatest(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return selectOne(stream, "", null);
    }

    @Override
    public Optional<Snapshot> loadLatestAtOrBefore(StreamId stream, long version) {
        Checks.notNull(stream, "stream id");
        return selectOne(stream, " and version <= ?", version);
    }

    @Override
    public Optional<Snapshot> loadLatestRecordedBy(StreamId stream, Instant instant) {
        Checks.notNull(stream, "stream id");
        Checks.notNull(instant, "instant");
        // Clamped as StreamQuery clamps: no snapshot was recorded outside the range.
        return selectOne(stream, " and recorded_until_micros <= ?", micros(Limits.clampRecordedAt(instant)));
    }

    @Override
    public boolean delete(StreamId stream, long version) {
        Checks.notNull(stream, "stream id");
        return transactions.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "delete from " + table + " where stream_id = ? and version = ?")) {
                delete.setString(1, stream.value());
                delete.setLong(2, version);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public long deleteStream(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return deleteWhere("stream_id", stream.value());
    }

    @Override
    public long deleteAllOfType(String snapshotType) {
        Checks.notNull(snapshotType, "snapshot type");
        return deleteWhere("snapshot_type", snapshotType);
    }

    private long deleteWhere(String column, String value) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from " + table + " where " + column + " = ?")) {
                delete.setString(1, value);
                return (long) delete.executeUpdate();
            }
        });
    }

    /** The stream's snapshot with the highest version that meets {@code condition} (one parameter, or none). */
    private Optional<Snapshot> selectOne(StreamId stream, String condition, Long parameter) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select " + COLUMNS + " from " + table
                    + " where stream_id = ?" + condition + " order by version desc limit 1")) {
                select.setString(1, stream.value());
                if (parameter != null) {
                    select.setLong(2, parameter);
                }
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(stream, row)) : Optional.<Snapshot>empty();
                }
            }
        });
    }

    private static Snapshot read(StreamId stream, ResultSet row) throws SQLException {
        return new Snapshot(stream, row.getLong(1), row.getString(2), row.getInt(3),
                row.getString(4).getBytes(StandardCharsets.UTF_8), instant(row.getLong(5)), instant(row.getLong(6)));
    }

    private static long micros(Instant instant) {
        // Floored to whole microseconds first (recorded-at times have that precision), so that
        // "recorded_until_micros <= micros(instant)" means exactly "recordedUntil <= instant".
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant.truncatedTo(ChronoUnit.MICROS));
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
