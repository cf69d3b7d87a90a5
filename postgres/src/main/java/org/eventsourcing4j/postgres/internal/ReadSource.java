package org.eventsourcing4j.postgres.internal;

import org.eventsourcing4j.jdbc.SqlWork;

/** Where a read runs: the primary, or the replica (see {@link ReadRouting}). */
public interface ReadSource {

    /** Runs read-only {@code work} on a connection in auto-commit mode, as {@link org.eventsourcing4j.jdbc.Jdbc#autoCommit} does. */
    <T> T autoCommit(String operation, SqlWork<T, RuntimeException> work);
}
