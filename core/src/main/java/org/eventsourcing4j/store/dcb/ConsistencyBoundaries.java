package org.eventsourcing4j.store.dcb;

import java.util.List;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Dynamic Consistency Boundaries on an event store: read by {@link EventQuery}, append on an
 * {@link AppendCondition}. Appends still go to streams, so stream-based aggregates and DCB
 * decisions share one store and one global log: a plain append of tagged events is seen by
 * every condition whose query it matches.
 */
public interface ConsistencyBoundaries {

    /**
     * The events matching {@code query} after {@code after}, in global-log order, streamed
     * (close the stream). Only committed events below the store's read horizon.
     */
    Stream<RecordedEvent> read(EventQuery query, LogPosition after);

    /**
     * Reads what a decision needs: the matching events and the position they are consistent
     * up to ({@link Decision#position()}), to build the append's {@link Decision#condition()}.
     */
    Decision decide(EventQuery query);

    /**
     * Appends {@code batches} atomically (as {@link org.eventsourcing4j.store.EventWriter#appendAll})
     * if no event matching the condition's query exists after its position; the check and the
     * append are one atomic step.
     *
     * @throws AppendConditionFailedException a matching event exists after the position; nothing was written
     */
    List<AppendResult> appendAll(List<AppendBatch> batches, AppendCondition condition);

    /** {@link #appendAll(List, AppendCondition)} of one batch. */
    default AppendResult append(AppendBatch batch, AppendCondition condition) {
        return appendAll(List.of(batch), condition).get(0);
    }
}
