package org.eventsourcing4j.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresSchema;

/**
 * A schema of the tests' own on the real PostgreSQL server ({@value #URL_VARIABLE}, default
 * {@value #DEFAULT_URL}), dropped by {@link #close()}. A server that cannot be reached fails
 * the test, naming the variable: PostgreSQL tests are never skipped.
 */
final class PgSchema implements AutoCloseable {
    static final String URL_VARIABLE = "EVENTSOURCING4J_PG_URL";
    static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/test?user=postgres";

    final String url;
    final String schema;
    final HikariDataSource dataSource;

    private PgSchema(String url, String schema, HikariDataSource dataSource) {
        this.url = url;
        this.schema = schema;
        this.dataSource = dataSource;
    }

    static String url() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    static PgSchema create(String label) {
        String url = url();
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is not reachable at " + url + " (set " + URL_VARIABLE
                    + "; default " + DEFAULT_URL + "). PostgreSQL tests are never skipped.", e);
        }
        String schema = "es4j_cli_" + label + "_" + UUID.randomUUID().toString().substring(0, 8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        config.setPoolName(schema);
        return new PgSchema(url, schema, new HikariDataSource(config));
    }

    PostgresEventStore store(String prefix, Clock clock) {
        return PostgresEventStore.create(dataSource, PostgresOptions.DEFAULTS
                .withSchema(PostgresSchema.of(schema, prefix)).withClock(clock));
    }

    /** The options that point {@code es4j} at the store with tables prefixed {@code prefix}. */
    List<String> args(String prefix) {
        return List.of("--postgres", url, "--schema", schema, "--table-prefix", prefix);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public void close() {
        dataSource.close();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists \"" + schema + "\" cascade");
        } catch (SQLException e) {
            throw new AssertionError("could not drop test schema " + schema, e);
        }
    }
}
