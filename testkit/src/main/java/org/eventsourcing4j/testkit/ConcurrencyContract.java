package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

/** Races released by a barrier, repeated: optimistic concurrency must hold under real contention. */
public interface ConcurrencyContract extends StoreUnderTest {

    int RACERS = 8;
    int ROUNDS = 25;

    @Test
    default void of_writers_with_the_same_expected_version_exactly_one_wins() {
        for (int round = 0; round < ROUNDS; round++) {
            StreamId stream = newStream("race");
            store().append(stream, ExpectedVersion.noStream(), event("Created", 0));

            List<Race.Outcome<AppendResult>> outcomes = Race.run(RACERS, i -> {
                long version = store().currentVersion(stream);
                EventData event = event("Raced", i);
                return () -> store().append(stream, ExpectedVersion.exactly(version), event);
            });

            assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).as("winners in round " + round).hasSize(1);
            for (Race.Outcome<AppendResult> outcome : outcomes) {
                if (!outcome.succeeded()) {
                    assertThat(outcome.error()).isInstanceOfSatisfying(ConcurrencyConflictException.class,
                            e -> assertThat(e.actualVersion()).isEqualTo(2));
                }
            }
            assertThat(read(stream)).extracting(RecordedEvent::version).containsExactly(1L, 2L);
        }
    }

    @Test
    default void of_writers_creating_the_same_stream_exactly_one_wins() {
        for (int round = 0; round < ROUNDS; round++) {
            StreamId stream = newStream("create");
            List<Race.Outcome<AppendResult>> outcomes = Race.run(RACERS, i -> {
                List<EventData> batch = events("Created", 2);
                return () -> store().append(stream, ExpectedVersion.noStream(), batch);
            });

            assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).as("winners in round " + round).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()))
                    .allSatisfy(o -> assertThat(o.error()).isInstanceOf(ConcurrencyConflictException.class));
            assertThat(read(stream)).extracting(RecordedEvent::version).containsExactly(1L, 2L);
        }
    }

    @Test
    default void writers_appending_with_any_version_all_succeed_with_dense_versions() {
        int perThread = 40;
        for (int round = 0; round < 3; round++) {
            StreamId stream = newStream("any");
            List<Race.Outcome<List<UUID>>> outcomes = Race.run(RACERS, i -> () -> {
                List<UUID> written = new ArrayList<>();
                for (int k = 0; k < perThread; k++) {
                    EventData event = event("Any", k);
                    store().append(stream, ExpectedVersion.any(), event);
                    written.add(event.eventId());
                }
                return written;
            });

            Set<UUID> expectedIds = new HashSet<>();
            for (Race.Outcome<List<UUID>> outcome : outcomes) {
                assertThat(outcome.error()).isNull();
                expectedIds.addAll(outcome.value());
            }
            List<RecordedEvent> stored = read(stream);
            assertThat(stored).hasSize(RACERS * perThread);
            for (int v = 0; v < stored.size(); v++) {
                assertThat(stored.get(v).version()).isEqualTo(v + 1L);
            }
            assertThat(stored).extracting(RecordedEvent::eventId).containsExactlyInAnyOrderElementsOf(expectedIds);
            assertThat(store().currentVersion(stream)).isEqualTo(RACERS * perThread);
        }
    }

    @Test
    default void concurrent_batches_are_never_interleaved() {
        int batches = 10;
        int batchSize = 5;
        StreamId stream = newStream("batches");
        List<Race.Outcome<Void>> outcomes = Race.run(RACERS, i -> () -> {
            for (int b = 0; b < batches; b++) {
                List<EventData> batch = new ArrayList<>();
                for (int k = 0; k < batchSize; k++) {
                    batch.add(EventData.of("Batched", "{\"writer\":" + i + ",\"batch\":" + b + ",\"k\":" + k + "}"));
                }
                store().append(stream, ExpectedVersion.any(), batch);
            }
            return null;
        });
        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());

        List<RecordedEvent> stored = read(stream);
        assertThat(stored).hasSize(RACERS * batches * batchSize);
        for (int start = 0; start < stored.size(); start += batchSize) {
            String writerAndBatch = null;
            for (int k = 0; k < batchSize; k++) {
                var data = json(stored.get(start + k).data());
                assertThat(data.get("k").asInt()).isEqualTo(k);
                String id = data.get("writer").asInt() + "/" + data.get("batch").asInt();
                if (writerAndBatch == null) {
                    writerAndBatch = id;
                }
                assertThat(id).as("event %d of a batch", k).isEqualTo(writerAndBatch);
            }
        }
    }
}
