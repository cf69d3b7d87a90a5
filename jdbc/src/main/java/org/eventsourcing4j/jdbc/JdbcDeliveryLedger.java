package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.publishing.ConsumedEventSink;
import org.eventsourcing4j.publishing.DeduplicatingHandler;
import org.eventsourcing4j.publishing.DeliveryLedger;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Text;

/**
 * A consumer's ledger in a table of its own database: one row per consumer and stream,
 * so it stays as small as the number of streams. {@link #sink} applies an event to a read
 * model in the same database and records it in one transaction: a consumer that crashes
 * anywhere neither loses nor applies twice (exactly-once effect from an at-least-once
 * broker).
 *
 * <p>Table: {@code (consumer varchar(200), stream_id varchar(200), version bigint,
 * event_id varchar(36), primary key (consumer, stream_id))}, created and upgraded by
 * versioned {@link #migrations(String) migrations} recorded in the history table beside it
 * ({@link SchemaMigrations#besides}).
 */
public final class JdbcDeliveryLedger implements DeliveryLedger {
    private final JdbcTransactions transactions;
    private final String table;

    /** The ledger in {@code table}, its schema recorded in the history beside it ({@link SchemaMigrations#besides}). */
    public JdbcDeliveryLedger(JdbcTransactions transactions, String table) {
        this(transactions, table, SchemaMigrations.besides(table));
    }

    /** The ledger in {@code table}, its schema recorded in {@code history}. */
    public JdbcDeliveryLedger(JdbcTransactions transactions, String table, SchemaMigrations history) {
        this.transactions = Checks.notNull(transactions, "transactions");
        this.table = SqlIdentifier.table(table);
        Checks.notNull(history, "schema history");
        transactions.useTransaction(c -> history.migrate(c, transactions.dialect(), this.table, migrations(this.table)));
    }

    /** The table's schema, step by step. */
    public static List<Migration> migrations(String table) {
        return List.of(Migration.of(1, "delivery ledger table", "create table " + SqlIdentifier.table(table)
                + " (consumer varchar(200) not null, stream_id varchar(200) not null, version bigint not null,"
                + " event_id varchar(36) not null, primary key (consumer, stream_id))"));
    }

    /** A sink that runs {@code handler} on the read model and records the event in one transaction; duplicates are dropped. */
    public ConsumedEventSink sink(String consumer, JdbcEventHandler handler) {
        Text.identifier(consumer, "consumer name", 200);
        Checks.notNull(handler, "handler");
        return event -> transactions.inTransaction(c -> {
            if (DeduplicatingHandler.isDuplicate(last(c, consumer, event.streamId()), event)) {
                return false;
            }
            handler.handle(event, c);
            record(c, consumer, event);
            return true;
        });
    }

    @Override
    public Applied last(String consumer, StreamId stream) {
        Checks.notNull(consumer, "consumer");
        Checks.notNull(stream, "stream");
        return transactions.inTransaction(c -> last(c, consumer, stream));
    }

    @Override
    public void record(String consumer, RecordedEvent event) {
        Checks.notNull(consumer, "consumer");
        Checks.notNull(event, "event");
        transactions.useTransaction(c -> record(c, consumer, event));
    }

    @Override
    public void reset(String consumer) {
        Checks.notNull(consumer, "consumer");
        transactions.useTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from " + table + " where consumer = ?")) {
                delete.setString(1, consumer);
                delete.executeUpdate();
            }
        });
    }

    /** The last event of {@code stream} that {@code consumer} applied, in the caller's transaction; null when none. */
    public Applied last(Connection connection, String consumer, StreamId stream) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select version, event_id from " + table + " where consumer = ? and stream_id = ?")) {
            select.setString(1, consumer);
            select.setString(2, stream.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Applied(row.getLong(1), UUID.fromString(row.getString(2))) : null;
            }
        }
    }

    /** Records in the caller's transaction that {@code consumer} applied {@code event}. */
    public void record(Connection connection, String consumer, RecordedEvent event) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("insert into " + table
                + " (consumer, stream_id, version, event_id) values (?, ?, ?, ?) on conflict (consumer, stream_id)"
                + " do update set version = excluded.version, event_id = excluded.event_id")) {
            upsert.setString(1, consumer);
            upsert.setString(2, event.streamId().value());
            upsert.setLong(3, event.version());
            upsert.setString(4, event.eventId().toString());
            upsert.executeUpdate();
        }
    }
}
