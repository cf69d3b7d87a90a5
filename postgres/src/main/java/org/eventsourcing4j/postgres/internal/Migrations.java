package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.eventsourcing4j.jdbc.Migration;
import org.eventsourcing4j.jdbc.SchemaMigrations;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.StorageException;

/**
 * Creates and upgrades the store's tables: numbered migrations of component
 * {@code events}, each applied once and recorded in {@code <prefix>schema} (the same
 * history the store's checkpoint, dead-letter and snapshot tables are recorded in).
 *
 * <p>Safe when several application instances start at once: the whole run is one
 * transaction that first takes a transaction-scoped advisory lock derived from the
 * schema and prefix, so a second instance waits, then finds everything applied. (Taking
 * the lock before {@code CREATE SCHEMA} matters: two concurrent
 * {@code CREATE SCHEMA IF NOT EXISTS} can still collide on the catalog's unique index.)
 *
 * <p>Stores of an earlier version recorded the events table's version in
 * {@code <prefix>schema_version}; that version is carried over on the first run.
 */
public final class Migrations {
    static final String COMPONENT = "events";

    private final PostgresSchema names;
    private final List<Migration> migrations;
    private final SchemaMigrations history;

    public Migrations(PostgresSchema names) {
        this.names = names;
        this.migrations = List.of(new Migration(1, "events table and global-log index", v1(names)),
                new Migration(2, "stream lifecycle: states, archive, erasure audit, refusal trigger",
                        PostgresLifecycle.migration(names)),
                new Migration(3, "tags (Dynamic Consistency Boundaries) and their index", tags(names)),
                // A later change of the function's body is a new migration (create or replace again).
                new Migration(4, "append of tagged events: locks, condition check and insert in one function call",
                        List.of(LockedAppendSql.function(names))),
                // One event (the common conditional append): the same locks and check, then the plain
                // one-event insert with scalar parameters instead of MultiAppendSql's arrays.
                new Migration(5, "append of one tagged event: the locked append with the one-event insert",
                        List.of(LockedAppendSql.oneEventFunction(names, new AppendSql(names)))),
                // Both functions again: no JIT (it compiled every call once the table was large), locks
                // in a loop instead of a sorted query, and the check reads the events after the position
                // before it asks the GIN index (whose answer is a tag's whole history).
                new Migration(6, "tagged appends: no JIT, cheaper locks, the check reads recent events first",
                        List.of(LockedAppendSql.function(names),
                                LockedAppendSql.oneEventFunction(names, new AppendSql(names)))),
                // Both functions again, without sequential scans: generic plans made on a small
                // table kept scanning it whole as it grew.
                new Migration(7, "tagged appends: no sequential scans in their plans",
                        List.of(LockedAppendSql.function(names),
                                LockedAppendSql.oneEventFunction(names, new AppendSql(names)))));
        this.history = new SchemaMigrations(historyTable(names));
    }

    /** Where the store records its tables' schema versions. */
    public static SchemaMigrations history(PostgresSchema names) {
        return new SchemaMigrations(historyTable(names));
    }

    private static String historyTable(PostgresSchema names) {
        return names.schema() + "." + names.local("schema");
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

    /**
     * Tags as a {@code text[]} column, NULL for an event without tags, so that the partial GIN
     * index holds only tagged events and plain appends of untagged events pay nothing for it
     * (see docs/dcb.md). Adding a nullable column without a default rewrites nothing. Without
     * fastupdate: a condition check would otherwise scan the index's whole pending list, which
     * tagged appends keep growing (measured: conditional appends slowed down round by round).
     */
    private static List<String> tags(PostgresSchema n) {
        return List.of("alter table " + n.qualified("events") + " add column if not exists tags text[]",
                "alter table " + n.qualified("archived_events") + " add column if not exists tags text[]",
                "create index if not exists \"" + n.local("events_tags") + "\" on " + n.qualified("events")
                        + " using gin (tags) with (fastupdate = off) where tags is not null");
    }

    /** Applies every missing migration; returns the schema version afterwards. */
    public int migrate(Connection connection) throws SQLException {
        checkServer(connection);
        // The lock comes first, before anything that could collide with a concurrent start.
        PostgresDialect.INSTANCE.lockForMigration(connection, history.historyTable());
        if (!schemaExists(connection)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create schema \"" + names.schema() + '"');
            }
        }
        carryOverLegacyVersion(connection);
        return history.migrate(connection, PostgresDialect.INSTANCE, COMPONENT, migrations);
    }

    /** Checks, without changing anything, that the schema is at the version this code expects. */
    public void verify(Connection connection) throws SQLException {
        checkServer(connection);
        history.verify(connection, COMPONENT, migrations);
    }

    private void carryOverLegacyVersion(Connection connection) throws SQLException {
        String legacy = names.local("schema_version");
        if (!tableExists(connection, legacy)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists " + history.historyTable()
                    + " (component varchar(200) primary key, version integer not null)");
            statement.execute("insert into " + history.historyTable() + " (component, version)"
                    + " select '" + COMPONENT + "', max(version) from " + names.qualified("schema_version")
                    + " having max(version) is not null on conflict (component) do nothing");
        }
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
}
