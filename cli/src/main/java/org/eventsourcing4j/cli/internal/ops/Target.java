package org.eventsourcing4j.cli.internal.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.postgres.HorizonStatus;
import org.eventsourcing4j.support.Checks;

/**
 * The store an operator's tool works on, with what only some stores have: the held-back
 * horizon (PostgreSQL), and a data source for work in the caller's transaction (import).
 *
 * @param description where it is, for messages (never a password)
 * @param horizon     the horizon's status, on PostgreSQL
 */
public record Target(JdbcEventStore store, String description, Optional<Supplier<HorizonStatus>> horizon,
                     DataSource dataSource, AutoCloseable resources) implements AutoCloseable {

    public Target {
        Checks.notNull(store, "store");
        Checks.notNull(description, "description");
        Checks.notNull(horizon, "horizon");
        Checks.notNull(dataSource, "data source");
        Checks.notNull(resources, "resources");
    }

    /** A connection of the store's database with auto-commit off, for appends in one transaction. */
    public Connection transaction() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            try {
                resources.close();
            } catch (Exception e) {
                // closing a pool at exit decides nothing
            }
        }
    }
}
