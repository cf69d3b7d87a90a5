package org.eventsourcing4j.examples.bank;

import java.util.List;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;

/**
 * Appends several batches, to different streams, all or nothing: either every batch is
 * stored, each at its expected version, or none is and the call throws (a
 * {@link org.eventsourcing4j.store.ConcurrencyConflictException} naming a stream that moved on,
 * a {@link org.eventsourcing4j.store.DuplicateEventIdException}, ...). The one thing a transfer
 * needs from the store beyond what an account command needs.
 */
public interface AtomicAppends {

    /** @return the results in the order of {@code batches} */
    List<AppendResult> appendAll(List<AppendBatch> batches);
}
