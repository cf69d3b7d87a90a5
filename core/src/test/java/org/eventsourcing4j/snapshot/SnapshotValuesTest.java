package org.eventsourcing4j.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

class SnapshotValuesTest {

    private static final StreamId STREAM = StreamId.of("account-1");
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final byte[] JSON = "{}".getBytes(StandardCharsets.UTF_8);

    record State(int value) {
    }

    static final class NotARecord {
    }

    @Test
    void a_snapshot_validates_every_field() {
        assertInvalid(() -> new Snapshot(null, 1, "S", 1, JSON, T0, T0), "stream id");
        assertInvalid(() -> new Snapshot(STREAM, 0, "S", 1, JSON, T0, T0), "snapshot version");
        assertInvalid(() -> new Snapshot(STREAM, 1, " S", 1, JSON, T0, T0), "snapshot type");
        assertInvalid(() -> new Snapshot(STREAM, 1, "S".repeat(201), 1, JSON, T0, T0), "snapshot type");
        assertInvalid(() -> new Snapshot(STREAM, 1, "S", 0, JSON, T0, T0), "snapshot revision");
        assertInvalid(() -> new Snapshot(STREAM, 1, "S", 1, null, T0, T0), "snapshot data");
        assertInvalid(() -> new Snapshot(STREAM, 1, "S", 1, new byte[] {'"', 0, '"'}, T0, T0), "NUL");
        assertInvalid(() -> new Snapshot(STREAM, 1, "S", 1, new byte[] {(byte) 0xC3, '"'}, T0, T0), "not UTF-8");
        assertInvalid(() -> new Snapshot(STREAM, 1, "S", 1, new byte[Snapshot.MAX_DATA_BYTES + 1], T0, T0), "limit");
        assertInvalid(() -> new Snapshot(STREAM, 1, "S", 1, JSON, null, T0), "recorded until");
        assertInvalid(() -> new Snapshot(STREAM, 1, "S", 1, JSON, T0, null), "taken at");
    }

    @Test
    void a_snapshot_keeps_its_own_copy_of_the_data_and_microsecond_instants() {
        byte[] data = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Snapshot snapshot = new Snapshot(STREAM, 1, "S", 1, data, T0.plusNanos(1_999), T0.plusNanos(999));
        data[2] = 'b';
        snapshot.data()[2] = 'c';

        assertThat(snapshot.dataAsString()).isEqualTo("{\"a\":1}");
        assertThat(snapshot.recordedUntil()).isEqualTo(T0.plusNanos(1_000));
        assertThat(snapshot.takenAt()).isEqualTo(T0);
    }

    @Test
    void a_snapshot_type_needs_a_record_a_name_a_revision_and_both_functions() {
        SnapshotType.Restore<Object, State> restore = (id, version, state) -> new Object();
        assertThat(SnapshotType.of("S", 1, State.class, a -> new State(1), restore).toString()).isEqualTo("S r1 (State)");
        assertInvalid(() -> SnapshotType.of("", 1, State.class, a -> new State(1), restore), "snapshot type");
        assertInvalid(() -> SnapshotType.of("S", 0, State.class, a -> new State(1), restore), "snapshot revision");
        assertInvalid(() -> SnapshotType.of("S", 1, NotARecord.class, a -> new NotARecord(),
                (id, version, state) -> new Object()), "is not a record");
        assertInvalid(() -> SnapshotType.of("S", 1, State.class, null, restore), "snapshot capture");
        assertInvalid(() -> SnapshotType.<Object, State>of("S", 1, State.class, a -> new State(1), null),
                "snapshot restore");
    }

    @Test
    void snapshot_options_refuse_missing_parts() {
        SnapshotType<Object, State> type = SnapshotType.of("S", 1, State.class, a -> new State(1),
                (id, version, state) -> new Object());
        SnapshotOptions<Object> options = SnapshotOptions.of(new InMemorySnapshotStore(), type);

        assertThat(options.policy()).isSameAs(SnapshotPolicy.DEFAULT);
        assertInvalid(() -> SnapshotOptions.of(null, type), "snapshot store");
        assertInvalid(() -> options.withPolicy(null), "snapshot policy");
        assertInvalid(() -> options.withExecutor(null), "snapshot executor");
        assertInvalid(() -> options.withClock(null), "clock");
        assertInvalid(() -> options.withMapper(null), "mapper");
        assertInvalid(() -> options.withType(null), "snapshot type");
        assertInvalid(() -> options.withStore(null), "snapshot store");
    }

    private static void assertInvalid(Runnable construction, String message) {
        assertThatThrownBy(construction::run).isInstanceOf(InvalidArgumentException.class).hasMessageContaining(message);
    }
}
