package org.eventsourcing4j.testkit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamPage;
import org.eventsourcing4j.store.StreamSummary;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.memory.InMemoryEventStore;

/**
 * Deliberately broken stores for {@link ContractGuardTest}. Each is run through the whole
 * contract suite, which must catch it. They are nested classes, so Surefire does not run
 * them on their own.
 */
final class BrokenStores {
    private BrokenStores() {
    }

    /** Stores nothing, checks nothing. */
    static final class DoNothing implements EventStore {
        @Override
        public AppendResult append(AppendBatch batch) {
            return new AppendResult(batch.size(), LogPosition.of(batch.size()), java.time.Instant.EPOCH);
        }

        @Override
        public List<AppendResult> appendAll(List<AppendBatch> batches) {
            return batches.stream().map(this::append).toList();
        }

        @Override
        public java.util.Optional<RecordedEvent> readEvent(java.util.UUID eventId) {
            return java.util.Optional.empty();
        }

        @Override
        public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
            return Stream.empty();
        }

        @Override
        public long currentVersion(StreamId stream) {
            return 0;
        }

        @Override
        public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
            return new LogPage(List.of(), after);
        }

        @Override
        public LogPosition headPosition() {
            return LogPosition.START;
        }

        @Override
        public StreamPage listStreams(StreamListing listing) {
            return new StreamPage(List.of(), java.util.Optional.empty());
        }
    }

    /** A working store seen through a wrapper that a mutant can override piece by piece. */
    abstract static class Wrapper extends ForwardingEventStore {
        Wrapper(Clock clock) {
            super(new InMemoryEventStore(clock));
        }
    }

    /** Last writer wins: ignores the expected version. */
    static final class NoConcurrencyCheck extends Wrapper {
        NoConcurrencyCheck(Clock clock) {
            super(clock);
        }

        @Override
        public AppendResult append(AppendBatch batch) {
            return delegate().append(new AppendBatch(batch.stream(), ExpectedVersion.any(), batch.events()));
        }
    }

    /**
     * Writes the batches of an atomic append one by one: each batch is atomic and checked,
     * a conflict is reported with the right type, but batches before it stay written.
     */
    static final class OneBatchAtATime extends Wrapper {
        OneBatchAtATime(Clock clock) {
            super(clock);
        }

        @Override
        public List<AppendResult> appendAll(List<AppendBatch> batches) {
            List<AppendResult> results = new ArrayList<>();
            for (AppendBatch batch : batches) {
                try {
                    results.add(delegate().append(batch));
                } catch (org.eventsourcing4j.store.ConcurrencyConflictException e) {
                    throw new org.eventsourcing4j.store.MultiStreamConflictException(List.of(
                            new org.eventsourcing4j.store.StreamConflict(e.stream(), e.expected(), e.actualVersion())));
                }
            }
            return results;
        }
    }

    /** Forgets event ids: a retry writes the batch again. */
    static final class NotIdempotent extends Wrapper {
        NotIdempotent(Clock clock) {
            super(clock);
        }

        @Override
        public AppendResult append(AppendBatch batch) {
            List<EventData> fresh = new ArrayList<>();
            for (EventData event : batch.events()) {
                fresh.add(new EventData(UUID.randomUUID(), event.type(), event.revision(), event.data(), event.metadata()));
            }
            return delegate().append(new AppendBatch(batch.stream(), batch.expected(), fresh));
        }
    }

    /** Skips the first event of every page after the first (a gap heuristic gone wrong). */
    static final class SkippingGlobalLog extends Wrapper {
        SkippingGlobalLog(Clock clock) {
            super(clock);
        }

        @Override
        public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
            LogPage page = delegate().readAll(after, limit, filter);
            if (page.events().size() > 1 && !after.equals(LogPosition.START)) {
                return new LogPage(page.events().subList(1, page.events().size()), page.next());
            }
            return page;
        }
    }

    /** Reads a whole stream into a list of copies before returning it. */
    static final class MaterializingReads extends Wrapper {
        MaterializingReads(Clock clock) {
            super(clock);
        }

        @Override
        public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
            List<RecordedEvent> copies = new ArrayList<>();
            try (Stream<RecordedEvent> events = delegate().readStream(stream, query)) {
                events.forEach(e -> copies.add(new RecordedEvent(e.eventId(), e.type(), e.streamId(), e.version(),
                        e.logPosition(), e.recordedAt(), e.revision(), e.data(), e.metadata())));
            }
            return copies.stream();
        }
    }

    /** Lists every stream, whatever the prefix. */
    static final class ListingIgnoresPrefix extends Wrapper {
        ListingIgnoresPrefix(Clock clock) {
            super(clock);
        }

        @Override
        public StreamPage listStreams(StreamListing listing) {
            return delegate().listStreams(new StreamListing("", listing.after(), listing.limit()));
        }
    }

    /** Hands out a cursor one stream short, so the next page repeats the last stream. */
    static final class ListingRepeatsAStream extends Wrapper {
        ListingRepeatsAStream(Clock clock) {
            super(clock);
        }

        @Override
        public StreamPage listStreams(StreamListing listing) {
            StreamPage page = delegate().listStreams(listing);
            List<StreamSummary> streams = page.streams();
            if (page.next().isEmpty() || streams.size() < 2) {
                return page;
            }
            return new StreamPage(streams, java.util.Optional.of(streams.get(streams.size() - 2).stream()));
        }
    }

    /** Counts one event too few in every summary (a count that is not version-based). */
    static final class ListingMiscounts extends Wrapper {
        ListingMiscounts(Clock clock) {
            super(clock);
        }

        @Override
        public StreamPage listStreams(StreamListing listing) {
            StreamPage page = delegate().listStreams(listing);
            return new StreamPage(page.streams().stream().map(s -> new StreamSummary(s.stream(), s.version(),
                    Math.max(1, s.eventCount() - 1), s.firstRecordedAt(), s.lastRecordedAt())).toList(), page.next());
        }
    }
}
