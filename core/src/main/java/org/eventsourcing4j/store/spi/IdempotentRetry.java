package org.eventsourcing4j.store.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.AtomicAppend;
import org.eventsourcing4j.store.MultiStreamConflictException;
import org.eventsourcing4j.store.StreamConflict;
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

    /**
     * {@link #check} for the batches of one atomic append: the original results when every
     * batch is an exact retry, empty when no event of any batch is stored.
     *
     * @param stored per batch (same indexes as the append's batches), the stored events whose ids occur in it
     * @throws DuplicateEventIdException when some events are stored but this is not an exact retry of the whole call
     */
    public static Optional<List<AppendResult>> checkAll(AtomicAppend append, List<List<RecordedEvent>> stored,
                                                        BiPredicate<RecordedEvent, EventData> sameContent) {
        List<AppendBatch> batches = append.batches();
        if (stored.stream().allMatch(List::isEmpty)) {
            return Optional.empty();
        }
        List<AppendResult> results = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            if (stored.get(i).isEmpty()) {
                UUID storedId = stored.stream().filter(s -> !s.isEmpty()).findFirst().orElseThrow().get(0).eventId();
                throw new DuplicateEventIdException(storedId, "the batch for stream '" + batches.get(i).stream().value()
                        + "' is not stored while other batches of this atomic append are; a retry must resend"
                        + " exactly the stored call");
            }
            results.add(check(batches.get(i), stored.get(i), sameContent).orElseThrow());
        }
        return Optional.of(List.copyOf(results));
    }

    /**
     * The conflicts of an atomic append whose streams are at {@code currentVersions} (same
     * indexes as its batches), in stream order.
     *
     * @throws MultiStreamConflictException when a stream's version does not satisfy its batch's expectation
     */
    public static void requireExpectedVersions(AtomicAppend append, long[] currentVersions) {
        List<StreamConflict> conflicts = new ArrayList<>();
        for (int i : append.canonicalOrder()) {
            AppendBatch batch = append.batches().get(i);
            if (!batch.expected().isSatisfiedBy(currentVersions[i])) {
                conflicts.add(new StreamConflict(batch.stream(), batch.expected(), currentVersions[i]));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new MultiStreamConflictException(conflicts);
        }
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
