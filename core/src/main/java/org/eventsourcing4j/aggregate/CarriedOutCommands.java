package org.eventsourcing4j.aggregate;

import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.StreamReader;

/**
 * Finds what a command appended when its idempotency key shows it was carried out already:
 * its first event is stored under the id the key derives, and the batch it appended is the run
 * of stored events from there whose ids the key derives too.
 */
final class CarriedOutCommands {
    private final StreamReader store;

    CarriedOutCommands(StreamReader store) {
        this.store = store;
    }

    /**
     * The original append of the command, or empty when the options have no key or the key's
     * command was not carried out in {@code stream}.
     *
     * @throws IdempotencyConflictException when the key was used for another stream or command
     */
    Optional<AppendResult> find(StreamId stream, CommandOptions options) {
        if (options.idempotencyKey().isEmpty()) {
            return Optional.empty();
        }
        String key = options.idempotencyKey().get();
        Optional<RecordedEvent> found = store.readEvent(CommandEventIds.of(stream, key, 0));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RecordedEvent first = found.get();
        if (!first.streamId().equals(stream)) {
            throw new IdempotencyConflictException(key, "its event is in stream '" + first.streamId() + "'");
        }
        Optional<String> stored = Optional.ofNullable(
                first.metadata().headers().get(AggregateRepository.FINGERPRINT_HEADER));
        if (options.fingerprint().isPresent() && !options.fingerprint().equals(stored)) {
            throw new IdempotencyConflictException(key, "the command differs from the one carried out with it");
        }
        RecordedEvent last = first;
        LogPosition lastPosition = first.logPosition();
        try (Stream<RecordedEvent> after = store.readStream(stream, StreamQuery.from(first.version() + 1))) {
            Iterator<RecordedEvent> events = after.iterator();
            for (int i = 1; events.hasNext(); i++) {
                RecordedEvent next = events.next();
                if (!next.eventId().equals(CommandEventIds.of(stream, key, i))) {
                    break;
                }
                last = next;
                if (next.logPosition().isAfter(lastPosition)) {
                    lastPosition = next.logPosition();
                }
            }
        }
        return Optional.of(new AppendResult(last.version(), lastPosition, last.recordedAt()));
    }
}
