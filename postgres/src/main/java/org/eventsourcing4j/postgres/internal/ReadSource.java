package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import org.eventsourcing4j.jdbc.SqlWork;

/** Where a read runs: the primary, or the replica (see {@link ReadRouting}). */
public interface ReadSource {

    /** Runs read-only {@code work} on a connection in auto-commit mode, as {@link org.eventsourcing4j.jdbc.Jdbc#autoCommit} does. */
    <T> T autoCommit(String operation, SqlWork<T, RuntimeException> work);

    /**
     * A connection of this source's server for one read that streams a query's rows, which the
     * caller closes: in auto-commit mode, as the pool hands it out. Only getting it is handled
     * here (a replica that cannot be reached is skipped as in {@link #autoCommit}); what fails
     * while it is used is the caller's.
     */
    Connection borrow(String operation);
}
