package org.eventsourcing4j.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.eventsourcing4j.testkit.postgres.TemporaryPostgres;
import org.eventsourcing4j.testkit.postgres.TemporaryReplica;

/**
 * A primary of the test's own with a streaming replica (hot standby), a fresh schema on the
 * primary and a pool for each server: one per test class, since a pair takes a few seconds to
 * make. The replica's pool gives up on a connection after one second and starts even while the
 * replica is down, as an application's should.
 */
final class ReplicaServers implements AutoCloseable {
    static final Duration CATCH_UP = Duration.ofSeconds(30);

    final TemporaryPostgres primary;
    final TemporaryReplica replica;
    final PgTestDatabase database;
    final HikariDataSource replicaPool;

    private ReplicaServers(TemporaryPostgres primary, TemporaryReplica replica, PgTestDatabase database,
                           HikariDataSource replicaPool) {
        this.primary = primary;
        this.replica = replica;
        this.database = database;
        this.replicaPool = replicaPool;
    }

    static ReplicaServers start(String label) {
        TemporaryPostgres primary = TemporaryPostgres.create();
        try {
            TemporaryReplica replica = primary.createReplica();
            PgTestDatabase database = PgTestDatabase.create(label, 12, primary.jdbcUrl());
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(replica.jdbcUrl());
            config.setPoolName(database.schema + "-replica");
            config.setMaximumPoolSize(8);
            config.setMinimumIdle(0);
            config.setConnectionTimeout(1_000);
            config.setInitializationFailTimeout(-1);
            return new ReplicaServers(primary, replica, database, new HikariDataSource(config));
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** A pool on the primary whose sessions commit without waiting for the WAL flush ({@code synchronous_commit = off}). */
    HikariDataSource asyncCommitPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(primary.jdbcUrl());
        config.setPoolName(database.schema + "-async-commit");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionInitSql("set synchronous_commit = off");
        return new HikariDataSource(config);
    }

    /** Stream reads from the replica, failing while it is down. */
    PostgresReplica reads() {
        return PostgresReplica.of(replicaPool);
    }

    /** A store in the test schema with tables prefixed {@code prefix}, reading as {@code replica} says. */
    PostgresEventStore store(PostgresOptions options, PostgresReplica replica) {
        return PostgresEventStore.create(database.dataSource, replica, options);
    }

    PostgresOptions options(String prefix) {
        return database.options(prefix).withHorizonWait(Duration.ofMillis(50));
    }

    /** A store on the same tables that reads everything from the primary: the truth to compare with. */
    PostgresEventStore primaryOnly(String prefix) {
        return PostgresEventStore.create(database.dataSource, options(prefix));
    }

    /** One value of {@code sql}, run on the replica outside the pool. */
    String onReplica(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(replica.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public void close() {
        try {
            replicaPool.close();
            database.close();
        } finally {
            primary.close();
        }
    }
}
