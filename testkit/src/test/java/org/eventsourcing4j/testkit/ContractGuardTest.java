package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.eventsourcing4j.store.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the whole contract suite against deliberately broken stores and checks that it
 * catches each of them, so no contract test can pass vacuously.
 */
class ContractGuardTest {

    @Test
    void every_contract_test_fails_against_a_store_that_does_nothing() {
        Results results = run(DoNothingContract.class);
        assertThat(results.total()).as("contract tests").isGreaterThanOrEqualTo(40);
        assertThat(results.passed).as("tests that passed against a do-nothing store").isEmpty();
    }

    @Test
    void the_concurrency_tests_catch_a_store_that_ignores_expected_versions() {
        Results results = run(NoConcurrencyCheckContract.class);
        assertThat(results.failed).contains(
                "of_writers_with_the_same_expected_version_exactly_one_wins()",
                "of_writers_creating_the_same_stream_exactly_one_wins()",
                "no_stream_succeeds_on_a_new_stream_and_conflicts_on_an_existing_one()",
                "stream_exists_conflicts_on_a_new_stream_and_succeeds_on_an_existing_one()",
                "exactly_succeeds_at_the_current_version_and_conflicts_below_and_above_it()",
                "a_conflicting_batch_writes_nothing_at_all()");
    }

    @Test
    void the_atomic_append_tests_catch_a_store_that_writes_the_batches_one_by_one() {
        Results results = run(OneBatchAtATimeContract.class);
        assertThat(results.failed).contains(
                "a_conflict_on_one_stream_writes_no_batch_and_names_the_stream_with_both_versions()",
                "racing_transfers_between_hot_streams_never_create_or_lose_money()");
        assertThat(results.passed).contains("an_atomic_append_writes_every_batch_and_returns_results_in_batch_order()");
    }

    @Test
    void the_idempotency_tests_catch_a_store_that_forgets_event_ids() {
        Results results = run(NotIdempotentContract.class);
        assertThat(results.failed).contains(
                "retrying_a_stored_batch_writes_nothing_and_returns_the_original_result()",
                "retrying_with_an_exact_expected_version_is_idempotent()",
                "the_same_event_id_with_other_content_is_refused()",
                "a_batch_that_partly_overlaps_stored_events_is_refused_and_writes_nothing()",
                "an_event_id_stored_in_another_stream_is_refused()");
    }

    @Test
    void the_global_log_tests_catch_a_reader_that_skips_events() {
        Results results = run(SkippingGlobalLogContract.class);
        assertThat(results.failed).contains(
                "holds_every_event_once_in_append_order_across_streams()",
                "pages_continue_exactly_where_the_previous_page_ended()",
                "concurrent_readers_see_every_event_once_in_one_order_while_writers_append()");
    }

    @Test
    void the_memory_test_catches_a_store_that_materializes_stream_reads() {
        Results results = run(MaterializingReadsContract.class);
        assertThat(results.failed).contains("reads_a_stream_of_100_000_events_with_bounded_memory()");
        assertThat(results.passed).contains("reads_from_a_version_in_the_middle()");
    }

    @Test
    void the_listing_tests_catch_stores_that_ignore_the_prefix_repeat_a_stream_or_miscount() {
        assertThat(run(ListingIgnoresPrefixContract.class).failed).contains(
                "pages_through_the_streams_of_a_prefix_without_gaps_or_repeats()",
                "takes_the_prefix_literally_without_wildcards()");
        assertThat(run(ListingRepeatsAStreamContract.class).failed).contains(
                "pages_through_the_streams_of_a_prefix_without_gaps_or_repeats()");
        assertThat(run(ListingMiscountsContract.class).failed).contains(
                "lists_a_stream_with_its_version_event_count_and_first_and_last_recorded_time()",
                "pages_through_the_streams_of_a_prefix_without_gaps_or_repeats()");
    }

    static final class Results {
        final Set<String> passed = new TreeSet<>();
        final Set<String> failed = new TreeSet<>();

        int total() {
            return passed.size() + failed.size();
        }
    }

    static Results run(Class<?> contract) {
        Results results = new Results();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(contract)).build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? results.passed : results.failed)
                            .add(id.getDisplayName());
                }
            }
        });
        return results;
    }

    private abstract static class Broken extends EventStoreContract {
        private final Function<Clock, EventStore> factory;

        Broken(Function<Clock, EventStore> factory) {
            this.factory = factory;
        }

        @Override
        protected EventStore newStore(Clock clock) {
            return factory.apply(clock);
        }
    }

    static final class DoNothingContract extends Broken {
        DoNothingContract() {
            super(clock -> new BrokenStores.DoNothing());
        }
    }

    static final class NoConcurrencyCheckContract extends Broken {
        NoConcurrencyCheckContract() {
            super(BrokenStores.NoConcurrencyCheck::new);
        }
    }

    static final class OneBatchAtATimeContract extends Broken {
        OneBatchAtATimeContract() {
            super(BrokenStores.OneBatchAtATime::new);
        }
    }

    static final class NotIdempotentContract extends Broken {
        NotIdempotentContract() {
            super(BrokenStores.NotIdempotent::new);
        }
    }

    static final class SkippingGlobalLogContract extends Broken {
        SkippingGlobalLogContract() {
            super(BrokenStores.SkippingGlobalLog::new);
        }
    }

    static final class MaterializingReadsContract extends Broken {
        MaterializingReadsContract() {
            super(BrokenStores.MaterializingReads::new);
        }
    }

    static final class ListingIgnoresPrefixContract extends Broken {
        ListingIgnoresPrefixContract() {
            super(BrokenStores.ListingIgnoresPrefix::new);
        }
    }

    static final class ListingRepeatsAStreamContract extends Broken {
        ListingRepeatsAStreamContract() {
            super(BrokenStores.ListingRepeatsAStream::new);
        }
    }

    static final class ListingMiscountsContract extends Broken {
        ListingMiscountsContract() {
            super(BrokenStores.ListingMiscounts::new);
        }
    }
}
