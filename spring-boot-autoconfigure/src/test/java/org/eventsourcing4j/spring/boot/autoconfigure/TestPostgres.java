package org.eventsourcing4j.spring.boot.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh schema on the shared PostgreSQL server ({@code EVENTSOURCING4J_PG_URL}, default
 * {@code jdbc:postgresql://localhost:5432/test?user=postgres}), dropped by {@link #close()}.
 * Tests fail, never skip, when the server does not answer.
 */
final class TestPostgres implements AutoCloseable {
    static final String SERVER = System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL",
            "jdbc:postgresql://localhost:5432/test?user=postgres");

    final String schema = "es4j_spring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
            .toLowerCase(Locale.ROOT);

    TestPostgres() {
        execute("create schema " + schema);
    }

    /** The JDBC URL of this schema, for {@code spring.datasource.url}. */
    String url() {
        return SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A connection of its own to this schema, outside any pool. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    @Override
    public void close() {
        execute("drop schema " + schema + " cascade");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL at " + SERVER + " (EVENTSOURCING4J_PG_URL) does not answer: "
                    + e.getMessage() + "; PostgreSQL tests are never skipped", e);
        }
    }
}
