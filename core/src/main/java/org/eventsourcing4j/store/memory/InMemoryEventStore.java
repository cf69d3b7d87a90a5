package org.eventsourcing4j.store.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.AtomicAppend;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamPage;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.StreamSummary;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamLifecycle;
import org.eventsourcing4j.store.StreamState;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.AppendConditionFailedException;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.Decision;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.spi.AppendListeners;
import org.eventsourcing4j.store.spi.Lifecycles;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.store.spi.IdempotentRetry;

/**
 * A thread-safe event store in memory, for tests and prototypes.
 *
 * <p>Writers take one lock, so the global position is allocated in commit order and the
 * log never has gaps. Readers take no lock: the global log and each stream are
 * append-only arrays published through a volatile {@link Log} snapshot whose elements
 * never change once visible, so every reader sees a consistent prefix. Versions and
 * positions are always assigned here, never taken from the caller.
 */
public final class InMemoryEventStore implements EventStore, ConsistencyBoundaries {

    private final Clock clock;
    private final Object writeLock = new Object();
    private final Log global = new Log();
    private final Map<StreamId, Log> streams = new ConcurrentHashMap<>();
    /** Only touched under {@link #writeLock}. */
    private final Map<UUID, RecordedEvent> byEventId = new ConcurrentHashMap<>(); // readEvent reads it without the lock
    private final AppendListeners appendListeners = new AppendListeners();
    /** Streams that were ever retired or truncated; written under {@link #writeLock}. */
    final Map<StreamId, StreamState> states = new ConcurrentHashMap<>();
    /** Archived streams' events; written under {@link #writeLock}. */
    final Map<StreamId, RecordedEvent[]> archive = new ConcurrentHashMap<>();
    private final MemoryLifecycle lifecycle = new MemoryLifecycle(this);

    public InMemoryEventStore() {
        this(Clock.systemUTC());
    }

    /** @param clock where recorded-at timestamps come from (truncated to microseconds) */
    public InMemoryEventStore(Clock clock) {
        this.clock = Checks.notNull(clock, "clock");
    }

    @Override
    public AppendResult append(AppendBatch batch) {
        Checks.notNull(batch, "batch");
        AppendResult result;
        synchronized (writeLock) {
            result = appendLocked(batch);
        }
        appendListeners.wakeAll();
        return result;
    }

    /** All batches under the one write lock: checked first, then written, so a refusal writes nothing. */
    @Override
    public List<AppendResult> appendAll(List<AppendBatch> batches) {
        AtomicAppend append = AtomicAppend.of(batches);
        List<AppendResult> results;
        synchronized (writeLock) {
            results = appendAllLocked(append);
        }
        appendListeners.wakeAll();
        return results;
    }

    private List<AppendResult> appendAllLocked(AtomicAppend append) {
        List<List<RecordedEvent>> stored = new ArrayList<>();
        long[] current = new long[append.batches().size()];
        for (int i = 0; i < current.length; i++) {
            AppendBatch batch = append.batches().get(i);
            stored.add(storedEvents(batch));
            StreamState state = state(batch.stream());
            Log stream = streams.get(batch.stream());
            current[i] = state.firstVersion() - 1 + (stream == null ? 0 : stream.size());
        }
        var retry = IdempotentRetry.checkAll(append, stored, RecordedEvent::hasContentOf);
        if (retry.isPresent()) {
            return retry.get();
        }
        for (AppendBatch batch : append.batches()) {
            Lifecycles.checkAppend(state(batch.stream()), batch);
        }
        IdempotentRetry.requireExpectedVersions(append, current);
        Instant now = Limits.recordedAt(clock.instant());
        List<AppendResult> results = new ArrayList<>();
        for (int i = 0; i < current.length; i++) {
            AppendBatch batch = append.batches().get(i);
            results.add(write(batch, streams.computeIfAbsent(batch.stream(), id -> new Log()), current[i], now));
        }
        return List.copyOf(results);
    }

    private List<RecordedEvent> storedEvents(AppendBatch batch) {
        List<RecordedEvent> alreadyStored = new ArrayList<>(0);
        for (EventData event : batch.events()) {
            RecordedEvent stored = byEventId.get(event.eventId());
            if (stored != null) {
                alreadyStored.add(stored);
            }
        }
        return alreadyStored;
    }

