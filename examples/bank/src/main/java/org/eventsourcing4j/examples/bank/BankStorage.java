package org.eventsourcing4j.examples.bank;

import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;

/**
 * Where the bank keeps its events and its read model: one database for both, so the
 * account projection commits its rows and its checkpoint in one transaction.
 *
 * @param store       the events, and what lives beside them: transactions for the read model's
 *                    writes (the projection's commits), the checkpoint, dead-letter and snapshot
 *                    tables, and the lease that lets one instance at a time run the projection
 * @param queries     connections to the same database for the read model's queries
 * @param description where the data is, for the log: a file or a database URL without its password
 */
public record BankStorage(JdbcEventStore store, DataSource queries, String description) {
}
