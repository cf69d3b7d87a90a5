package org.eventsourcing4j.console;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresSchema;

/** A schema of the test's own on the real PostgreSQL server ({@code EVENTSOURCING4J_PG_URL}), dropped on close. */
final class Pg implements AutoCloseable {
    private final String url;
    private final String schema;
    private final HikariDataSource dataSource;

    Pg(String url, String schema) {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is not reachable at " + url
                    + " (set EVENTSOURCING4J_PG_URL). PostgreSQL tests are never skipped.", e);
        }
        this.url = url;
        this.schema = schema;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(6);
        config.setMinimumIdle(0);
        this.dataSource = new HikariDataSource(config);
    }

    static String url() {
        String url = System.getenv("EVENTSOURCING4J_PG_URL");
        return url == null || url.isBlank() ? "jdbc:postgresql://localhost:5432/test?user=postgres" : url;
    }

    PostgresEventStore store() {
        return PostgresEventStore.create(dataSource, PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(schema, "es_")));
    }

    @Override
    public void close() throws SQLException {
        dataSource.close();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists \"" + schema + "\" cascade");
        }
    }
}
