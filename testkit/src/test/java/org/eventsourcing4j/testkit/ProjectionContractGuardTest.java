package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eventsourcing4j.projection.CheckpointStore;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.projection.InMemoryCheckpointStore;
import org.eventsourcing4j.projection.InMemoryDeadLetterStore;
import org.eventsourcing4j.projection.ParkedEvent;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/**
 * Runs the projection contract against deliberately broken parts and checks that it
 * catches each one, so none of its tests can pass vacuously.
 */
class ProjectionContractGuardTest {

    @Test
    void the_contract_catches_a_global_log_that_skips_events() {
        ContractGuardTest.Results results = ContractGuardTest.run(SkippingLogContract.class);
        assertThat(results.total()).as("projection contract tests").isGreaterThanOrEqualTo(8);
        assertThat(results.failed).contains(
                "applies_every_event_once_in_log_order_across_catch_up_and_a_live_burst_of_concurrent_writers()",
                "stopped_and_restarted_anywhere_it_resumes_without_loss_or_duplicates()",
                "a_rebuild_during_live_appends_ends_equal_to_a_fresh_replay()");
    }

    @Test
    void the_contract_catches_a_target_that_applies_a_page_twice() {
        ContractGuardTest.Results results = ContractGuardTest.run(DoubleApplyingContract.class);
        assertThat(results.failed).contains(
                "applies_every_event_once_in_log_order_across_catch_up_and_a_live_burst_of_concurrent_writers()",
                "a_filtered_projection_reads_its_events_and_its_checkpoint_moves_past_the_others()");
    }

    @Test
    void the_contract_catches_a_target_whose_reset_keeps_the_read_model() {
        ContractGuardTest.Results results = ContractGuardTest.run(NoResetContract.class);
        assertThat(results.failed).containsExactly("a_rebuild_during_live_appends_ends_equal_to_a_fresh_replay()");
    }

    @Test
    void the_contract_catches_a_dead_letter_store_that_loses_parked_events() {
        ContractGuardTest.Results results = ContractGuardTest.run(ForgetfulDeadLettersContract.class);
        assertThat(results.failed)
                .containsExactly("a_poison_event_is_parked_with_its_streams_later_events_and_replayed_in_order_or_skipped()");
    }

    @Test
    void the_contract_catches_a_checkpoint_store_that_keeps_nothing() {
        ContractGuardTest.Results results = ContractGuardTest.run(ForgetfulCheckpointsContract.class);
        assertThat(results.failed).contains(
                "stopped_and_restarted_anywhere_it_resumes_without_loss_or_duplicates()",
                "a_filtered_projection_reads_its_events_and_its_checkpoint_moves_past_the_others()");
    }

    /** The in-memory projection contract with one broken part. */
    private abstract static class Broken extends ProjectionContract {
        final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

        /** A broken part makes tests wait for what never comes: a working one gets there in milliseconds. */
        @Override
        protected Duration patience() {
            return Duration.ofSeconds(3);
        }

        @Override
        protected EventStore newStore(Clock clock) {
            return new InMemoryEventStore(clock);
        }

        @Override
        protected RecordingProjection newProjection(EventStore store, String name) {
            return new InMemoryRecordingProjection(name, checkpoints);
        }
    }

    static final class SkippingLogContract extends Broken {
        @Override
        protected EventStore newStore(Clock clock) {
            return new BrokenStores.SkippingGlobalLog(clock);
        }
    }

    static final class DoubleApplyingContract extends Broken {
        @Override
        protected RecordingProjection newProjection(EventStore store, String name) {
            return new Wrapped(new InMemoryRecordingProjection(name, checkpoints)) {
                @Override
                ProjectionTarget wrap(ProjectionTarget target) {
                    return new ForwardingProjectionTarget(target) {
                        @Override
                        public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
                            events.forEach(e -> applyOnly(target, e)); // a second, unchecked application
                            return super.commit(events, from, to);
                        }
                    };
                }
            };
        }
    }

    static final class NoResetContract extends Broken {
        @Override
        protected RecordingProjection newProjection(EventStore store, String name) {
            return new Wrapped(new InMemoryRecordingProjection(name, checkpoints)) {
                @Override
                ProjectionTarget wrap(ProjectionTarget target) {
                    return new ForwardingProjectionTarget(target) {
                        @Override
                        public void reset() {
                            checkpoints.reset(name); // forgets the checkpoint, keeps the read model
                        }
                    };
                }
            };
        }
    }

    static final class ForgetfulDeadLettersContract extends Broken {
        @Override
        protected DeadLetterStore newDeadLetterStore(EventStore store) {
            InMemoryDeadLetterStore real = new InMemoryDeadLetterStore();
            return new DeadLetterStore() {
                @Override
                public void park(ParkedEvent parked) {
                    // lost
                }

                @Override
                public List<ParkedEvent> list(String projection) {
                    return real.list(projection);
                }

                @Override
                public boolean remove(String projection, UUID eventId) {
                    return real.remove(projection, eventId);
                }
            };
        }
    }

    static final class ForgetfulCheckpointsContract extends Broken {
        @Override
        protected RecordingProjection newProjection(EventStore store, String name) {
            CheckpointStore forgetful = new CheckpointStore() {
                @Override
                public LogPosition load(String projection) {
                    return LogPosition.START; // nothing was ever stored
                }

                @Override
                public boolean compareAndSet(String projection, LogPosition expected, LogPosition next) {
                    return true;
                }

                @Override
                public void reset(String projection) {
                }
            };
            return new InMemoryRecordingProjection(name, forgetful);
        }
    }

    /** A recording projection whose target a broken variant wraps. */
    private abstract static class Wrapped implements RecordingProjection {
        private final RecordingProjection inner;
        private final ProjectionTarget target;
        final List<UUID> extra = new CopyOnWriteArrayList<>();

        Wrapped(RecordingProjection inner) {
            this.inner = inner;
            this.target = wrap(inner.target());
        }

        abstract ProjectionTarget wrap(ProjectionTarget target);

        void applyOnly(ProjectionTarget ignored, RecordedEvent event) {
            extra.add(event.eventId());
        }

        @Override
        public ProjectionTarget target() {
            return target;
        }

        @Override
        public List<UUID> applied() {
            List<UUID> all = new java.util.ArrayList<>(inner.applied());
            all.addAll(extra);
            return all;
        }

        @Override
        public void failOn(Predicate<RecordedEvent> events, int times) {
            inner.failOn(events, times);
        }
    }
}
