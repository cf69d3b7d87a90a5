package org.eventsourcing4j.store.spi;

import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.DuplicateEventIdException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Decides whether an append whose event ids are (partly) stored already is an exact retry.
 * Shared by every store so that they agree on what counts as a retry.
 */
public final class IdempotentRetry {
    private IdempotentRetry() {
    }

    /**
     * @param stored       the stored events whose ids occur in the batch, in any order
     * @param sameContent  whether a stored event has the content of an appended one
     *                     (stores that normalize JSON compare it semantically)
     * @return the original result when the batch is an exact retry; empty when none of its ids is stored
     * @throws DuplicateEventIdException when some ids are stored but this is not an exact retry
     */
    public static Optional<AppendResult> check(AppendBatch batch, List<RecordedEvent> stored,
                                               BiPredicate<RecordedEvent, EventData> sameContent) {
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        List<EventData> events = batch.events();
        if (stored.size() != events.size()) {
            EventData firstStored = events.stream()
                    .filter(e -> stored.stream().anyMatch(s -> s.eventId().equals(e.eventId())))
                    .findFirst().orElseThrow();
            throw new DuplicateEventIdException(firstStored.eventId(), "only " + stored.size() + " of the "
                    + events.size() + " events of this batch are stored; a retry must resend exactly the stored batch");
        }
        RecordedEvent first = find(stored, events.get(0));
        long expectedFirstVersion = first.version();
        if (batch.expected() instanceof ExpectedVersion.Exactly exactly) {
            expectedFirstVersion = exactly.version() + 1;
        } else if (batch.expected() == ExpectedVersion.noStream()) {
            expectedFirstVersion = 1;
        }
        RecordedEvent last = first;
        for (int i = 0; i < events.size(); i++) {
            EventData event = events.get(i);
            RecordedEvent match = find(stored, event);
            if (!match.streamId().equals(batch.stream())) {
                throw new DuplicateEventIdException(event.eventId(), "it belongs to stream '" + match.streamId() + "'");
            }
            if (match.version() != expectedFirstVersion + i) {
                throw new DuplicateEventIdException(event.eventId(), "it is stored at version " + match.version()
                        + ", this append would put it at version " + (expectedFirstVersion + i));
            }
            if (!sameContent.test(match, event)) {
                throw new DuplicateEventIdException(event.eventId(), "the stored event has different content");
            }
            last = match;
        }
        return Optional.of(new AppendResult(last.version(), last.logPosition(), last.recordedAt()));
    }

    private static RecordedEvent find(List<RecordedEvent> stored, EventData event) {
        for (RecordedEvent candidate : stored) {
            if (candidate.eventId().equals(event.eventId())) {
                return candidate;
            }
        }
        throw new DuplicateEventIdException(event.eventId(), "only part of this batch is stored");
    }
}
