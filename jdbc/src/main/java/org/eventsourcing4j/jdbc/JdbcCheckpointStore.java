package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.projection.CheckpointStore;

/**
 * Checkpoints in a table of the event store's database (SQLite or PostgreSQL: the SQL is
 * common to both). {@link #compareAndSet(Connection, String, LogPosition, LogPosition)}
 * runs inside a caller's transaction, so a read model and its checkpoint commit together.
 *
 * <p>Table: {@code (name varchar(200) primary key, tx_id bigint, position bigint)}, created
 * and upgraded by versioned {@link #migrations(String) migrations} recorded in the history table beside it
 * ({@link SchemaMigrations#besides}).
 */
public final class JdbcCheckpointStore implements CheckpointStore {
    private final JdbcTransactions transactions;
    private final String table;

    /** Checkpoints in {@code table}, its schema recorded in the history beside it ({@link SchemaMigrations#besides}). */
    public JdbcCheckpointStore(JdbcTransactions transactions, String table) {
        this(transactions, table, SchemaMigrations.besides(table));
    }

    /** Checkpoints in {@code table}, its schema recorded in {@code history}. */
    public JdbcCheckpointStore(JdbcTransactions transactions, String table, SchemaMigrations history) {
        this.transactions = Checks.notNull(transactions, "transactions");
        this.table = SqlIdentifier.table(table);
        Checks.notNull(history, "schema history");
        transactions.useTransaction(c -> history.migrate(c, transactions.dialect(), this.table, migrations(this.table)));
    }

    /** The table's name (schema-qualified where it was given so). */
    public String table() {
        return table;
    }

    /** The table's schema, step by step. */
    public static List<Migration> migrations(String table) {
        return List.of(Migration.of(1, "checkpoint table", "create table " + SqlIdentifier.table(table)
                + " (name varchar(200) primary key, tx_id bigint not null, position bigint not null)"));
    }

    @Override
    public LogPosition load(String name) {
        Checks.notNull(name, "name");
        return transactions.inTransaction(c -> load(c, name));
    }

    /** Every stored checkpoint, by name. */
    public java.util.Map<String, LogPosition> all() {
        return transactions.inTransaction(c -> {
            java.util.Map<String, LogPosition> all = new java.util.TreeMap<>();
            try (PreparedStatement select = c.prepareStatement("select name, tx_id, position from " + table);
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    all.put(row.getString(1), new LogPosition(row.getLong(2), row.getLong(3)));
                }
            }
            return all;
        });
    }

    @Override
    public boolean compareAndSet(String name, LogPosition expected, LogPosition next) {
        Checks.notNull(name, "name");
        return transactions.inTransaction(c -> compareAndSet(c, name, expected, next));
    }

    @Override
    public void reset(String name) {
        Checks.notNull(name, "name");
        transactions.useTransaction(c -> reset(c, name));
    }

    public LogPosition load(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select tx_id, position from " + table + " where name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new LogPosition(row.getLong(1), row.getLong(2)) : LogPosition.START;
            }
        }
    }

    /**
     * Moves the checkpoint in the caller's transaction if it is still {@code expected}. The
     * update takes the row's write lock, so two instances cannot both succeed.
     */
    public boolean compareAndSet(Connection connection, String name, LogPosition expected, LogPosition next)
            throws SQLException {
        Checks.notNull(expected, "expected");
        Checks.notNull(next, "next");
        try (PreparedStatement update = connection.prepareStatement("update " + table
                + " set tx_id = ?, position = ? where name = ? and tx_id = ? and position = ?")) {
            update.setLong(1, next.txId());
            update.setLong(2, next.position());
            update.setString(3, name);
            update.setLong(4, expected.txId());
            update.setLong(5, expected.position());
            if (update.executeUpdate() == 1) {
                return true;
            }
        }
        if (!expected.equals(LogPosition.START)) {
            return false;
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into " + table
                + " (name, tx_id, position) values (?, ?, ?) on conflict (name) do nothing")) {
            insert.setString(1, name);
            insert.setLong(2, next.txId());
            insert.setLong(3, next.position());
            return insert.executeUpdate() == 1;
        }
    }

    public void reset(Connection connection, String name) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from " + table + " where name = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        }
    }
}
