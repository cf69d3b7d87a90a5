package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.DuplicateEventIdException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.MultiStreamConflictException;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamConflict;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

/**
 * {@link org.eventsourcing4j.store.EventWriter#appendAll(List)}: all batches or none, conflicts
 * naming the streams, idempotent retries of the whole call, and money moved between a few hot
 * streams by racing writers without ever being created or lost.
 */
public interface AtomicAppendContract extends StoreUnderTest {

    @Test
    default void an_atomic_append_writes_every_batch_and_returns_results_in_batch_order() {
        StreamId a = newStream("atomic");
        StreamId b = newStream("atomic");
        store().append(b, ExpectedVersion.noStream(), events("Opened", 2));

        List<AppendResult> results = store().appendAll(
                new AppendBatch(a, ExpectedVersion.noStream(), events("Moved", 3)),
                new AppendBatch(b, ExpectedVersion.exactly(2), events("Moved", 1)));

        assertThat(results).extracting(AppendResult::streamVersion).containsExactly(3L, 3L);
        assertThat(read(a)).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(read(b)).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(results.get(0).lastPosition()).isEqualTo(read(a).get(2).logPosition());
        assertThat(results.get(1).lastPosition()).isEqualTo(read(b).get(2).logPosition());
        assertThat(wholeLog()).hasSize(6);
    }

    @Test
    default void a_conflict_on_one_stream_writes_no_batch_and_names_the_stream_with_both_versions() {
        StreamId a = newStream("atomic");
        StreamId b = newStream("atomic");
        store().append(a, ExpectedVersion.noStream(), event("Opened", 1));
        store().append(b, ExpectedVersion.noStream(), events("Opened", 2));
        int logBefore = wholeLog().size();

        assertThatThrownBy(() -> store().appendAll(
                AppendBatch.of(a, ExpectedVersion.exactly(1), event("Moved", 1)),
                AppendBatch.of(b, ExpectedVersion.exactly(1), event("Moved", 2))))
                .isInstanceOfSatisfying(MultiStreamConflictException.class, e -> {
                    assertThat(e.conflicts()).containsExactly(new StreamConflict(b, ExpectedVersion.exactly(1), 2));
                    assertThat(e.stream()).isEqualTo(b);
                    assertThat(e.actualVersion()).isEqualTo(2);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains(b.value());
                });

        assertThat(store().currentVersion(a)).isEqualTo(1);
        assertThat(store().currentVersion(b)).isEqualTo(2);
        assertThat(wholeLog()).hasSize(logBefore);
    }

    @Test
    default void a_refused_atomic_append_names_every_conflicting_stream() {
        StreamId a = newStream("atomic");
        StreamId b = newStream("atomic");
        StreamId c = newStream("atomic");
        store().append(a, ExpectedVersion.noStream(), event("Opened", 1));
        store().append(b, ExpectedVersion.noStream(), event("Opened", 1));

        assertThatThrownBy(() -> store().appendAll(
                AppendBatch.of(c, ExpectedVersion.noStream(), event("Moved", 1)),
                AppendBatch.of(a, ExpectedVersion.noStream(), event("Moved", 2)),
                AppendBatch.of(b, ExpectedVersion.exactly(3), event("Moved", 3))))
                .isInstanceOfSatisfying(MultiStreamConflictException.class, e -> assertThat(e.conflicts())
                        .containsExactlyInAnyOrder(new StreamConflict(a, ExpectedVersion.noStream(), 1),
                                new StreamConflict(b, ExpectedVersion.exactly(3), 1)));
        assertThat(store().currentVersion(c)).isZero();
    }

    @Test
    default void retrying_a_stored_atomic_append_writes_nothing_and_returns_the_original_results() {
        StreamId a = newStream("atomic");
        StreamId b = newStream("atomic");
        List<AppendBatch> call = List.of(new AppendBatch(a, ExpectedVersion.noStream(), events("Moved", 2)),
                new AppendBatch(b, ExpectedVersion.any(), events("Moved", 1)));
        List<AppendResult> first = store().appendAll(call);
        clock().advance(java.time.Duration.ofSeconds(5));

        List<AppendResult> again = store().appendAll(call);

        assertThat(again).isEqualTo(first);
        assertThat(read(a)).hasSize(2);
        assertThat(read(b)).hasSize(1);
        assertThat(wholeLog()).hasSize(3);
    }

    @Test
    default void an_atomic_append_of_which_only_some_batches_are_stored_is_refused_and_writes_nothing() {
        StreamId a = newStream("atomic");
        StreamId b = newStream("atomic");
        AppendBatch stored = AppendBatch.of(a, ExpectedVersion.noStream(), event("Moved", 1));
        store().append(stored);

        assertThatThrownBy(() -> store().appendAll(stored, AppendBatch.of(b, ExpectedVersion.noStream(),
                event("Moved", 2)))).isInstanceOf(DuplicateEventIdException.class);
        assertThat(store().currentVersion(b)).isZero();
        assertThat(wholeLog()).hasSize(1);
    }

