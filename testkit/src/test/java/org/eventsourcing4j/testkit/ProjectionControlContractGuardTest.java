package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.eventsourcing4j.projection.InMemoryProjectionControl;
import org.eventsourcing4j.projection.ProjectionControl;
import org.eventsourcing4j.projection.ProjectionPause;
import org.eventsourcing4j.projection.ProjectionReport;
import org.eventsourcing4j.projection.ProjectionRequest;
import org.eventsourcing4j.store.EventStore;
import org.junit.jupiter.api.Test;

/** Runs the projection control contract against broken controls: each must be caught. */
class ProjectionControlContractGuardTest {

    @Test
    void the_contract_catches_a_control_that_forgets_pauses() {
        assertThat(ContractGuardTest.run(IgnoresPausesContract.class).failed).contains(
                "a_paused_projection_reads_nothing_until_resumed_also_across_a_restart()",
                "a_reset_request_clears_the_read_model_and_leaves_the_projection_paused()");
    }

    @Test
    void the_contract_catches_a_control_that_loses_requests() {
        assertThat(ContractGuardTest.run(LosesRequestsContract.class).failed).contains(
                "a_rebuild_request_is_carried_out_by_the_running_instance_and_its_outcome_recorded()",
                "a_reset_request_clears_the_read_model_and_leaves_the_projection_paused()",
                "a_replay_request_applies_the_parked_events_once_their_cause_is_fixed()",
                "a_request_filed_while_no_instance_runs_is_carried_out_when_one_starts()",
                "only_the_instance_holding_the_lease_carries_out_a_request()",
                "a_restart_request_lets_a_failed_projection_retry_the_event_it_stopped_on()");
    }

    @Test
    void the_contract_catches_a_control_that_drops_reports() {
        ContractGuardTest.Results results = ContractGuardTest.run(DropsReportsContract.class);
        assertThat(results.failed).contains(
                "a_running_projection_reports_its_state_checkpoint_and_instance_and_withdraws_when_stopped()",
                "a_paused_projection_reads_nothing_until_resumed_also_across_a_restart()",
                "only_the_instance_holding_the_lease_carries_out_a_request()");
        assertThat(results.total()).isEqualTo(8);
    }

    /** A working control seen through a wrapper that a mutant overrides piece by piece. */
    private static class Forwarding implements ProjectionControl {
        final ProjectionControl delegate = new InMemoryProjectionControl();

        @Override
        public void report(ProjectionReport report) {
            delegate.report(report);
        }

        @Override
        public void withdraw(String projection, String instance) {
            delegate.withdraw(projection, instance);
        }

        @Override
        public Orders orders(String projection) {
            return delegate.orders(projection);
        }

        @Override
        public boolean claim(UUID request, String instance, Instant at) {
            return delegate.claim(request, instance, at);
        }

        @Override
        public void finish(UUID request, String outcome, Instant at) {
            delegate.finish(request, outcome, at);
        }

        @Override
        public void pause(String projection, String by, Instant at) {
            delegate.pause(projection, by, at);
        }

        @Override
        public boolean resume(String projection) {
            return delegate.resume(projection);
        }

        @Override
        public ProjectionRequest request(String projection, ProjectionRequest.Action action, String by, Instant at) {
            return delegate.request(projection, action, by, at);
        }

        @Override
        public List<ProjectionReport> reports() {
            return delegate.reports();
        }

        @Override
        public List<ProjectionPause> pauses() {
            return delegate.pauses();
        }

        @Override
        public Optional<ProjectionRequest> findRequest(UUID request) {
            return delegate.findRequest(request);
        }

        @Override
        public List<ProjectionRequest> requests(String projection, int limit) {
            return delegate.requests(projection, limit);
        }
    }

    private abstract static class Broken extends InMemoryProjectionControlContractTest {
        private final Supplier<ProjectionControl> control;

        Broken(Supplier<ProjectionControl> control) {
            this.control = control;
        }

        @Override
        protected ProjectionControl newControl(EventStore store) {
            return control.get();
        }

        @Override
        protected Duration patience() {
            return Duration.ofSeconds(2);
        }
    }

    static final class IgnoresPausesContract extends Broken {
        IgnoresPausesContract() {
            super(() -> new Forwarding() {
                @Override
                public Orders orders(String projection) {
                    return new Orders(false, delegate.orders(projection).pending());
                }
            });
        }
    }

    static final class LosesRequestsContract extends Broken {
        LosesRequestsContract() {
            super(() -> new Forwarding() {
                @Override
                public Orders orders(String projection) {
                    return new Orders(delegate.orders(projection).paused(), List.of());
                }
            });
        }
    }

    static final class DropsReportsContract extends Broken {
        DropsReportsContract() {
            super(() -> new Forwarding() {
                @Override
                public void report(ProjectionReport report) {
                }
            });
        }
    }
}