    private AppendResult appendLocked(AppendBatch batch) {
        var retry = IdempotentRetry.check(batch, storedEvents(batch), RecordedEvent::hasContentOf);
        if (retry.isPresent()) {
            return retry.get();
        }
        StreamState state = state(batch.stream());
        Lifecycles.checkAppend(state, batch);
        Log stream = streams.computeIfAbsent(batch.stream(), id -> new Log());
        long current = state.firstVersion() - 1 + stream.size();
        if (!batch.expected().isSatisfiedBy(current)) {
            throw new ConcurrencyConflictException(batch.stream(), batch.expected(), current);
        }
        return write(batch, stream, current, Limits.recordedAt(clock.instant()));
    }

    /** Writes the batch after version {@code current} of its stream (which counts truncated events). */
    private AppendResult write(AppendBatch batch, Log stream, long current, Instant now) {
        long position = global.size();
        RecordedEvent last = null;
        RecordedEvent[] recorded = new RecordedEvent[batch.size()];
        for (int i = 0; i < recorded.length; i++) {
            EventData event = batch.events().get(i);
            recorded[i] = new RecordedEvent(event.eventId(), event.type(), batch.stream(), current + i + 1,
                    LogPosition.of(position + i + 1), now, event.revision(), event.data(), event.metadata(),
                    event.tags());
            last = recorded[i];
        }
        // Publish stream first, then the global log: a global reader that sees an event
        // can always find it in its stream too.
        stream.addAll(recorded);
        global.addAll(recorded);
        for (RecordedEvent event : recorded) {
            byEventId.put(event.eventId(), event);
        }
        return new AppendResult(last.version(), last.logPosition(), now);
    }

    /** Appends under the write lock (held by the caller), without the lifecycle checks. */
    AppendResult appendMarker(StreamId stream, long head, EventData marker) {
        return appendLocked(new AppendBatch(stream, ExpectedVersion.exactly(head), List.of(marker)));
    }

    Object writeLock() {
        return writeLock;
    }

    Clock clock() {
        return clock;
    }

    Log global() {
        return global;
    }

    Map<StreamId, Log> streams() {
        return streams;
    }

    Map<UUID, RecordedEvent> byEventId() {
        return byEventId;
    }

    StreamState state(StreamId stream) {
        return states.getOrDefault(stream, StreamState.live());
    }

    /** Soft delete, truncation, hard delete and archiving, under the store's write lock. */
    @Override
    public Optional<StreamLifecycle> lifecycle() {
        return Optional.of(lifecycle);
    }

    /** This store: tags are kept, and the one write lock makes the condition's check and the append one step. */
    @Override
    public Optional<ConsistencyBoundaries> consistencyBoundaries() {
        return Optional.of(this);
    }

    @Override
    public Stream<RecordedEvent> read(EventQuery query, LogPosition after) {
        Checks.notNull(query, "query");
        Checks.notNull(after, "after");
        Log.Snapshot snapshot = global.snapshot();
        return matching(snapshot, query, after.position());
    }

    @Override
    public Decision decide(EventQuery query) {
        Checks.notNull(query, "query");
        Log.Snapshot snapshot = global.snapshot();
        try (Stream<RecordedEvent> events = matching(snapshot, query, 0)) {
            return new Decision(query, events.toList(), LogPosition.of(snapshot.size()));
        }
    }

