package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamDeletedException;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Groups forced on purpose, round after round: an append is held in flight (its insert waits
 * for a caller's transaction that wrote the same version), the members of the next group are
 * released together by a barrier and queue behind it, and only once all of them wait is the
 * held one let go. Inside each group some members must fail — a stale expectation, a version
 * above the head, a retry of a stored event, an append to a deleted stream — and the others
 * must still be written, together, each caller getting its own answer. (Only one-event
 * appends are grouped; a batch of more goes alone, which the last test checks.)
 */
class GroupCommitRaceTest {
    private static final int ROUNDS = 8;
    private static final int FRESH = 4;
    private static PgTestDatabase database;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("grouprace", 16);
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void conflicts_inside_a_group_fail_only_their_callers_and_the_rest_commits_in_one_transaction() throws Exception {
        try (PostgresEventStore store = grouped("c_")) {
            for (int round = 0; round < ROUNDS; round++) {
                StreamId hot = StreamId.of("hot-" + round);
                StreamId shortStream = StreamId.of("short-" + round);
                StreamId stored = StreamId.of("stored-" + round);
                store.append(hot, ExpectedVersion.noStream(), events(3, "hot"));
                store.append(shortStream, ExpectedVersion.noStream(), events(1, "short"));
                List<EventData> storedBatch = events(1, "stored");
                AppendResult original = store.append(stored, ExpectedVersion.noStream(), storedBatch);

                List<Callable<AppendResult>> members = new ArrayList<>();
                for (int i = 0; i < FRESH; i++) {
                    StreamId fresh = StreamId.of("fresh-" + round + "-" + i);
                    members.add(() -> store.append(fresh, ExpectedVersion.noStream(), events(1, "fresh")));
                }
                members.add(() -> store.append(hot, ExpectedVersion.exactly(1), events(1, "stale")));
                members.add(() -> store.append(shortStream, ExpectedVersion.exactly(5), events(1, "gap")));
                members.add(() -> store.append(stored, ExpectedVersion.noStream(), storedBatch));

                List<Object> outcomes = group(store, "gate-c-" + round, members);

                long tx = -1;
                for (int i = 0; i < FRESH; i++) {
                    AppendResult fresh = (AppendResult) outcomes.get(i);
                    assertThat(fresh.streamVersion()).as("round %d, fresh stream %d", round, i).isEqualTo(1);
                    if (tx < 0) {
                        tx = fresh.lastPosition().txId();
                    }
                    assertThat(fresh.lastPosition().txId()).as("round %d: the fresh appends were written together", round)
                            .isEqualTo(tx);
                }
                assertThat(outcomes.get(FRESH)).as("round %d, stale expectation", round)
                        .isInstanceOfSatisfying(ConcurrencyConflictException.class,
                                e -> assertThat(e.actualVersion()).isEqualTo(3));
                assertThat(outcomes.get(FRESH + 1)).as("round %d, version above the head", round)
                        .isInstanceOf(ConcurrencyConflictException.class);
                assertThat(outcomes.get(FRESH + 2)).as("round %d, retry of a stored batch", round).isEqualTo(original);
                assertThat(store.currentVersion(hot)).isEqualTo(3);
                assertThat(store.currentVersion(shortStream)).isEqualTo(1);
                assertThat(store.currentVersion(stored)).isEqualTo(1);
            }
            assertLogInStreamOrder(store);
            assertThat(duplicateEventIds("c_")).isZero();
        }
    }

    @Test
    void an_append_refused_by_the_database_inside_a_group_fails_alone() throws Exception {
        try (PostgresEventStore store = grouped("r_")) {
            for (int round = 0; round < ROUNDS; round++) {
                StreamId deleted = StreamId.of("deleted-" + round);
                store.append(deleted, ExpectedVersion.noStream(), events(2, "doomed"));
                store.lifecycle().orElseThrow().softDelete(deleted, "test");
                long deletedRows = rows("r_", deleted);

                List<Callable<AppendResult>> members = new ArrayList<>();
                for (int i = 0; i < FRESH; i++) {
                    StreamId fresh = StreamId.of("fresh-" + round + "-" + i);
                    members.add(() -> store.append(fresh, ExpectedVersion.noStream(), events(1, "fresh")));
                }
                members.add(() -> store.append(deleted, ExpectedVersion.any(), events(1, "late")));

                List<Object> outcomes = group(store, "gate-r-" + round, members);

                for (int i = 0; i < FRESH; i++) {
                    assertThat(outcomes.get(i)).as("round %d, fresh stream %d", round, i)
                            .isInstanceOfSatisfying(AppendResult.class, r -> assertThat(r.streamVersion()).isEqualTo(1));
                }
                assertThat(outcomes.get(FRESH)).as("round %d, append to a deleted stream", round)
                        .isInstanceOf(StreamDeletedException.class);
                assertThat(rows("r_", deleted)).as("round %d, rows of the deleted stream", round).isEqualTo(deletedRows);
            }
            assertLogInStreamOrder(store);
        }
    }

    @Test
    void a_lone_writer_goes_straight_through_one_append_per_transaction() {
        try (PostgresEventStore store = grouped("l_")) {
            StreamId stream = StreamId.of("lone");
            long previousTx = -1;
            for (int i = 0; i < 20; i++) {
                AppendResult result = store.append(stream, ExpectedVersion.exactly(i), events(1, "lone"));
                assertThat(result.streamVersion()).isEqualTo(i + 1);
                assertThat(result.lastPosition().txId()).isGreaterThan(previousTx);
                previousTx = result.lastPosition().txId();
                assertThat(store.groupCommitWaiting()).isZero();
            }
        }
    }

    @Test
    void batches_of_more_than_one_event_are_not_grouped() throws Exception {
        try (PostgresEventStore store = grouped("b_")) {
            for (int round = 0; round < 3; round++) {
                List<Callable<AppendResult>> members = new ArrayList<>();
                for (int i = 0; i < FRESH; i++) {
                    StreamId stream = StreamId.of("batch-" + round + "-" + i);
                    members.add(() -> store.append(stream, ExpectedVersion.noStream(), events(2, "batch")));
                }
                List<Object> outcomes = groupOrAlone(store, "gate-b-" + round, members, false);
                java.util.Set<Long> transactions = new java.util.HashSet<>();
                for (Object outcome : outcomes) {
                    transactions.add(((AppendResult) outcome).lastPosition().txId());
                }
                assertThat(transactions).as("round %d: one transaction per batch", round).hasSize(FRESH);
            }
        }
    }

    private static PostgresEventStore grouped(String prefix) {
        return database.store(database.options(prefix).withGroupCommit(true));
    }

    /**
     * Holds one append in flight on {@code gate}, starts the members together, waits until all
     * of them queue behind it, lets it go (it fails: the caller's transaction took its version),
     * and returns each member's result or failure, in order.
     */
    private static List<Object> group(PostgresEventStore store, String gate, List<Callable<AppendResult>> members)
            throws Exception {
        return groupOrAlone(store, gate, members, true);
    }

    /** {@link #group}; with {@code queue} false, members are not expected to queue: they run while the held append waits. */
    private static List<Object> groupOrAlone(PostgresEventStore store, String gate, List<Callable<AppendResult>> members,
                                             boolean queue) throws Exception {
        StreamId gateStream = StreamId.of(gate);
        ExecutorService threads = Executors.newFixedThreadPool(members.size() + 1);
        try (Connection holder = database.connect()) {
            holder.setAutoCommit(false);
            store.appendInTransaction(holder, new AppendBatch(gateStream, ExpectedVersion.noStream(), events(1, "holder")));
            Future<AppendResult> held = threads.submit(
                    () -> store.append(gateStream, ExpectedVersion.noStream(), events(1, "held")));
            await(() -> waitingOnALock(), "the held append waits for the caller's transaction");
            CyclicBarrier start = new CyclicBarrier(members.size());
            List<Future<AppendResult>> futures = new ArrayList<>();
            for (Callable<AppendResult> member : members) {
                futures.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return member.call();
                }));
            }
            if (queue) {
                await(() -> store.groupCommitWaiting() == members.size(), "every member queues behind the held append");
            } else {
                for (Future<AppendResult> future : futures) {
                    future.get(60, TimeUnit.SECONDS); // they do not wait for the held append
                }
                assertThat(store.groupCommitWaiting()).isZero();
            }
            holder.commit();
            assertThat(outcome(held)).as("the held append").isInstanceOf(ConcurrencyConflictException.class);
            List<Object> outcomes = new ArrayList<>();
            for (Future<AppendResult> future : futures) {
                outcomes.add(outcome(future));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static Object outcome(Future<AppendResult> future) throws Exception {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static boolean waitingOnALock() {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement("select count(*) from pg_stat_activity"
                     + " where application_name = ? and wait_event_type = 'Lock'")) {
            query.setString(1, database.applicationName);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    private static List<EventData> events(int count, String what) {
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(EventData.of("Grouped", "{\"what\":\"" + what + "\",\"i\":" + i + "}"));
        }
        return events;
    }

    /** Every stream's versions appear in the global log in order, from 1, without gaps. */
    private static void assertLogInStreamOrder(PostgresEventStore store) {
        Map<StreamId, Long> last = new HashMap<>();
        LogPosition after = LogPosition.START;
        for (LogPage page = store.readAll(after, 500); !page.isEmpty(); page = store.readAll(after, 500)) {
            for (RecordedEvent event : page.events()) {
                long previous = last.getOrDefault(event.streamId(), 0L);
                assertThat(event.version()).as("%s in the global log", event.streamId()).isEqualTo(previous + 1);
                last.put(event.streamId(), event.version());
            }
            after = page.next();
        }
        assertThat(last).isNotEmpty();
    }

    private static long rows(String prefix, StreamId stream) throws SQLException {
        return database.count("select count(*) from \"" + database.schema + "\"." + prefix + "events where stream_id = '"
                + stream.value() + "'");
    }

    private static long duplicateEventIds(String prefix) throws SQLException {
        return database.count("select count(*) - count(distinct event_id) from \"" + database.schema + "\"." + prefix
                + "events");
    }
}
