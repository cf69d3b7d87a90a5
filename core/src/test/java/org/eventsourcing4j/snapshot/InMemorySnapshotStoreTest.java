package org.eventsourcing4j.snapshot;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eventsourcing4j.store.InvalidArgumentException;
import org.junit.jupiter.api.Test;

/** The store's own checks; the testkit's SnapshotStoreContract covers its behaviour. */
class InMemorySnapshotStoreTest {

    @Test
    void keeps_at_least_one_snapshot_per_stream() {
        assertThatThrownBy(() -> new InMemorySnapshotStore(0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("retained per stream");
    }
}
