package org.eventsourcing4j.projection;

import java.util.List;
import java.util.Set;

/**
 * What one heartbeat of an instance found: the layout, the claims the instance holds now
 * (renewed or newly taken), and the segments it should hold for a fair share.
 *
 * @param layout  the current segmentation
 * @param held    this instance's claims, all of {@code layout}'s generation
 * @param wanted  the segments this instance should hold; a held claim not in it is to be
 *                released once its runner has stopped
 * @param members the live instances, in the order the shares are dealt
 */
public record SegmentAssignment(SegmentLayout layout, List<SegmentClaim> held, Set<Integer> wanted,
                                List<String> members) {
    public SegmentAssignment {
        held = List.copyOf(held);
        wanted = Set.copyOf(wanted);
        members = List.copyOf(members);
    }
}
