package org.eventsourcing4j.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

class KnownHeadsTest {
    private static final StreamId A = StreamId.of("account-a");
    private static final StreamId B = StreamId.of("account-b");

    @Test
    void knowsEveryVersionUpToTheHighestSeen() {
        KnownHeads known = new KnownHeads(10);
        assertThat(known.exists(A, 1)).isFalse();
        known.committed(A, 5);
        assertThat(known.exists(A, 1)).isTrue();
        assertThat(known.exists(A, 5)).isTrue();
        assertThat(known.exists(A, 6)).isFalse();
        assertThat(known.exists(B, 1)).isFalse();
    }

    @Test
    void neverForgetsAHigherVersionForALowerOne() {
        KnownHeads known = new KnownHeads(10);
        known.committed(A, 7);
        known.committed(A, 3);
        assertThat(known.exists(A, 7)).isTrue();
    }

    @Test
    void ignoresEmptyStreams() {
        KnownHeads known = new KnownHeads(10);
        known.committed(A, 0);
        assertThat(known.size()).isZero();
    }

    @Test
    void zeroCapacityKnowsNothing() {
        KnownHeads known = new KnownHeads(0);
        known.committed(A, 5);
        assertThat(known.exists(A, 1)).isFalse();
        assertThat(known.size()).isZero();
    }

    @Test
    void staysWithinItsCapacity() {
        KnownHeads known = new KnownHeads(100);
        for (int i = 0; i < 1_000; i++) {
            known.committed(StreamId.of("s-" + i), 1);
            assertThat(known.size()).isLessThanOrEqualTo(100);
        }
        assertThat(known.exists(StreamId.of("s-999"), 1)).isTrue();
    }
}
