package org.eventsourcing4j.store;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.support.Checks;

/**
 * An event store that hands every call to another one: extend it to decorate a store
 * (metrics, logging, tests) and override only what the decoration changes. The store's
 * capabilities ({@link #onAppend}, {@link #readDelay}, {@link #awaitReplication}, {@link #lifecycle}) are forwarded too.
 */
public abstract class ForwardingEventStore implements EventStore {
    private final EventStore delegate;

    protected ForwardingEventStore(EventStore delegate) {
        this.delegate = Checks.notNull(delegate, "delegate");
    }

    /** The store the calls go to. */
    protected final EventStore delegate() {
        return delegate;
    }

    @Override
    public AppendResult append(AppendBatch batch) {
        return delegate.append(batch);
    }

    @Override
    public java.util.List<AppendResult> appendAll(java.util.List<AppendBatch> batches) {
        return delegate.appendAll(batches);
    }

    @Override
    public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
        return delegate.readStream(stream, query);
    }

    @Override
    public long currentVersion(StreamId stream) {
        return delegate.currentVersion(stream);
    }

    @Override
    public Optional<RecordedEvent> readEvent(UUID eventId) {
        return delegate.readEvent(eventId);
    }

    @Override
    public boolean awaitReplication(Duration timeout) {
        return delegate.awaitReplication(timeout);
    }

    @Override
    public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
        return delegate.readAll(after, limit, filter);
    }

    @Override
    public StreamPage listStreams(StreamListing listing) {
        return delegate.listStreams(listing);
    }

    @Override
    public LogPosition headPosition() {
        return delegate.headPosition();
    }

    @Override
    public Optional<Registration> onAppend(Runnable listener) {
        return delegate.onAppend(listener);
    }

    @Override
    public Optional<org.eventsourcing4j.store.dcb.ConsistencyBoundaries> consistencyBoundaries() {
        return delegate.consistencyBoundaries();
    }

    @Override
    public Optional<ReadDelay> readDelay() {
        return delegate.readDelay();
    }

    @Override
    public LogPosition lastCommittedPosition() {
        return delegate.lastCommittedPosition();
    }

    @Override
    public Optional<StreamLifecycle> lifecycle() {
        return delegate.lifecycle();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
