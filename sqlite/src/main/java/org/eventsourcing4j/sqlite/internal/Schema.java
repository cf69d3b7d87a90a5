package org.eventsourcing4j.sqlite.internal;

import java.sql.ResultSet;
import java.util.List;
import org.eventsourcing4j.jdbc.Migration;
import org.eventsourcing4j.jdbc.SchemaMigrations;
import java.sql.SQLException;
import java.sql.Statement;
import org.eventsourcing4j.store.StorageException;

/**
 * The store's tables and their idempotent creation.
 *
 * <p>Positions are allocated by the appender inside its {@code BEGIN IMMEDIATE} transaction
 * as one more than the larger of the largest stored position and {@code es_position_floor},
 * and written explicitly into the {@code INTEGER PRIMARY KEY}. One writer per file, across
 * processes, means allocation order is commit order. SQLite's own choice for a missing key,
 * max(rowid) + 1, would reuse the positions of deleted newest rows, and a subscriber
 * checkpointed past them would skip the new events: so a trigger raises the floor to every
 * deleted position (it fires for {@code DELETE} without {@code WHERE} too, because a table
 * with triggers gets no truncate shortcut). This gives the guarantee of AUTOINCREMENT
 * without its cost: AUTOINCREMENT rewrites its {@code sqlite_sequence} row, one more page in
 * every commit, which measured about 20% of an append; the floor is written only on delete.
 *
 * <p>The schema version lives in the store's own table rather than {@code PRAGMA
 * user_version}, which belongs to the application: a read model kept in the same file (to
 * commit it together with its checkpoint) may well use it for its own migrations.
 */
public final class Schema {
    public static final String EVENTS = "es_events";
    /** Where the versions of the store's tables are recorded (see {@link SchemaMigrations}). */
    public static final String HISTORY = "es_schema";

    private static final String[] V1 = {
        """
        CREATE TABLE es_events (
          position       INTEGER PRIMARY KEY,
          stream_id      TEXT    NOT NULL,
          version        INTEGER NOT NULL CHECK (version >= 1),
          event_id       BLOB    NOT NULL UNIQUE CHECK (length(event_id) = 16),
          event_type     TEXT    NOT NULL,
          revision       INTEGER NOT NULL,
          data           TEXT    NOT NULL,
          correlation_id TEXT,
          causation_id   TEXT,
          headers        TEXT,
          recorded_at    INTEGER NOT NULL,
          UNIQUE (stream_id, version)
        ) STRICT""",
        """
        CREATE TABLE es_position_floor (
          id       INTEGER PRIMARY KEY CHECK (id = 1),
          position INTEGER NOT NULL
        ) STRICT""",
        """
        CREATE TRIGGER es_events_raise_position_floor AFTER DELETE ON es_events
        BEGIN
          INSERT INTO es_position_floor (id, position) VALUES (1, old.position)
            ON CONFLICT (id) DO UPDATE SET position = max(position, excluded.position);
        END""",
    };

    /**
     * Stream lifecycle (see {@link SqliteLifecycle}): the state of retired or truncated streams,
     * the archive, the erasure audit, and a trigger that refuses events of a retired stream
     * or below a truncation, whoever writes them.
     */
    private static final String[] V2 = {
        """
        CREATE TABLE es_stream_lifecycle (
          stream_id     TEXT    PRIMARY KEY,
          status        TEXT    NOT NULL CHECK (status IN ('LIVE', 'DELETED', 'ERASED', 'ARCHIVED')),
          first_version INTEGER NOT NULL CHECK (first_version >= 1),
          changed_at    INTEGER NOT NULL
        ) STRICT""",
        """
        CREATE TABLE es_archived_events (
          position       INTEGER PRIMARY KEY,
          stream_id      TEXT    NOT NULL,
          version        INTEGER NOT NULL,
          event_id       BLOB    NOT NULL UNIQUE,
          event_type     TEXT    NOT NULL,
          revision       INTEGER NOT NULL,
          data           TEXT    NOT NULL,
          correlation_id TEXT,
          causation_id   TEXT,
          headers        TEXT,
          recorded_at    INTEGER NOT NULL,
          archived_at    INTEGER NOT NULL,
          UNIQUE (stream_id, version)
        ) STRICT""",
        """
        CREATE TABLE es_erasures (
          id            INTEGER PRIMARY KEY,
          stream_id     TEXT    NOT NULL,
          requested_by  TEXT    NOT NULL,
          reason        TEXT    NOT NULL,
          erased_at     INTEGER NOT NULL,
          events_erased INTEGER NOT NULL,
          last_version  INTEGER NOT NULL
        ) STRICT""",
        """
        CREATE TRIGGER es_events_refuse_retired BEFORE INSERT ON es_events
        WHEN EXISTS (SELECT 1 FROM es_stream_lifecycle l WHERE l.stream_id = new.stream_id
                     AND (l.status <> 'LIVE' OR new.version < l.first_version))
        BEGIN
          SELECT RAISE(ABORT, 'eventsourcing4j: the stream is retired or truncated below this version');
        END""",
    };

