package org.eventsourcing4j.examples.bank.service;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.eventsourcing4j.examples.bank.BankConfig;
import org.eventsourcing4j.examples.bank.BankService;

/**
 * PostgreSQL at {@code EVENTSOURCING4J_PG_URL} (default
 * {@code jdbc:postgresql://localhost:5432/test?user=postgres}), in a fresh schema of its own
 * that {@link #close()} drops. Tests fail, never skip, when no server answers.
 */
final class PostgresFixture implements BankFixture {
    static final String URL = System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL",
            "jdbc:postgresql://localhost:5432/test?user=postgres");

    private final String schema = "bank_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
            .toLowerCase(Locale.ROOT);
    private boolean created;

    @Override
    public BankService start(BankConfig config) {
        return BankService.start(config.withPostgresUrl(url()));
    }

    /** The fixture's schema. */
    String schema() {
        return schema;
    }

    /** The URL of the fixture's schema, which it creates the first time. */
    String url() {
        if (!created) {
            execute("create schema " + schema);
            created = true;
        }
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public void close() {
        if (created) {
            execute("drop schema " + schema + " cascade");
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + URL + " (EVENTSOURCING4J_PG_URL): " + e.getMessage(), e);
        }
    }
}
