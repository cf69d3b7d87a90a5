package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventsourcing4j.testkit.ContractGuardTest.run;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ErasureRecord;
import org.eventsourcing4j.store.ErasureRequest;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamLifecycle;
import org.eventsourcing4j.store.StreamState;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.eventsourcing4j.store.spi.Lifecycles;
import org.junit.jupiter.api.Test;

/** Runs {@link StreamLifecycleContract} against deliberately broken lifecycles: it must catch each. */
class StreamLifecycleGuardTest {

    @Test
    void every_lifecycle_test_fails_against_a_store_without_a_lifecycle() {
        ContractGuardTest.Results results = run(NoLifecycleContract.class);
        assertThat(results.total()).isGreaterThanOrEqualTo(15);
        assertThat(results.passed).isEmpty();
    }

    @Test
    void the_soft_delete_tests_catch_a_tombstone_that_refuses_nothing() {
        ContractGuardTest.Results results = run(TombstoneOnlyContract.class);
        assertThat(results.failed).contains("a_deleted_stream_refuses_reads_and_appends_and_the_log_carries_a_marker()");
        assertThat(results.passed).contains("a_truncated_stream_reads_from_the_truncation_and_refuses_reads_below_it()");
    }

    @Test
    void the_truncation_and_reader_tests_catch_a_truncation_that_removes_nothing() {
        ContractGuardTest.Results results = run(TruncationRemovesNothingContract.class);
        assertThat(results.failed).contains(
                "a_truncated_stream_reads_from_the_truncation_and_refuses_reads_below_it()",
                "a_retry_of_truncated_events_is_refused_and_writes_nothing()",
                "repetition 1 of 3");
        assertThat(results.passed).contains("a_hard_delete_removes_every_event_keeps_an_audit_record_and_refuses_the_name()");
    }

    private abstract static class Broken extends StreamLifecycleContract {
        private final Function<Clock, EventStore> factory;

        Broken(Function<Clock, EventStore> factory) {
            this.factory = factory;
        }

        @Override
        protected EventStore newStore(Clock clock) {
            return factory.apply(clock);
        }
    }

    static final class NoLifecycleContract extends Broken {
        NoLifecycleContract() {
            super(clock -> new ForwardingEventStore(new InMemoryEventStore(clock)) {
                @Override
                public Optional<StreamLifecycle> lifecycle() {
                    return Optional.empty();
                }
            });
        }
    }

    static final class TombstoneOnlyContract extends Broken {
        TombstoneOnlyContract() {
            super(clock -> new BrokenLifecycleStore(new InMemoryEventStore(clock)) {
                @Override
                public AppendResult softDelete(StreamId stream, String reason) {
                    // appends the marker, but marks nothing: reads and appends go on
                    return append(stream, ExpectedVersion.exactly(currentVersion(stream)), Lifecycles.deletedMarker(reason));
                }
            });
        }
    }

    static final class TruncationRemovesNothingContract extends Broken {
        TruncationRemovesNothingContract() {
            super(clock -> new BrokenLifecycleStore(new InMemoryEventStore(clock)) {
                @Override
                public long truncateBefore(StreamId stream, long version) {
                    Lifecycles.checkTruncation(stream, version, currentVersion(stream));
                    return version - 1; // claims to have removed them
                }
            });
        }
    }

    /** A store whose lifecycle forwards everything; subclasses break one operation. */
    private static class BrokenLifecycleStore extends ForwardingEventStore implements StreamLifecycle {
        BrokenLifecycleStore(EventStore delegate) {
            super(delegate);
        }

        private StreamLifecycle real() {
            return delegate().lifecycle().orElseThrow();
        }

        @Override
        public Optional<StreamLifecycle> lifecycle() {
            return Optional.of(this);
        }

        @Override
        public StreamState state(StreamId stream) {
            return real().state(stream);
        }

        @Override
        public AppendResult softDelete(StreamId stream, String reason) {
            return real().softDelete(stream, reason);
        }

        @Override
        public long truncateBefore(StreamId stream, long version) {
            return real().truncateBefore(stream, version);
        }

        @Override
        public ErasureRecord hardDelete(StreamId stream, ErasureRequest request) {
            return real().hardDelete(stream, request);
        }

        @Override
        public List<ErasureRecord> erasures() {
            return real().erasures();
        }

        @Override
        public long archive(StreamId stream) {
            return real().archive(stream);
        }

        @Override
        public long restore(StreamId stream) {
            return real().restore(stream);
        }
    }
}