    private static Stream<RecordedEvent> matching(Log.Snapshot snapshot, EventQuery query, long after) {
        Spliterator<RecordedEvent> range = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            long next = Math.max(0, after);

            @Override
            public boolean tryAdvance(Consumer<? super RecordedEvent> action) {
                while (next < snapshot.size()) {
                    RecordedEvent event = snapshot.get((int) next++);
                    if (query.matches(event)) {
                        action.accept(event);
                        return true;
                    }
                }
                return false;
            }
        };
        return StreamSupport.stream(range, false);
    }

    @Override
    public List<AppendResult> appendAll(List<AppendBatch> batches, AppendCondition condition) {
        AtomicAppend append = AtomicAppend.of(batches);
        Checks.notNull(condition, "condition");
        List<AppendResult> results;
        synchronized (writeLock) {
            Log.Snapshot snapshot = global.snapshot();
            // An exact retry of a stored call is answered before the condition, which its own events would fail.
            List<List<RecordedEvent>> stored = append.batches().stream().map(this::storedEvents).toList();
            var retry = IdempotentRetry.checkAll(append, stored, RecordedEvent::hasContentOf);
            if (retry.isPresent()) {
                return retry.get();
            }
            try (Stream<RecordedEvent> conflicting = matching(snapshot, condition.failIfEventsMatch(),
                    condition.after().position())) {
                Optional<RecordedEvent> first = conflicting.findFirst();
                if (first.isPresent()) {
                    throw new AppendConditionFailedException(condition, first.get().logPosition());
                }
            }
            results = appendAllLocked(append);
        }
        appendListeners.wakeAll();
        return results;
    }

    @Override
    public Optional<RecordedEvent> readEvent(UUID eventId) {
        Checks.notNull(eventId, "event id");
        RecordedEvent event = byEventId.get(eventId);
        if (event == null && !archive.isEmpty()) {
            return archive.values().stream().flatMap(java.util.Arrays::stream)
                    .filter(archived -> archived.eventId().equals(eventId)).findFirst();
        }
        return Optional.ofNullable(event);
    }

    @Override
    public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
        Checks.notNull(stream, "stream id");
        Checks.notNull(query, "query");
        StreamState state = state(stream);
        Lifecycles.checkRead(stream, state, query);
        RecordedEvent[] archived = state.status() == StreamState.Status.ARCHIVED ? archive.get(stream) : null;
        Log log = archived != null ? Log.of(archived) : streams.get(stream);
        if (log == null) {
            return Stream.empty();
        }
        Log.Snapshot snapshot = log.snapshot();
        long offset = state.firstVersion() - 1;
        long from = query.fromVersion() - 1 - offset;
        long to = Math.min(snapshot.size(), query.toVersion() - offset);
        if (from >= to) {
            return Stream.empty();
        }
        Spliterator<RecordedEvent> range = new Spliterators.AbstractSpliterator<>(to - from,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            int next = (int) from;

            @Override
            public boolean tryAdvance(Consumer<? super RecordedEvent> action) {
                while (next < to) {
                    RecordedEvent event = snapshot.get(next++);
                    if (query.matches(event.version(), event.recordedAt())) {
                        action.accept(event);
                        return true;
                    }
                }
                return false;
            }
        };
        return StreamSupport.stream(range, false);
    }

    @Override
    public long currentVersion(StreamId stream) {
        Checks.notNull(stream, "stream id");
        StreamState state = state(stream);
        RecordedEvent[] archived = state.status() == StreamState.Status.ARCHIVED ? archive.get(stream) : null;
        if (archived != null) {
            return archived[archived.length - 1].version();
        }
        Log log = streams.get(stream);
        return log == null ? 0 : state.firstVersion() - 1 + log.size();
    }

    @Override
    public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
        Checks.notNull(after, "after");
        Checks.pageSize(limit);
        Checks.notNull(filter, "filter");
        Log.Snapshot snapshot = global.snapshot();
        List<RecordedEvent> page = new ArrayList<>(Math.min(limit, 256));
        long index = after.position();
        while (index < snapshot.size() && page.size() < limit) {
            RecordedEvent event = snapshot.get((int) index++);
            if (event != null && filter.matches(event.type(), event.streamId())) {
                page.add(event);
            }
        }
        return new LogPage(page, LogPosition.of(index));
    }

    /** Streams in {@link StreamId#compareTo} order; sorts the matching ids on every call. */
    @Override
    public StreamPage listStreams(StreamListing listing) {
        Checks.notNull(listing, "listing");
        List<StreamId> ids = new ArrayList<>();
        for (Map.Entry<StreamId, Log> entry : streams.entrySet()) {
            // A refused first append leaves an empty log behind: such a stream does not exist.
            if (entry.getValue().size() > 0 && listing.matches(entry.getKey())) {
                ids.add(entry.getKey());
            }
        }
        ids.sort(null);
        List<StreamSummary> page = new ArrayList<>();
        for (StreamId id : ids.subList(0, Math.min(ids.size(), listing.limit() + 1))) {
            Log.Snapshot events = streams.get(id).snapshot();
            RecordedEvent first = events.get(0);
            RecordedEvent last = events.get(events.size() - 1);
            page.add(new StreamSummary(id, last.version(), events.size(), first.recordedAt(), last.recordedAt()));
        }
        return StreamPage.of(page, listing.limit());
    }

    @Override
    public LogPosition headPosition() {
        return LogPosition.of(global.size());
    }

    /**
     * Runs {@code listener} on the appending thread after every append, once the lock is
     * released. A listener that throws is logged; the append still succeeds.
     */
    @Override
    public Optional<Registration> onAppend(Runnable listener) {
        return Optional.of(appendListeners.add(listener));
    }
}
