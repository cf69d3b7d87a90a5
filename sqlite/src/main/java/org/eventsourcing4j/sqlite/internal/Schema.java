package org.eventsourcing4j.sqlite.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eventsourcing4j.store.StorageException;

/**
 * The store's tables and their idempotent creation.
 *
 * <p>Positions come from {@code INTEGER PRIMARY KEY AUTOINCREMENT}: SQLite then keeps the
 * largest position ever handed out in {@code sqlite_sequence}, inside the same write
 * transaction, so a position is never handed out twice even after the newest rows are
 * deleted (a plain {@code INTEGER PRIMARY KEY} would reuse max(rowid) + 1). Because every
 * append runs in a {@code BEGIN IMMEDIATE} transaction — one writer per file, across
 * processes — positions are allocated in commit order; a rolled-back append rolls its
 * allocation back too, so the log has no gaps unless rows are deleted.
 *
 * <p>The schema version lives in the store's own table rather than {@code PRAGMA
 * user_version}, which belongs to the application: a read model kept in the same file (to
 * commit it together with its checkpoint) may well use it for its own migrations.
 */
public final class Schema {
    public static final int VERSION = 1;
    public static final String EVENTS = "es_events";

    private static final String[] CREATE = {
        """
        CREATE TABLE IF NOT EXISTS es_events (
          position       INTEGER PRIMARY KEY AUTOINCREMENT,
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
        CREATE TABLE IF NOT EXISTS es_schema (
          component TEXT    PRIMARY KEY,
          version   INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID""",
        "INSERT INTO es_schema (component, version) VALUES ('events', " + VERSION + ")",
    };

    private Schema() {
    }

    /**
     * Puts the file in WAL mode and creates the tables unless they exist. Safe when several
     * processes open the file at once: creation runs in a write transaction that checks
     * again. Writes nothing when the schema is already there, so an initialized file opens
     * on a read-only connection.
     *
     * @throws StorageException when the file holds a newer schema than this library knows
     */
    public static void ensure(Session session, String database) throws SQLException {
        ensureWal(session, database);
        if (installedVersion(session) == 0) {
            session.beginImmediate();
            try {
                if (installedVersion(session) == 0) {
                    for (String statement : CREATE) {
                        session.execute(statement);
                    }
                }
                session.commit();
            } catch (SQLException | RuntimeException e) {
                session.rollbackAfter(e);
                throw e;
            }
        }
        int version = installedVersion(session);
        if (version != VERSION) {
            throw new StorageException("SQLite database " + database + " has event store schema version " + version
                    + ", this library reads version " + VERSION + "; use a newer eventsourcing4j", null);
        }
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
