package org.eventsourcing4j.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the instances of a partitioned projection claim its segments (on PostgreSQL or
 * SQLite a claims table, see {@code org.eventsourcing4j.jdbc.JdbcSegmentClaims}; in one
 * process {@link InMemorySegmentClaims}). Every instance calls {@link #heartbeat} at a fixed
 * interval: that marks it alive, renews its claims, and takes the free or expired segments
 * of its fair share. A claim whose owner missed its heartbeats for the claim timeout
 * expires and goes to the instance whose share it is, with a higher epoch.
 *
 * <p>The store also keeps the segmentation ({@link SegmentLayout}) and the segments'
 * checkpoints ({@link #checkpoints()}): changing the number of segments and rebuilding
 * fence every claim of the old generation in the same step as they record where it stopped.
 */
public interface SegmentClaims {

    /** The checkpoint store the segments' checkpoints are in (named {@link Segments#name}). */
    CheckpointStore checkpoints();

    /** The current layout; created with {@code initialSegments} segments when the projection has none. */
    SegmentLayout layout(String projection, int initialSegments);

    /**
     * Marks {@code instance} alive at {@code now}, forgets instances silent for longer than
     * {@code timeout}, renews this instance's claims and takes the free or expired segments
     * of its fair share (see {@link #share}).
     */
    SegmentAssignment heartbeat(String projection, String instance, int initialSegments, Instant now,
                                Duration timeout);

    /** Gives a claim up (its runner has stopped), so the instance whose share it is can take it at once. */
    void release(SegmentClaim claim);

    /** Removes {@code instance} from the live instances (it stops), so the others rebalance at once. */
    void leave(String projection, String instance);

    /** Whether {@code claim} is still current: same owner and epoch, of the current generation. */
    boolean holds(SegmentClaim claim);

    /**
     * Runs {@code commit} only while {@code claim} is current, for targets that do not fence
     * by epoch themselves; this default checks, then commits (a take-over in between is not
     * fenced), {@link InMemorySegmentClaims} does both under its lock.
     */
    default boolean commitFenced(SegmentClaim claim, java.util.function.BooleanSupplier commit) {
        return holds(claim) && commit.getAsBoolean();
    }

    /** The current generation's claims, one per claimed segment. */
    List<SegmentClaim> claims(String projection);

    /**
     * Changes the number of segments: in one step, fences every claim of the current
     * generation (a commit in flight finishes first; later ones commit nothing), records
     * where each segment stopped, and starts a new generation whose segments apply exactly
     * the events the old ones had not.
     *
     * @throws org.eventsourcing4j.store.InvalidArgumentException when {@code segments} is out of
     *         range, or the previous change is still being handed over (a segment of the current
     *         generation has not yet passed the previous generation's furthest checkpoint)
     */
    SegmentLayout resize(String projection, int segments);

    /**
     * Rebuilds: fences every claim of the current generation, runs {@code resetReadModel}
     * while no segment can be claimed, then starts a new generation from the start of the log.
     */
    SegmentLayout restart(String projection, Consumer<SegmentLayout> resetReadModel);

    /**
     * The fair share of {@code instance}: the live instances sorted by name, the segments
     * dealt round-robin ({@code segment % members == index}), so shares differ by at most one.
     */
    static Set<Integer> share(List<String> members, String instance, int segments) {
        List<String> sorted = new ArrayList<>(members);
        sorted.sort(String::compareTo);
        int index = sorted.indexOf(instance);
        Set<Integer> mine = new HashSet<>();
        if (index < 0) {
            return mine;
        }
        for (int segment = index; segment < segments; segment += sorted.size()) {
            mine.add(segment);
        }
        return mine;
    }
}
