package org.eventsourcing4j.sqlite;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eventsourcing4j.sqlite.internal.DcbQueries;
import org.eventsourcing4j.sqlite.internal.EventRows;
import org.eventsourcing4j.sqlite.internal.Reads;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.Decision;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.support.Checks;

/**
 * DCB on the SQLite store. Positions are allocated in commit order (one writer per file),
 * so a read that first takes the head H and then reads the events at or below H sees a
 * consistent prefix of the log; a conditional append checks its condition in the write
 * transaction that appends, under the file's write lock.
 */
final class SqliteConsistencyBoundaries implements ConsistencyBoundaries {
    private final SqliteEventStore store;

    SqliteConsistencyBoundaries(SqliteEventStore store) {
        this.store = store;
    }

    @Override
    public Stream<RecordedEvent> read(EventQuery query, LogPosition after) {
        Checks.notNull(query, "query");
        Checks.notNull(after, "after");
        return store.lazily("reading the events matching " + query,
                session -> DcbQueries.read(session.connection(), query, after.position(), Long.MAX_VALUE), false, null);
    }

    /**
     * The head first, then the matching events up to it: every event at or below the head
     * had committed when the head was read (commit order), so the decision saw all of them and
     * its position covers exactly what it did not see.
     */
    @Override
    public Decision decide(EventQuery query) {
        Checks.notNull(query, "query");
        return store.database().readSession("deciding on the events matching " + query, session -> {
            long head = Reads.head(session);
            List<RecordedEvent> events = new ArrayList<>();
            EventRows.Decoder decoder = new EventRows.Decoder(null);
            try (PreparedStatement statement = DcbQueries.read(session.connection(), query, 0, head);
                 var rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(decoder.read(rows));
                }
            }
            return new Decision(query, events, LogPosition.of(head));
        });
    }

    @Override
    public List<AppendResult> appendAll(List<AppendBatch> batches, AppendCondition condition) {
        Checks.notNull(condition, "condition");
        return store.appendAll(batches, condition);
    }
}
