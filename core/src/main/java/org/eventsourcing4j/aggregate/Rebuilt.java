package org.eventsourcing4j.aggregate;

import java.time.Instant;
import java.util.Optional;
import org.eventsourcing4j.snapshot.Snapshot;

/**
 * The outcome of rebuilding an aggregate's state.
 *
 * @param aggregate     at version 0 when the stream had no events in range
 * @param replayed      stored events applied (after the snapshot, if one was used)
 * @param recordedUntil the latest recorded-at among events 1..version; null when there are none
 * @param rejected      an unreadable snapshot found on the way, to be replaced; null when none
 */
record Rebuilt<A extends AggregateRoot<?>>(A aggregate, long replayed, Instant recordedUntil, Snapshot rejected) {

    Optional<A> found() {
        return aggregate.version() == 0 ? Optional.empty() : Optional.of(aggregate);
    }
}
