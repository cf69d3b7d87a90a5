package org.eventsourcing4j.testkit.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the publisher contract against an in-memory broker: a correct one passes every
 * test; each broken one (losing, reordering, dropping metadata, duplicating) is caught.
 */
class PublisherContractGuardTest {

    @Test
    void a_correct_broker_passes_every_test() {
        Results results = run(Correct.class);
        assertThat(results.failed).isEmpty();
        assertThat(results.passed).hasSize(8);
    }

    @Test
    void a_broker_that_loses_messages_is_caught() {
        assertThat(run(Losing.class).failed).contains(
                "keeps_each_streams_order_while_writers_append_concurrently()",
                "a_restarted_publisher_resumes_from_its_checkpoint()",
                "one_publisher_per_name_publishes_and_another_takes_over_when_it_stops()",
                "the_consumer_hands_every_event_once_to_its_handler_in_each_streams_order()");
    }

    @Test
    void a_broker_that_reorders_a_stream_is_caught() {
        assertThat(run(Swapping.class).failed).contains(
                "publishes_every_event_with_its_whole_envelope()",
                "keeps_each_streams_order_while_writers_append_concurrently()");
    }

    @Test
    void a_broker_that_drops_the_metadata_is_caught() {
        assertThat(run(DroppingMetadata.class).failed).contains("publishes_every_event_with_its_whole_envelope()");
    }

    @Test
    void a_broker_that_stores_messages_twice_is_caught() {
        assertThat(run(Duplicating.class).failed).contains(
                "publishes_every_event_with_its_whole_envelope()",
                "keeps_each_streams_order_while_writers_append_concurrently()",
                "publishes_only_what_its_filter_selects_and_its_checkpoint_moves_past_the_rest()");
    }

    private static final class Results {
        final Set<String> passed = new TreeSet<>();
        final Set<String> failed = new TreeSet<>();
    }

    private static Results run(Class<?> contract) {
        Results results = new Results();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build(),
                new TestExecutionListener() {
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

    private abstract static class OnInMemoryBroker extends PublisherContract {
        private final InMemoryBroker.Fault fault;

        OnInMemoryBroker(InMemoryBroker.Fault fault) {
            this.fault = fault;
        }

        @Override
        protected BrokerChannel openChannel(String label, int maxMessageBytes) {
            return new InMemoryBroker(fault, maxMessageBytes);
        }
    }

    static final class Correct extends OnInMemoryBroker {
        Correct() {
            super(InMemoryBroker.Fault.NONE);
        }
    }

    static final class Losing extends OnInMemoryBroker {
        Losing() {
            super(InMemoryBroker.Fault.LOSES_EVERY_SEVENTH);
        }
    }

    static final class Swapping extends OnInMemoryBroker {
        Swapping() {
            super(InMemoryBroker.Fault.SWAPS_WITHIN_A_STREAM);
        }
    }

    static final class DroppingMetadata extends OnInMemoryBroker {
        DroppingMetadata() {
            super(InMemoryBroker.Fault.DROPS_METADATA);
        }
    }

    static final class Duplicating extends OnInMemoryBroker {
        Duplicating() {
            super(InMemoryBroker.Fault.STORES_TWICE);
        }
    }
}
