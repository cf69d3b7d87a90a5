package org.eventsourcing4j.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.support.Checks;

/**
 * Segment claims in memory, for all segments run in one process (the in-memory store, or a
 * single instance); the same rules as the claims table.
 */
public final class InMemorySegmentClaims implements SegmentClaims {
    private final CheckpointStore checkpoints;
    private final Map<String, State> projections = new HashMap<>();

    public InMemorySegmentClaims(CheckpointStore checkpoints) {
        this.checkpoints = Checks.notNull(checkpoints, "checkpoint store");
    }

    private static final class State {
        SegmentLayout layout;
        final Map<String, Instant> members = new TreeMap<>();
        final Map<Integer, Claim> claims = new HashMap<>();
        /** The highest epoch of the earlier generations: the next generation's epochs go on from it. */
        long epochs;

        /** Fences every claim of the current generation, keeping its highest epoch. */
        void fenceAll() {
            claims.values().forEach(claim -> epochs = Math.max(epochs, claim.epoch()));
            claims.clear();
        }
    }

    private record Claim(String owner, long epoch, Instant renewed) {
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    private State state(String projection, int initialSegments) {
        Checks.notNull(projection, "projection");
        return projections.computeIfAbsent(projection, p -> {
            State state = new State();
            state.layout = new SegmentLayout(1, Segments.check(initialSegments), 0, List.of());
            return state;
        });
    }

    @Override
    public synchronized SegmentLayout layout(String projection, int initialSegments) {
        return state(projection, initialSegments).layout;
    }

    @Override
    public synchronized SegmentAssignment heartbeat(String projection, String instance, int initialSegments,
                                                    Instant now, Duration timeout) {
        State state = state(projection, initialSegments);
        state.members.put(instance, now);
        state.members.values().removeIf(seen -> seen.plus(timeout).isBefore(now));
        List<String> members = new ArrayList<>(state.members.keySet());
        SegmentLayout layout = state.layout;
        Set<Integer> wanted = SegmentClaims.share(members, instance, layout.segments());
        List<SegmentClaim> held = new ArrayList<>();
        for (int segment = 0; segment < layout.segments(); segment++) {
            Claim claim = state.claims.get(segment);
            boolean mine = claim != null && claim.owner() != null && claim.owner().equals(instance);
            boolean free = claim == null || claim.owner() == null || claim.renewed().plus(timeout).isBefore(now);
            if (mine || (free && wanted.contains(segment))) {
                long epoch = mine ? claim.epoch() : (claim == null ? state.epochs : claim.epoch()) + 1;
                state.claims.put(segment, new Claim(instance, epoch, now));
                held.add(new SegmentClaim(projection, layout.generation(), segment, layout.segments(), epoch, instance));
            }
        }
        return new SegmentAssignment(layout, held, wanted, members);
    }

    @Override
    public synchronized void release(SegmentClaim claim) {
        State state = projections.get(claim.projection());
        if (state != null && holds(state, claim)) {
            Claim current = state.claims.get(claim.segment());
            state.claims.put(claim.segment(), new Claim(null, current.epoch(), current.renewed()));
        }
    }

    @Override
    public synchronized void leave(String projection, String instance) {
        State state = projections.get(projection);
        if (state != null) {
            state.members.remove(instance);
        }
    }

    @Override
    public synchronized boolean holds(SegmentClaim claim) {
        State state = projections.get(claim.projection());
        return state != null && holds(state, claim);
    }

    @Override
    public synchronized boolean commitFenced(SegmentClaim claim, java.util.function.BooleanSupplier commit) {
        return holds(claim) && commit.getAsBoolean();
    }

    private static boolean holds(State state, SegmentClaim claim) {
        Claim current = state.claims.get(claim.segment());
        return state.layout.generation() == claim.generation() && current != null
                && claim.owner().equals(current.owner()) && current.epoch() == claim.epoch();
    }

    @Override
    public synchronized List<SegmentClaim> claims(String projection) {
        State state = projections.get(projection);
        List<SegmentClaim> all = new ArrayList<>();
        if (state != null) {
            state.claims.forEach((segment, claim) -> {
                if (claim.owner() != null) {
                    all.add(new SegmentClaim(projection, state.layout.generation(), segment, state.layout.segments(),
                            claim.epoch(), claim.owner()));
                }
            });
        }
        all.sort((a, b) -> Integer.compare(a.segment(), b.segment()));
        return all;
    }

    @Override
    public synchronized SegmentLayout resize(String projection, int segments) {
        Segments.check(segments);
        State state = state(projection, segments);
        SegmentLayout old = state.layout;
        List<LogPosition> stopped = new ArrayList<>();
        for (int segment = 0; segment < old.segments(); segment++) {
            stopped.add(checkpoints.load(Segments.name(projection, old.generation(), segment)));
        }
        old.requireHandedOver(stopped);
        SegmentLayout next = new SegmentLayout(old.generation() + 1, segments, old.segments(), stopped);
        for (int segment = 0; segment < segments; segment++) {
            checkpoints.compareAndSet(Segments.name(projection, next.generation(), segment), LogPosition.START,
                    next.start());
        }
        state.fenceAll(); // fences every claim of the old generation
        state.layout = next;
        return next;
    }

    @Override
    public synchronized SegmentLayout restart(String projection, Consumer<SegmentLayout> resetReadModel) {
        State state = projections.get(projection);
        if (state == null) {
            throw new InvalidArgumentException("projection", "'" + projection + "' has no segments yet");
        }
        state.fenceAll();
        SegmentLayout next = new SegmentLayout(state.layout.generation() + 1, state.layout.segments(), 0, List.of());
        resetReadModel.accept(next);
        state.layout = next;
        return next;
    }
}
