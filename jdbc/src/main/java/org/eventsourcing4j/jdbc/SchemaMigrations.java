package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.support.Checks;

/**
 * Versioned schemas for the library's tables: each component (the events table, a
 * checkpoint table, …) has numbered {@link Migration}s, applied once each and recorded in a
 * history table {@code (component, version)}. A newer schema than the code knows is refused
 * rather than used.
 *
 * <p>{@link #migrate} runs in the caller's transaction and first takes the dialect's
 * migration lock ({@link SqlDialect#lockForMigration}), so several application instances
 * that start at once apply each step exactly once: the second waits, then finds it applied.
 */
public final class SchemaMigrations {
    /** The history table a table's schema is recorded in when nothing else is said: {@code es_schema} of its schema. */
    public static final String DEFAULT_HISTORY = "es_schema";

    private final String history;

    /** @param historyTable where versions are recorded, e.g. {@code es_schema} or {@code app.es_schema} */
    public SchemaMigrations(String historyTable) {
        this.history = SqlIdentifier.table(historyTable);
    }

    /** The migrations recorded in {@link #DEFAULT_HISTORY} of the schema {@code table} lives in. */
    public static SchemaMigrations besides(String table) {
        String name = SqlIdentifier.table(table);
        int dot = name.indexOf('.');
        return new SchemaMigrations(dot < 0 ? DEFAULT_HISTORY : name.substring(0, dot + 1) + DEFAULT_HISTORY);
    }

    public String historyTable() {
        return history;
    }

    /**
     * Applies the missing steps of {@code component} in the transaction on {@code connection}.
     *
     * @return the component's version afterwards: the last step's
     * @throws StorageException when the database holds a newer version than {@code migrations} know
     */
    public int migrate(Connection connection, SqlDialect dialect, String component, List<Migration> migrations)
            throws SQLException {
        check(component, migrations);
        dialect.lockForMigration(connection, history);
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists " + history
                    + " (component varchar(200) primary key, version integer not null)");
            int current = version(connection, component);
            int latest = latest(migrations);
            if (current > latest) {
                throw newer(component, current, latest);
            }
            for (Migration migration : migrations) {
                if (migration.version() > current) {
                    for (String sql : migration.statements()) {
                        statement.execute(sql);
                    }
                }
            }
            if (current < latest) {
                record(connection, component, current, latest);
            }
            return latest;
        }
    }

    /** Checks, changing nothing, that {@code component} is at the latest of {@code migrations}. */
    public void verify(Connection connection, String component, List<Migration> migrations) throws SQLException {
        check(component, migrations);
        int current = historyExists(connection) ? version(connection, component) : 0;
        int latest = latest(migrations);
        if (current > latest) {
            throw newer(component, current, latest);
        }
        if (current < latest) {
            throw new StorageException("the schema of '" + component + "' is at version " + current
                    + ", this library needs " + latest + " (recorded in " + history
                    + "); enable schema creation or run the migrations", null);
        }
    }

    /** The version recorded for {@code component}; 0 when none is. */
    public int version(Connection connection, String component) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select version from " + history + " where component = ?")) {
            select.setString(1, component);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        }
    }

    private void record(Connection connection, String component, int current, int latest) throws SQLException {
        String sql = current == 0
                ? "insert into " + history + " (version, component) values (?, ?)"
                : "update " + history + " set version = ? where component = ?";
        try (PreparedStatement write = connection.prepareStatement(sql)) {
            write.setInt(1, latest);
            write.setString(2, component);
            write.executeUpdate();
        }
    }

    private boolean historyExists(Connection connection) throws SQLException {
        int dot = history.indexOf('.');
        String schema = dot < 0 ? null : history.substring(0, dot);
        String table = history.substring(dot + 1);
        try (ResultSet tables = connection.getMetaData().getTables(null, schema, table, null)) {
            return tables.next();
        }
    }

    private static void check(String component, List<Migration> migrations) {
        Checks.notNull(component, "component");
        Checks.notNull(migrations, "migrations");
        if (migrations.isEmpty()) {
            throw new InvalidArgumentException("migrations", "must not be empty");
        }
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new InvalidArgumentException("migrations", "must be numbered 1, 2, 3, ...; step " + (i + 1)
                        + " of '" + component + "' has version " + migrations.get(i).version());
            }
        }
    }

    private static int latest(List<Migration> migrations) {
        return migrations.get(migrations.size() - 1).version();
    }

    private StorageException newer(String component, int current, int latest) {
        return new StorageException("the schema of '" + component + "' is at version " + current
                + " (recorded in " + history + "), newer than this library knows (" + latest
                + "); upgrade the library", null);
    }
}
