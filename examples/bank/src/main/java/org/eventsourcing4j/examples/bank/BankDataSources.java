package org.eventsourcing4j.examples.bank;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.eventsourcing4j.spring.boot.ReplicaDataSource;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;

/**
 * The application's one {@code DataSource}, on which the starter opens the store and the
 * read model runs its queries: PostgreSQL at {@code --postgres}, pooled with HikariCP, or
 * the SQLite file {@code DIR/bank.db} (created if missing) with the store's pragmas on
 * every pooled connection (WAL, {@code synchronous=FULL}, a busy timeout).
 */
final class BankDataSources {
    static final String SQLITE_FILE = "bank.db";
    private static final int POSTGRES_POOL = 16;
    /** How long reads go to the primary after the replica could not be reached, before it is tried again. */
    private static final Duration REPLICA_RETRY = Duration.ofSeconds(5);
    private static final int SQLITE_POOL = 8;

    private BankDataSources() {
    }

    static HikariDataSource open(BankConfig config) {
        HikariConfig pool = new HikariConfig();
        if (config.postgresUrl() != null) {
            pool.setJdbcUrl(config.postgresUrl());
            pool.setMaximumPoolSize(POSTGRES_POOL);
            pool.setPoolName("bank-postgres");
        } else {
            pool.setDataSource(SqliteEventStore.dataSource(sqliteFile(config), SqliteOptions.defaults()));
            pool.setMaximumPoolSize(SQLITE_POOL);
            pool.setPoolName("bank-sqlite");
        }
        return new HikariDataSource(pool);
    }

    /**
     * The streaming replica's pool, or null without one. Not needed to start: a read that
     * cannot reach it within 2 s goes to the primary, which it is tried again after 5 s.
     */
    static ReplicaDataSource openReplica(BankConfig config) {
        if (config.postgresReplicaUrl() == null) {
            return null;
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(config.postgresReplicaUrl());
        pool.setMaximumPoolSize(POSTGRES_POOL);
        pool.setPoolName("bank-postgres-replica");
        pool.setInitializationFailTimeout(-1);
        pool.setConnectionTimeout(2_000);
        return new ReplicaDataSource(new HikariDataSource(pool), REPLICA_RETRY);
    }

    /** Where the data is, for the log: the SQLite file, or the PostgreSQL URL without its parameters (a password). */
    static String description(BankConfig config, DataSource dataSource) {
        if (config.postgresUrl() == null) {
            return "SQLite file " + sqliteFile(config);
        }
        String description = "PostgreSQL " + withoutParameters(config.postgresUrl()) + ", schema "
                + currentSchema(dataSource);
        return config.postgresReplicaUrl() == null ? description
                : description + ", reads from the replica " + withoutParameters(config.postgresReplicaUrl());
    }

    private static String withoutParameters(String url) {
        int question = url.indexOf('?');
        return question < 0 ? url : url.substring(0, question);
    }

    private static String currentSchema(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select current_schema()")) {
            return row.next() ? row.getString(1) : "(none)";
        } catch (SQLException e) {
            throw PostgresDialect.INSTANCE.translate(e, "reading the current schema");
        }
    }

    static Path sqliteFile(BankConfig config) {
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDirectory().toAbsolutePath(), e);
        }
        return config.dataDirectory().resolve(SQLITE_FILE).toAbsolutePath();
    }
}
