package org.eventsourcing4j.store.spi;

import java.util.List;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.InvalidArgumentException;

/** For stores that do not store tags yet: refuses tagged events rather than dropping their tags. */
public final class Untagged {
    private Untagged() {
    }

    /** @throws InvalidArgumentException when an event of {@code batch} has tags */
    public static AppendBatch require(AppendBatch batch, String store) {
        if (batch != null) {
            for (EventData event : batch.events()) {
                if (!event.tags().isEmpty()) {
                    throw new InvalidArgumentException("tags", "event " + event.eventId() + " has tags " + event.tags()
                            + ", which the " + store + " store does not store yet (see docs/dcb.md)");
                }
            }
        }
        return batch;
    }

    /** {@link #require(AppendBatch, String)} for every batch. */
    public static List<AppendBatch> requireAll(List<AppendBatch> batches, String store) {
        if (batches != null) {
            batches.forEach(batch -> require(batch, store));
        }
        return batches;
    }
}
