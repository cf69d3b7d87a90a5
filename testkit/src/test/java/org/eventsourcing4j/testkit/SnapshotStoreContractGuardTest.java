package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.Snapshot;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

/** The snapshot store contract catches broken stores, so none of its tests passes vacuously. */
class SnapshotStoreContractGuardTest {

    @Test
    void every_test_but_the_empty_store_fails_against_a_store_that_keeps_nothing() {
        ContractGuardTest.Results results = ContractGuardTest.run(KeepsNothingContract.class);
        assertThat(results.total()).as("contract tests").isGreaterThanOrEqualTo(9);
        assertThat(results.passed).containsExactly("an_empty_store_has_no_snapshots()");
    }

    @Test
    void catches_a_store_that_keeps_every_snapshot() {
        ContractGuardTest.Results results = ContractGuardTest.run(KeepsEverythingContract.class);
        assertThat(results.failed).containsExactly("keeps_only_the_newest_snapshots_of_each_stream()");
    }

    @Test
    void catches_a_store_that_ignores_the_instant_for_time_travel() {
        ContractGuardTest.Results results = ContractGuardTest.run(IgnoresInstantContract.class);
        assertThat(results.failed).containsExactly("finds_the_latest_whose_events_were_all_recorded_by_an_instant()");
    }

    static final class KeepsNothingContract extends SnapshotStoreContract {
        @Override
        protected SnapshotStore newStore(int retainedPerStream) {
            return new SnapshotStore() {
                @Override
                public void save(Snapshot snapshot) {
                }

                @Override
                public Optional<Snapshot> loadLatest(StreamId stream) {
                    return Optional.empty();
                }

                @Override
                public Optional<Snapshot> loadLatestAtOrBefore(StreamId stream, long version) {
                    return Optional.empty();
                }

                @Override
                public Optional<Snapshot> loadLatestRecordedBy(StreamId stream, Instant instant) {
                    return Optional.empty();
                }

                @Override
                public boolean delete(StreamId stream, long version) {
                    return false;
                }

                @Override
                public long deleteStream(StreamId stream) {
                    return 0;
                }

                @Override
                public long deleteAllOfType(String snapshotType) {
                    return 0;
                }
            };
        }
    }

    static final class KeepsEverythingContract extends SnapshotStoreContract {
        @Override
        protected SnapshotStore newStore(int retainedPerStream) {
            return new InMemorySnapshotStore(Integer.MAX_VALUE);
        }
    }

    static final class IgnoresInstantContract extends SnapshotStoreContract {
        @Override
        protected SnapshotStore newStore(int retainedPerStream) {
            InMemorySnapshotStore inner = new InMemorySnapshotStore(retainedPerStream);
            return new SnapshotStore() {
                @Override
                public void save(Snapshot snapshot) {
                    inner.save(snapshot);
                }

                @Override
                public Optional<Snapshot> loadLatest(StreamId stream) {
                    return inner.loadLatest(stream);
                }

                @Override
                public Optional<Snapshot> loadLatestAtOrBefore(StreamId stream, long version) {
                    return inner.loadLatestAtOrBefore(stream, version);
                }

                @Override
                public Optional<Snapshot> loadLatestRecordedBy(StreamId stream, Instant instant) {
                    return inner.loadLatest(stream);
                }

                @Override
                public boolean delete(StreamId stream, long version) {
                    return inner.delete(stream, version);
                }

                @Override
                public long deleteStream(StreamId stream) {
                    return inner.deleteStream(stream);
                }

                @Override
                public long deleteAllOfType(String snapshotType) {
                    return inner.deleteAllOfType(snapshotType);
                }
            };
        }
    }
}
