package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.Decision;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/** The DCB suite must catch a store that reads by query correctly but ignores append conditions. */
class DcbContractGuardTest {

    @Test
    void the_dcb_suite_catches_a_store_that_ignores_the_append_condition() {
        ContractGuardTest.Results results = ContractGuardTest.run(IgnoresConditionContract.class);
        assertThat(results.failed).contains(
                "unique_user_name_only_one_of_racing_registrations_wins()",
                "course_capacity_and_per_student_limit_hold_under_racing_subscriptions()",
                "invoice_numbers_have_no_gaps_and_no_duplicates_under_racing_deciders()",
                "a_condition_fails_when_a_matching_event_was_appended_after_its_position_and_nothing_is_written()",
                "a_stream_aggregate_and_a_dcb_decision_live_side_by_side()");
        assertThat(results.passed).contains(
                "an_event_matches_an_item_when_its_type_is_one_of_the_items_types_and_it_has_all_the_items_tags()");
    }

    static final class IgnoresConditionContract extends DcbContract {
        @Override
        protected EventStore newStore(Clock clock) {
            return new IgnoresCondition(new InMemoryEventStore(clock));
        }
    }

    /** Reads by query through the real store; appends without checking the condition. */
    static final class IgnoresCondition extends ForwardingEventStore implements ConsistencyBoundaries {
        private final ConsistencyBoundaries real;

        IgnoresCondition(InMemoryEventStore store) {
            super(store);
            this.real = store;
        }

        @Override
        public Optional<ConsistencyBoundaries> consistencyBoundaries() {
            return Optional.of(this);
        }

        @Override
        public Stream<RecordedEvent> read(EventQuery query, LogPosition after) {
            return real.read(query, after);
        }

        /**
         * The real decision, then a pause of 2 ms: the in-memory store decides so fast that
         * racing deciders could otherwise run one after the other and never overbook (the
         * course-capacity test then passed against this broken store once in a while).
         */
        @Override
        public Decision decide(EventQuery query) {
            Decision decision = real.decide(query);
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            return decision;
        }

        @Override
        public List<AppendResult> appendAll(List<AppendBatch> batches, AppendCondition condition) {
            return delegate().appendAll(batches);
        }
    }
}
