package org.eventsourcing4j.postgres.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.StorageException;

/**
 * Creates and upgrades the store's tables: numbered migrations, each applied once and
 * recorded in {@code <prefix>schema_version}.
 *
 * <p>Safe when several application instances start at once: the whole run is one
 * transaction that first takes a transaction-scoped advisory lock derived from the
 * schema and prefix, so a second instance waits, then finds everything applied. (Taking
 * the lock before {@code CREATE SCHEMA} matters: two concurrent
 * {@code CREATE SCHEMA IF NOT EXISTS} can still collide on the catalog's unique index.)
 */
public final class Migrations {

    record Migration(int version, String description, List<String> statements) {
    }

    private final PostgresSchema names;
    private final List<Migration> migrations;

    public Migrations(PostgresSchema names) {
        this.names = names;
        this.migrations = List.of(new Migration(1, "events table and global-log index", v1(names)));
    }

    public int latestVersion() {
        return migrations.get(migrations.size() - 1).version();
    }

    private static List<String> v1(PostgresSchema n) {
        String events = n.qualified("events");
        return List.of(
                "create table " + events + " ("
                        + " position bigint generated always as identity,"
                        + " tx_id xid8 not null default pg_current_xact_id(),"
                        + " stream_id text not null,"
                        + " version bigint not null,"
                        + " event_id uuid not null,"
                        + " event_type text not null,"
                        + " revision int not null,"
                        + " data jsonb not null,"
                        + " metadata jsonb,"
                        + " recorded_at timestamptz not null,"
                        // The global log is read in (tx_id, position) order below the horizon;
                        // this key is that order (position alone is never looked up).
                        + " constraint \"" + n.local("events_pkey") + "\" primary key (tx_id, position),"
                        + " constraint \"" + n.local("events_event_id_key") + "\" unique (event_id),"
                        // No CHECK constraints (version >= 1, revision >= 1): the store and the core
                        // guarantee both, and PostgreSQL re-reads a table's CHECK expressions on every
                        // INSERT statement, a measurable part of an append.
                        + " constraint \"" + n.local("events_stream_version_key") + "\" unique (stream_id, version))",
                "comment on table " + events + " is 'eventsourcing4j event log: one row per event;"
                        + " read the global log in (tx_id, position) order below pg_snapshot_xmin(pg_current_snapshot())'");
    }

    /** Applies every missing migration; returns the schema version afterwards. */
    public int migrate(Connection connection) throws SQLException {
        checkServer(connection);
        try (Statement statement = connection.createStatement()) {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, lockKey());
                lock.execute();
            }
            if (!schemaExists(connection)) {
                statement.execute("create schema \"" + names.schema() + '"');
            }
            statement.execute("create table if not exists " + names.qualified("schema_version")
                    + " (version int primary key, description text not null,"
                    + " applied_at timestamptz not null default now())");
            int current = currentVersion(connection);
            if (current > latestVersion()) {
                throw newerSchema(current);
            }
            for (Migration migration : migrations) {
                if (migration.version() <= current) {
                    continue;
                }
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
                try (PreparedStatement record = connection.prepareStatement("insert into "
                        + names.qualified("schema_version") + " (version, description) values (?, ?)")) {
                    record.setInt(1, migration.version());
                    record.setString(2, migration.description());
                    record.executeUpdate();
                }
                current = migration.version();
            }
            return current;
        }
    }

    /** Checks, without changing anything, that the schema is at the version this code expects. */
    public void verify(Connection connection) throws SQLException {
        checkServer(connection);
        int current = schemaExists(connection) && tableExists(connection, names.local("schema_version"))
                ? currentVersion(connection) : 0;
        if (current > latestVersion()) {
            throw newerSchema(current);
        }
        if (current < latestVersion()) {
            throw new StorageException("the event store schema in '" + names.schema() + "' with prefix '"
                    + names.tablePrefix() + "' is at version " + current + ", this library needs "
                    + latestVersion() + "; enable schema creation or run the migrations", null);
        }
    }

    private StorageException newerSchema(int current) {
        return new StorageException("the event store schema in '" + names.schema() + "' is at version "
                + current + ", newer than this library knows (" + latestVersion() + "); upgrade the library", null);
    }

    private static void checkServer(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "select current_setting('server_version_num')::int, current_setting('server_encoding')")) {
            rs.next();
            if (rs.getInt(1) < 130000) {
                throw new StorageException("PostgreSQL 13 or later is needed (xid8, pg_current_xact_id),"
                        + " the server is " + rs.getInt(1), null);
            }
            if (!"UTF8".equals(rs.getString(2))) {
                throw new StorageException("the database must use UTF8 encoding, it uses " + rs.getString(2), null);
            }
        }
    }

    private boolean schemaExists(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select 1 from pg_namespace where nspname = ?")) {
            query.setString(1, names.schema());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select 1 from pg_tables where schemaname = ? and tablename = ?")) {
            query.setString(1, names.schema());
            query.setString(2, table);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "select coalesce(max(version), 0) from " + names.qualified("schema_version"))) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A stable 64-bit advisory-lock key for this schema and prefix. */
    private long lockKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    ("eventsourcing4j-migrations:" + names.schema() + '.' + names.tablePrefix())
                            .getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
