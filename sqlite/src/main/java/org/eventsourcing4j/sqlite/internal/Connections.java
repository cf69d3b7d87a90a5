package org.eventsourcing4j.sqlite.internal;

import java.sql.SQLException;

/**
 * Where the store gets its connections. SQLite has one writer per database file, so the
 * store asks for the writer session only while it holds its own writer lock; reads may
 * run on any number of connections at once (WAL mode: readers never block the writer).
 */
public interface Connections {

    /** The writer session. Called only under the store's writer lock. */
    Session writer() throws SQLException;

    /**
     * Gives the writer session back.
     *
     * @param discard the session failed in a way that may have left it unusable: close it
     */
    void releaseWriter(Session writer, boolean discard);

    /**
     * A session for one read, its connection in auto-commit mode. A reused session keeps the
     * statements its earlier reads prepared (SQLite compiles a statement at every prepare).
     */
    Session reader() throws SQLException;

    /**
     * Gives a reader session back.
     *
     * @param discard the session failed in a way that may have left it unusable (a statement
     *                that could not be reset may still hold a read transaction): close it
     */
    void releaseReader(Session reader, boolean discard);

    /** Closes what this source opened. The writer lock is held by the caller. */
    void close();
}