    @Test
    default void an_atomic_append_refuses_no_batches_a_stream_twice_and_an_event_id_twice() {
        StreamId a = newStream("atomic");
        StreamId b = newStream("atomic");
        EventData shared = event("Moved", 1);
        assertThatThrownBy(() -> store().appendAll(List.of())).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> store().appendAll(AppendBatch.of(a, ExpectedVersion.any(), event("Moved", 1)),
                AppendBatch.of(a, ExpectedVersion.any(), event("Moved", 2))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(a.value());
        assertThatThrownBy(() -> store().appendAll(AppendBatch.of(a, ExpectedVersion.any(), shared),
                AppendBatch.of(b, ExpectedVersion.any(), shared)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(shared.eventId().toString());
        assertThat(wholeLog()).isEmpty();
    }

    /**
     * Racing writers move money between random pairs of four hot streams, each transfer one
     * atomic append of a debit and a credit under the versions the writer read. Whatever
     * wins or loses, the total never changes, every transfer is on both sides or on none, and
     * versions stay dense and in order in the global log.
     */
    @Test
    default void racing_transfers_between_hot_streams_never_create_or_lose_money() {
        int streams = 4;
        int racers = 8;
        int transfersEach = 10;
        long opening = 1_000;
        for (int round = 0; round < 4; round++) {
            List<StreamId> accounts = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                StreamId account = newStream("account");
                store().append(account, ExpectedVersion.noStream(),
                        EventData.of("Opened", "{\"transfer\":\"opening\",\"delta\":" + opening + "}"));
                accounts.add(account);
            }
            // Every step, each racer reads two versions, waits for all the others, then appends:
            // most appends of a step lose on one of their two streams.
            CyclicBarrier step = new CyclicBarrier(racers);
            List<Race.Outcome<Integer>> outcomes = Race.run(racers, racer -> () -> {
                int done = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int t = 0; t < transfersEach; t++) {
                    int from = random.nextInt(streams);
                    int to = (from + 1 + random.nextInt(streams - 1)) % streams;
                    long amount = 1 + random.nextInt(50);
                    String id = UUID.randomUUID().toString();
                    long fromVersion = store().currentVersion(accounts.get(from));
                    long toVersion = store().currentVersion(accounts.get(to));
                    step.await(60, TimeUnit.SECONDS);
                    try {
                        store().appendAll(
                                AppendBatch.of(accounts.get(from), ExpectedVersion.exactly(fromVersion),
                                        EventData.of("Debited", "{\"transfer\":\"" + id + "\",\"delta\":-" + amount + "}")),
                                AppendBatch.of(accounts.get(to), ExpectedVersion.exactly(toVersion),
                                        EventData.of("Credited", "{\"transfer\":\"" + id + "\",\"delta\":" + amount + "}")));
                        done++;
                    } catch (ConcurrencyConflictException e) {
                        assertThat(e).isInstanceOf(MultiStreamConflictException.class);
                    }
                }
                return done;
            });
            assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
            int succeeded = outcomes.stream().mapToInt(Race.Outcome::value).sum();

            long total = 0;
            Map<String, Integer> sides = new HashMap<>();
            Set<StreamId> accountSet = new HashSet<>(accounts);
            for (StreamId account : accounts) {
                List<RecordedEvent> history = read(account);
                for (int v = 0; v < history.size(); v++) {
                    assertThat(history.get(v).version()).as("version %d of %s", v + 1, account).isEqualTo(v + 1L);
                    var data = json(history.get(v).data());
                    total += data.get("delta").asLong();
                    sides.merge(data.get("transfer").asString(), 1, Integer::sum);
                }
            }
            assertThat(total).as("money in round " + round).isEqualTo(streams * opening);
            sides.remove("opening");
            assertThat(sides).as("transfers in round " + round).hasSize(succeeded);
            assertThat(succeeded).as("transfers that won in round " + round).isPositive();
            assertThat(sides.values()).as("sides of each transfer").allMatch(n -> n == 2);

            Map<StreamId, Long> lastSeen = new HashMap<>();
            for (RecordedEvent event : wholeLog()) {
                if (accountSet.contains(event.streamId())) {
                    long previous = lastSeen.getOrDefault(event.streamId(), 0L);
                    assertThat(event.version()).as("order of %s in the global log", event.streamId())
                            .isEqualTo(previous + 1);
                    lastSeen.put(event.streamId(), event.version());
                }
            }
        }
    }
}
