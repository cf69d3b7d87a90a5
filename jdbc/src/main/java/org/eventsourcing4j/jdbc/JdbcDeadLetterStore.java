package org.eventsourcing4j.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.projection.ParkedEvent;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.store.spi.MetadataJson;

/**
 * Parked events in a table of the event store's database (SQL common to SQLite and
 * PostgreSQL), with the whole envelope, so they can be listed and replayed after the fix.
 */
public final class JdbcDeadLetterStore implements DeadLetterStore {
    private final JdbcTransactions transactions;
    private final String table;

    /** Parked events in {@code table}, its schema recorded in the history beside it ({@link SchemaMigrations#besides}). */
    public JdbcDeadLetterStore(JdbcTransactions transactions, String table) {
        this(transactions, table, SchemaMigrations.besides(table));
    }

    /** Parked events in {@code table}, its schema recorded in {@code history}. */
    public JdbcDeadLetterStore(JdbcTransactions transactions, String table, SchemaMigrations history) {
        this.transactions = Checks.notNull(transactions, "transactions");
        this.table = SqlIdentifier.table(table);
        Checks.notNull(history, "schema history");
        transactions.useTransaction(c -> history.migrate(c, transactions.dialect(), this.table, migrations(this.table)));
    }

    /** The table's schema, step by step. */
    public static List<Migration> migrations(String table) {
        return List.of(Migration.of(1, "dead-letter table", "create table " + SqlIdentifier.table(table)
                + " (projection varchar(200) not null, event_id varchar(36) not null,"
                + " stream_id varchar(200) not null, version bigint not null, tx_id bigint not null,"
                + " position bigint not null, event_type varchar(200) not null, revision integer not null,"
                + " data text not null, metadata text not null, recorded_at_micros bigint not null,"
                + " error text not null, attempts integer not null, parked_at_micros bigint not null,"
                + " primary key (projection, event_id))"));
    }

    @Override
    public void park(ParkedEvent parked) {
        Checks.notNull(parked, "parked event");
        transactions.useTransaction(c -> park(c, parked));
    }

    /** Parks {@code parked} in the caller's transaction; parking an event again updates its error and attempts. */
    public void park(Connection connection, ParkedEvent parked) throws SQLException {
        RecordedEvent e = parked.event();
        try (PreparedStatement upsert = connection.prepareStatement("insert into " + table
                + " (projection, event_id, stream_id, version, tx_id, position, event_type, revision, data,"
                + " metadata, recorded_at_micros, error, attempts, parked_at_micros)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (projection, event_id) do update set error = excluded.error,"
                + " attempts = excluded.attempts, parked_at_micros = excluded.parked_at_micros")) {
            upsert.setString(1, parked.projection());
            upsert.setString(2, e.eventId().toString());
            upsert.setString(3, e.streamId().value());
            upsert.setLong(4, e.version());
            upsert.setLong(5, e.logPosition().txId());
            upsert.setLong(6, e.logPosition().position());
            upsert.setString(7, e.type());
            upsert.setInt(8, e.revision());
            upsert.setString(9, e.dataAsString());
            upsert.setString(10, e.metadata().isEmpty() ? "{}" : MetadataJson.encode(e.metadata()));
            upsert.setLong(11, micros(e.recordedAt()));
            upsert.setString(12, parked.error());
            upsert.setInt(13, parked.attempts());
            upsert.setLong(14, micros(parked.parkedAt()));
            upsert.executeUpdate();
        }
    }

    @Override
    public List<ParkedEvent> list(String projection) {
        Checks.notNull(projection, "projection");
        return transactions.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select event_id, stream_id, version, tx_id, position,"
                    + " event_type, revision, data, metadata, recorded_at_micros, error, attempts, parked_at_micros"
                    + " from " + table + " where projection = ? order by tx_id, position")) {
                select.setString(1, projection);
                List<ParkedEvent> parked = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        parked.add(read(projection, row));
                    }
                }
                return parked;
            }
        });
    }

    /** How many events each projection has parked, by projection name (projections without any are absent). */
    public java.util.Map<String, Long> counts() {
        return transactions.inTransaction(c -> {
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            try (PreparedStatement select = c.prepareStatement(
                    "select projection, count(*) from " + table + " group by projection");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    counts.put(row.getString(1), row.getLong(2));
                }
            }
            return counts;
        });
    }

    @Override
    public boolean remove(String projection, UUID eventId) {
        Checks.notNull(projection, "projection");
        Checks.notNull(eventId, "event id");
        return transactions.inTransaction(c -> remove(c, projection, eventId));
    }

    /** Removes a parked event in the caller's transaction; false when it was not parked. */
    public boolean remove(Connection connection, String projection, UUID eventId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from " + table + " where projection = ? and event_id = ?")) {
            delete.setString(1, projection);
            delete.setString(2, eventId.toString());
            return delete.executeUpdate() > 0;
        }
    }

    /** Whether these parked events live in the database of {@code other}, so both can change in one transaction. */
    public boolean sharesTransactionsWith(JdbcTransactions other) {
        return transactions == other;
    }

    private static ParkedEvent read(String projection, ResultSet row) throws SQLException {
        RecordedEvent event = new RecordedEvent(UUID.fromString(row.getString(1)), row.getString(6),
                StreamId.of(row.getString(2)), row.getLong(3), new LogPosition(row.getLong(4), row.getLong(5)),
                instant(row.getLong(10)), row.getInt(7), row.getString(8).getBytes(StandardCharsets.UTF_8),
                MetadataJson.decode(row.getString(9)));
        return new ParkedEvent(projection, event, row.getString(11), row.getInt(12), instant(row.getLong(13)));
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
