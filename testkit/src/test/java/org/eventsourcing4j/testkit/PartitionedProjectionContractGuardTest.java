package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eventsourcing4j.projection.CheckpointStore;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.projection.SegmentAssignment;
import org.eventsourcing4j.projection.SegmentClaim;
import org.eventsourcing4j.projection.SegmentClaims;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.junit.jupiter.api.Test;

/**
 * Runs the partitioned projection contract against deliberately broken claims and targets
 * and checks that it catches each one, so none of its tests can pass vacuously.
 */
class PartitionedProjectionContractGuardTest {

    @Test
    void the_contract_catches_claims_that_ignore_epochs_so_a_stale_owner_commits() {
        assertThat(ContractGuardTest.run(IgnoresEpochsContract.class).failed).contains(
                "a_stale_owner_commits_nothing_after_a_take_over_or_a_resize()",
                "an_abandoned_instances_segments_move_to_the_survivors_and_its_late_commits_are_fenced()");
    }

    @Test
    void the_contract_catches_claims_that_give_every_instance_every_segment() {
        assertThat(ContractGuardTest.run(EveryoneOwnsEverythingContract.class).failed).contains(
                "instances_share_the_segments_fairly_and_the_survivors_take_over_when_one_stops()",
                "an_abandoned_instances_segments_move_to_the_survivors_and_its_late_commits_are_fenced()");
    }

    @Test
    void the_contract_catches_claims_that_never_expire() {
        ContractGuardTest.Results results = ContractGuardTest.run(NeverExpiresContract.class);
        assertThat(results.total()).as("partitioned projection contract tests").isEqualTo(7);
        assertThat(results.failed).containsExactlyInAnyOrder(
                "an_abandoned_instances_segments_move_to_the_survivors_and_its_late_commits_are_fenced()",
                "a_stale_owner_commits_nothing_after_a_take_over_or_a_resize()");
    }

    @Test
    void the_contract_catches_a_target_that_moves_its_checkpoint_before_applying() {
        assertThat(ContractGuardTest.run(CheckpointFirstContract.class).failed).contains(
                "every_event_is_applied_once_in_stream_order_by_its_segment_with_its_claims_epoch_while_writers_append()");
    }

    /** The in-memory contract with one broken part; a broken part makes tests wait for what never comes. */
    private abstract static class Broken extends InMemoryPartitionedProjectionContractTest {
        @Override
        protected Duration patience() {
            return Duration.ofSeconds(5);
        }
    }

    /** Claims that hold and commit whatever claim they are shown: epochs, owners and generations are never checked. */
    private static class Unfenced extends ForwardingSegmentClaims {
        Unfenced(SegmentClaims delegate) {
            super(delegate);
        }

        @Override
        public boolean holds(SegmentClaim claim) {
            return true;
        }

        @Override
        public boolean commitFenced(SegmentClaim claim, BooleanSupplier commit) {
            return commit.getAsBoolean();
        }
    }

    static final class IgnoresEpochsContract extends Broken {
        @Override
        protected SegmentClaims newClaims(EventStore store) {
            return new Unfenced(super.newClaims(store));
        }
    }

    /** Every heartbeat hands the instance every segment, whoever holds it. */
    static final class EveryoneOwnsEverythingContract extends Broken {
        @Override
        protected SegmentClaims newClaims(EventStore store) {
            return new Unfenced(super.newClaims(store)) {
                @Override
                public SegmentAssignment heartbeat(String projection, String instance, int initialSegments,
                                                   Instant now, Duration timeout) {
                    SegmentAssignment real = super.heartbeat(projection, instance, initialSegments, now, timeout);
                    List<SegmentClaim> all = new ArrayList<>();
                    Set<Integer> wanted = new HashSet<>();
                    for (int segment = 0; segment < real.layout().segments(); segment++) {
                        all.add(new SegmentClaim(projection, real.layout().generation(), segment,
                                real.layout().segments(), 1, instance));
                        wanted.add(segment);
                    }
                    return new SegmentAssignment(real.layout(), all, wanted, real.members());
                }
            };
        }
    }

    /** A silent instance keeps its claims (and its membership) for ever; only leaving frees them. */
    static final class NeverExpiresContract extends Broken {
        @Override
        protected SegmentClaims newClaims(EventStore store) {
            return new ForwardingSegmentClaims(super.newClaims(store)) {
                @Override
                public SegmentAssignment heartbeat(String projection, String instance, int initialSegments,
                                                   Instant now, Duration timeout) {
                    return super.heartbeat(projection, instance, initialSegments, now, Duration.ofDays(365));
                }
            };
        }
    }

    /** Moves the checkpoint over the page first, then applies it: a failing event loses the rest of its page. */
    static final class CheckpointFirstContract extends Broken {
        @Override
        protected SegmentRecording newRecording(EventStore store) {
            InMemorySegmentRecording real = new InMemorySegmentRecording();
            return new SegmentRecording() {
                @Override
                public ProjectionTarget target(SegmentClaim claim, SegmentClaims claims) {
                    CheckpointStore checkpoints = claims.checkpoints();
                    return new ForwardingProjectionTarget(real.target(claim, claims)) {
                        @Override
                        public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
                            if (!checkpoints.compareAndSet(claim.name(), from, to)) {
                                return false;
                            }
                            events.forEach(real.handler(claim)::handle);
                            return true;
                        }
                    };
                }

                @Override
                public List<Applied> applied() {
                    return real.applied();
                }

                @Override
                public void failOnceOn(Predicate<RecordedEvent> events) {
                    real.failOnceOn(events);
                }
            };
        }
    }
}
