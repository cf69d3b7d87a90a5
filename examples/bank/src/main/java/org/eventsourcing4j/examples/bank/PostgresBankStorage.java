package org.eventsourcing4j.examples.bank;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.StorageException;

/**
 * Events and the read model in one PostgreSQL database, in the connection's current schema
 * ({@code currentSchema=...} in the URL chooses another than {@code public}), pooled with
 * HikariCP.
 */
final class PostgresBankStorage implements BankStorage {
    private static final int POOL_SIZE = 16;

    private final HikariDataSource pool;
    private final PostgresEventStore store;
    private final String description;

    private PostgresBankStorage(HikariDataSource pool, PostgresEventStore store, String description) {
        this.pool = pool;
        this.store = store;
        this.description = description;
    }

    static BankStorage open(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName("bank-postgres");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            String schema = currentSchema(pool);
            PostgresEventStore store = PostgresEventStore.create(pool,
                    PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(schema, "es_")));
            return new PostgresBankStorage(pool, store, "PostgreSQL " + withoutParameters(jdbcUrl) + ", schema " + schema);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static String currentSchema(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select current_schema()")) {
            String schema = row.next() ? row.getString(1) : null;
            if (schema == null) {
                throw new StorageException("the connection has no current schema: none of its search_path exists;"
                        + " create the schema or set currentSchema in the URL", null);
            }
            return schema;
        } catch (SQLException e) {
            throw PostgresDialect.INSTANCE.translate(e, "reading the current schema");
        }
    }

    /** The URL without its parameters, which may hold a password. */
    private static String withoutParameters(String jdbcUrl) {
        int question = jdbcUrl.indexOf('?');
        return question < 0 ? jdbcUrl : jdbcUrl.substring(0, question);
    }

    @Override
    public JdbcEventStore store() {
        return store;
    }

    @Override
    public DataSource queries() {
        return pool;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            pool.close();
        }
    }
}
