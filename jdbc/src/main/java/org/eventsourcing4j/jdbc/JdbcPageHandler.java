package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.support.Checks;

/**
 * Applies a page of stored events to a read model in the event store's database, on the
 * connection of the transaction that also moves the projection's checkpoint: a handler that
 * sees the whole page can send its writes together ({@code PreparedStatement#addBatch}, one
 * round trip for the page) instead of one statement and round trip per event. The events are
 * in log order; when one of them fails, the runner calls the handler again with one event at a
 * time to find it. The same rules as {@link JdbcEventHandler}: it must not commit, roll back or
 * close the connection.
 */
@FunctionalInterface
public interface JdbcPageHandler {
    void handle(List<RecordedEvent> events, Connection connection) throws SQLException;

    /** The page handler that applies the events one by one with {@code handler}. */
    static JdbcPageHandler eachEvent(JdbcEventHandler handler) {
        Checks.notNull(handler, "handler");
        return (events, connection) -> {
            for (RecordedEvent event : events) {
                handler.handle(event, connection);
            }
        };
    }
}
