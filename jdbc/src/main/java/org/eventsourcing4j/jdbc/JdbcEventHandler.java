package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Applies one event to a read model in the event store's database, on the connection of
 * the transaction that also moves the projection's checkpoint (or, inline, that appends
 * the event). It must not commit, roll back or close the connection. A driver error it
 * throws is translated like the transaction's own; any other exception rolls it back and
 * comes out unchanged.
 */
@FunctionalInterface
public interface JdbcEventHandler {
    void handle(RecordedEvent event, Connection connection) throws SQLException;
}
