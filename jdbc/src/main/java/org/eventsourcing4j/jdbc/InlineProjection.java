package org.eventsourcing4j.jdbc;

import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Text;

/**
 * A read model updated inside the append transaction of a SQL store: it is never behind
 * the events, and a handler that throws rolls the append back
 * ({@link InlineProjectionException}). Keep handlers short — they run while the store's
 * write lock is held.
 */
public record InlineProjection(String name, JdbcEventHandler handler) {
    public InlineProjection {
        Text.identifier(name, "projection name", 200);
        Checks.notNull(handler, "handler");
    }
}
