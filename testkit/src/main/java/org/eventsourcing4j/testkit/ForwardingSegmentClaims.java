package org.eventsourcing4j.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eventsourcing4j.projection.CheckpointStore;
import org.eventsourcing4j.projection.SegmentAssignment;
import org.eventsourcing4j.projection.SegmentClaim;
import org.eventsourcing4j.projection.SegmentClaims;
import org.eventsourcing4j.projection.SegmentLayout;

/**
 * {@link SegmentClaims} that hand every call to other claims: what a test overrides to see or
 * hold up one instance's calls, or to break one rule on purpose.
 */
public class ForwardingSegmentClaims implements SegmentClaims {
    private final SegmentClaims delegate;

    public ForwardingSegmentClaims(SegmentClaims delegate) {
        this.delegate = delegate;
    }

    /** The claims the calls go to. */
    public final SegmentClaims delegate() {
        return delegate;
    }

    @Override
    public CheckpointStore checkpoints() {
        return delegate.checkpoints();
    }

    @Override
    public SegmentLayout layout(String projection, int initialSegments) {
        return delegate.layout(projection, initialSegments);
    }

    @Override
    public SegmentAssignment heartbeat(String projection, String instance, int initialSegments, Instant now,
                                       Duration timeout) {
        return delegate.heartbeat(projection, instance, initialSegments, now, timeout);
    }

    @Override
    public void release(SegmentClaim claim) {
        delegate.release(claim);
    }

    @Override
    public void leave(String projection, String instance) {
        delegate.leave(projection, instance);
    }

    @Override
    public boolean holds(SegmentClaim claim) {
        return delegate.holds(claim);
    }

    @Override
    public boolean commitFenced(SegmentClaim claim, BooleanSupplier commit) {
        return delegate.commitFenced(claim, commit);
    }

    @Override
    public List<SegmentClaim> claims(String projection) {
        return delegate.claims(projection);
    }

    @Override
    public SegmentLayout resize(String projection, int segments) {
        return delegate.resize(projection, segments);
    }

    @Override
    public SegmentLayout restart(String projection, Consumer<SegmentLayout> resetReadModel) {
        return delegate.restart(projection, resetReadModel);
    }
}
