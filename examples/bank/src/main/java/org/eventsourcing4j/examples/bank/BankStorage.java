package org.eventsourcing4j.examples.bank;

import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.store.EventStore;

/**
 * Where the bank keeps its events and its read model: one database for both, so the
 * account projection commits its rows and its checkpoint in one transaction. The one place
 * that knows which store is in use.
 */
public interface BankStorage extends AutoCloseable {

    /** The events. */
    EventStore store();

    /** Transactions in the events' database for the read model's writes (the projection's commits). */
    JdbcTransactions transactions();

    /** Connections to the same database for the read model's queries. */
    DataSource queries();

    /**
     * The lease that lets one instance at a time run the projection {@code name} on this
     * storage; the others follow its checkpoint. By default every instance holds it and
     * the checkpoint's compare-and-set fences off all but one committer.
     */
    default ProjectionLease projectionLease(String name) {
        return ProjectionLease.alwaysHeld();
    }

    /** Where the data is, for the log: a file or a database URL without its password. */
    String description();

    /** Closes the store and the connections this storage opened. */
    @Override
    void close();
}