    /**
     * Tags (Dynamic Consistency Boundaries, docs/dcb.md): each event's tags as a JSON array in
     * {@code tags} (NULL without tags: what every read path returns), and an index table
     * {@code (tag, position)} that triggers keep in step with {@code es_events} whoever
     * writes or deletes rows (appends, archiving and its restore, deletion, erasure), so that a
     * query item with tags reads the positions of its tags, not the whole log.
     * Type-only items read the {@code (event_type, position)} index.
     */
    private static final String[] V3 = {
        "ALTER TABLE es_events ADD COLUMN tags TEXT",
        "ALTER TABLE es_archived_events ADD COLUMN tags TEXT",
        """
        CREATE TABLE es_event_tags (
          tag      TEXT    NOT NULL,
          position INTEGER NOT NULL,
          PRIMARY KEY (tag, position)
        ) STRICT, WITHOUT ROWID""",
        """
        CREATE TRIGGER es_events_index_tags AFTER INSERT ON es_events WHEN new.tags IS NOT NULL
        BEGIN
          INSERT INTO es_event_tags (tag, position) SELECT value, new.position FROM json_each(new.tags);
        END""",
        """
        CREATE TRIGGER es_events_unindex_tags AFTER DELETE ON es_events WHEN old.tags IS NOT NULL
        BEGIN
          DELETE FROM es_event_tags WHERE position = old.position
            AND tag IN (SELECT value FROM json_each(old.tags));
        END""",
        "CREATE INDEX es_events_by_type ON es_events (event_type, position)",
    };

    private static final List<Migration> MIGRATIONS = List.of(new Migration(1, "events table", List.of(V1)),
            new Migration(2, "stream lifecycle: states, archive, erasure audit", List.of(V2)),
            new Migration(3, "tags and their index, event type index", List.of(V3)));
    /** The events table's schema version this code reads and writes. */
    public static final int VERSION = MIGRATIONS.size();

    private Schema() {
    }

    /**
     * Puts the file in WAL mode and creates or upgrades the tables unless they are at the
     * latest version. Safe when several processes open the file at once: migrations run in a
     * write transaction, which serializes them. Writes nothing when the schema is already
     * there, so an initialized file opens on a read-only connection.
     *
     * @throws StorageException when the file holds a newer schema than this library knows
     */
    public static void ensure(Session session, String database) throws SQLException {
        ensureWal(session, database);
        if (installedVersion(session) < VERSION) {
            session.beginImmediate();
            try {
                if (installedVersion(session) > VERSION) {
                    throw newer(database, installedVersion(session));
                }
                new SchemaMigrations(HISTORY).migrate(session.connection(), new SqliteErrors(database, 0), "events",
                        MIGRATIONS);
                session.commit();
            } catch (SQLException | RuntimeException e) {
                session.rollbackAfter(e);
                throw e;
            }
        }
        int version = installedVersion(session);
        if (version != VERSION) {
            throw newer(database, version);
        }
    }

    private static StorageException newer(String database, int version) {
        return new StorageException("SQLite database " + database + " has event store schema version " + version
                + ", this library reads version " + VERSION + "; use a newer eventsourcing4j", null);
    }

    private static void ensureWal(Session session, String database) throws SQLException {
        if ("wal".equalsIgnoreCase(journalMode(session, "PRAGMA journal_mode"))) {
            return;
        }
        String mode = journalMode(session, "PRAGMA journal_mode = WAL");
        if (!"wal".equalsIgnoreCase(mode)) {
            throw new StorageException("SQLite database " + database + " could not be switched to WAL mode "
                    + "(it stays in journal mode '" + mode + "'); the event store needs WAL", null);
        }
    }

    private static String journalMode(Session session, String pragma) throws SQLException {
        try (Statement statement = session.connection().createStatement();
             ResultSet rows = statement.executeQuery(pragma)) {
            return rows.next() ? rows.getString(1) : "";
        }
    }

    /** 0 when the store's tables do not exist yet. */
    private static int installedVersion(Session session) throws SQLException {
        try (ResultSet rows = session.prepare(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'es_schema'").executeQuery()) {
            if (!rows.next() || rows.getInt(1) == 0) {
                return 0;
            }
        }
        try (ResultSet rows = session.prepare(
                "SELECT version FROM es_schema WHERE component = 'events'").executeQuery()) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
