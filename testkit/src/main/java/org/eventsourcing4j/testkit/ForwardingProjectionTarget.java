package org.eventsourcing4j.testkit;

import java.util.List;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.projection.ParkedEvent;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;

/** A {@link ProjectionTarget} that hands every call to another: what a test overrides to watch or break one call. */
public class ForwardingProjectionTarget implements ProjectionTarget {
    private final ProjectionTarget delegate;

    public ForwardingProjectionTarget(ProjectionTarget delegate) {
        this.delegate = delegate;
    }

    @Override
    public LogPosition checkpoint() {
        return delegate.checkpoint();
    }

    @Override
    public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
        return delegate.commit(events, from, to);
    }

    @Override
    public void applyAgain(RecordedEvent event) {
        delegate.applyAgain(event);
    }

    @Override
    public void replay(ParkedEvent parked, DeadLetterStore deadLetters) {
        delegate.replay(parked, deadLetters);
    }

    @Override
    public void reset() {
        delegate.reset();
    }
}
