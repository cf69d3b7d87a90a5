package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
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

    /** A connection for one read, in auto-commit mode. */
    Connection reader() throws SQLException;

    void releaseReader(Connection reader);

    /** Closes what this source opened. The writer lock is held by the caller. */
    void close();
}
