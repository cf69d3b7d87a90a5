package org.eventsourcing4j.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * One fresh schema on the real test server for one test class, dropped by {@link #close()}.
 *
 * <p>The server comes from {@value #URL_VARIABLE} (default {@value #DEFAULT_URL}). When it
 * cannot be reached the test fails, loudly and naming the variable: PostgreSQL tests are
 * never skipped.
 */
final class PgTestDatabase implements AutoCloseable {
    static final String URL_VARIABLE = "EVENTSOURCING4J_PG_URL";
    static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/test?user=postgres";

    final String url;
    final String schema;
    final String applicationName;
    final HikariDataSource dataSource;

    private PgTestDatabase(String url, String schema, HikariDataSource dataSource, String applicationName) {
        this.url = url;
        this.schema = schema;
        this.dataSource = dataSource;
        this.applicationName = applicationName;
    }

    static String url() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    static PgTestDatabase create(String label) {
        return create(label, 12);
    }

    static PgTestDatabase create(String label, int poolSize) {
        return create(label, poolSize, url());
    }

    /** A schema on the server at {@code url}: a server of the test's own (a {@code TemporaryPostgres}). */
    static PgTestDatabase create(String label, int poolSize, String url) {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is not reachable at " + url + " (set " + URL_VARIABLE
                    + " to a reachable server; default " + DEFAULT_URL + "). PostgreSQL tests are never skipped.", e);
        }
        String schema = "es4j_test_" + label + "_" + UUID.randomUUID().toString().substring(0, 8);
        String applicationName = "es4j-test-" + schema;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setPoolName(schema);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", applicationName);
        return new PgTestDatabase(url, schema, new HikariDataSource(config), applicationName);
    }

    PostgresEventStore store(String tablePrefix, Clock clock) {
        return store(options(tablePrefix).withClock(clock));
    }

    /** The options of a store in this database's schema with tables prefixed {@code tablePrefix}. */
    PostgresOptions options(String tablePrefix) {
        return PostgresOptions.DEFAULTS
                .withSchema(PostgresSchema.of(schema, tablePrefix))
                .withHorizonWait(Duration.ofSeconds(2));
    }

    PostgresEventStore store(PostgresOptions options) {
        return PostgresEventStore.create(dataSource, options);
    }

    /** A connection of its own, outside the pool. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Ends every backend of the pool (and the store's listener): what a failover or restart does. */
    int terminatePoolConnections() throws SQLException {
        try (Connection admin = connect();
             PreparedStatement kill = admin.prepareStatement("select count(pg_terminate_backend(pid))"
                     + " from pg_stat_activity where application_name = ? and pid <> pg_backend_pid()")) {
            kill.setString(1, applicationName);
            try (ResultSet rs = kill.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    long count(String sql) throws SQLException {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
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
