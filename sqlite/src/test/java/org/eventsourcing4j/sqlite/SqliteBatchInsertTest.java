package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.DuplicateEventIdException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch is inserted in multi-row INSERT statements of up to 32 rows: batches around and
 * across that size keep their order, versions, positions and envelopes, and a duplicate id
 * in a later statement leaves nothing of the batch behind.
 */
class SqliteBatchInsertTest {
    @TempDir
    Path directory;

    private static List<EventData> events(int count, String prefix) {
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            EventData event = new EventData(UUID.randomUUID(), prefix + (i % 3), 1 + i % 2,
                    ("{\"i\":" + i + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    i % 5 == 0 ? Metadata.EMPTY.withCorrelationId("c-" + i) : Metadata.EMPTY);
            events.add(i % 7 == 0 ? event.withTags("t:" + i) : event);
        }
        return events;
    }

    @Test
    void batches_of_every_size_around_the_statement_limit_keep_order_versions_and_envelopes() {
        try (SqliteEventStore store = SqliteEventStore.open(directory.resolve("batches.db"))) {
            long position = 0;
            for (int size : new int[] {1, 2, 31, 32, 33, 64, 65, 100}) {
                StreamId stream = StreamId.of("batch-" + size);
                List<EventData> batch = events(size, "T");
                store.append(stream, ExpectedVersion.noStream(), events(1, "First"));
                AppendResult result = store.append(stream, ExpectedVersion.exactly(1), batch);
                position += 1 + size;
                assertThat(result.streamVersion()).isEqualTo(size + 1L);
                assertThat(result.lastPosition()).isEqualTo(LogPosition.of(position));
                List<RecordedEvent> read;
                try (Stream<RecordedEvent> rows = store.readStream(stream)) {
                    read = rows.skip(1).toList();
                }
                assertThat(read).hasSize(size);
                for (int i = 0; i < size; i++) {
                    RecordedEvent event = read.get(i);
                    assertThat(event.version()).isEqualTo(i + 2L);
                    assertThat(event.position()).isEqualTo(position - size + 1 + i);
                    assertThat(event.hasContentOf(batch.get(i))).as("event %d of %d", i, size).isTrue();
                }
            }
            assertThat(store.readAll(LogPosition.START, 1000).events()).hasSize((int) position);
        }
    }

    @Test
    void a_duplicate_id_in_a_later_statement_of_the_batch_writes_nothing_of_it() {
        try (SqliteEventStore store = SqliteEventStore.open(directory.resolve("duplicate.db"))) {
            StreamId other = StreamId.of("other-1");
            EventData stored = events(1, "Stored").get(0);
            store.append(other, ExpectedVersion.noStream(), stored);
            List<EventData> batch = new ArrayList<>(events(40, "T"));
            batch.set(35, stored); // in the second INSERT statement of the batch

            StreamId stream = StreamId.of("batch-1");
            assertThatThrownBy(() -> store.append(stream, ExpectedVersion.noStream(), batch))
                    .isInstanceOf(DuplicateEventIdException.class);
            assertThat(store.currentVersion(stream)).isZero();
            assertThat(store.readAll(LogPosition.START, 100).events()).hasSize(1);

            batch.set(35, events(1, "T").get(0));
            store.append(stream, ExpectedVersion.noStream(), batch);
            assertThat(store.currentVersion(stream)).isEqualTo(40);
        }
    }
}
