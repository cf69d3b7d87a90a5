package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.AppendConditionFailedException;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.Decision;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dynamic Consistency Boundaries conformance, from the specification's examples (dcb.events):
 * a unique user name, course capacity with a per-student limit, invoice numbers without
 * gaps, each decided by racing deciders under a barrier, repeated; plus the query semantics
 * and a stream aggregate beside a DCB decision in one store. Extend it with a store whose
 * {@link EventStore#consistencyBoundaries()} is present.
 *
 * <p>Every decider appends to a stream of its own with {@code any()}, so only the append
 * condition can keep the invariants: a store that ignores it fails (ContractGuardTest).
 */
public abstract class DcbContract implements StoreUnderTest {
    static final int DECIDERS = 8;
    static final int ROUNDS = 10;

    private MutableClock clock;
    private EventStore store;

    /** A fresh, empty store whose recorded-at timestamps come from {@code clock}. */
    protected abstract EventStore newStore(Clock clock);

    @BeforeEach
    final void createStore() {
        clock = MutableClock.startingAt2026();
        store = newStore(clock);
    }

    @AfterEach
    final void releaseStore() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    public final EventStore store() {
        return store;
    }

    @Override
    public final MutableClock clock() {
        return clock;
    }

    ConsistencyBoundaries dcb() {
        return store.consistencyBoundaries().orElseThrow(() -> new AssertionError("the store offers no DCB"));
    }

    static EventData tagged(String type, String json, String... tags) {
        return EventData.of(type, json).withTags(tags);
    }

    /** A stream no one else appends to: the stream's version check protects nothing here. */
    StreamId own(String category) {
        return newStream(category);
    }

    List<RecordedEvent> query(EventQuery query, LogPosition after) {
        try (Stream<RecordedEvent> events = dcb().read(query, after)) {
            return events.toList();
        }
    }

    // --- the query semantics --------------------------------------------------------

    @Test
    void an_event_matches_an_item_when_its_type_is_one_of_the_items_types_and_it_has_all_the_items_tags() {
        store.append(own("x"), ExpectedVersion.any(), tagged("A", "{\"n\":1}", "t1", "t2"),
                tagged("B", "{\"n\":2}", "t1"), tagged("C", "{\"n\":3}", "t2"), EventData.of("A", "{\"n\":4}"));

        assertThat(numbers(EventQuery.of(QueryItem.tags("t1")))).containsExactly(1, 2);
        assertThat(numbers(EventQuery.of(QueryItem.tags("t1", "t2")))).containsExactly(1);
        assertThat(numbers(EventQuery.of(QueryItem.types("A")))).containsExactly(1, 4);
        assertThat(numbers(EventQuery.of(QueryItem.types("A", "C").withTags("t2")))).containsExactly(1, 3);
        assertThat(numbers(EventQuery.of(QueryItem.types("B"), QueryItem.tags("t2")))).containsExactly(1, 2, 3);
        assertThat(numbers(EventQuery.all())).containsExactly(1, 2, 3, 4);
        assertThat(numbers(EventQuery.of(QueryItem.tags("t3")))).isEmpty();
    }

    @Test
    void a_query_reads_from_a_position_and_returns_the_tags() {
        store.append(own("x"), ExpectedVersion.any(), tagged("A", "{\"n\":1}", "t"));
        LogPosition after = store.headPosition();
        store.append(own("x"), ExpectedVersion.any(), tagged("A", "{\"n\":2}", "t", "u"));

        List<RecordedEvent> later = query(EventQuery.of(QueryItem.tags("t")), after);
        assertThat(later).hasSize(1);
        assertThat(later.get(0).tags()).containsExactlyInAnyOrder("t", "u");
        assertThat(read(later.get(0).streamId()).get(0).tags()).containsExactlyInAnyOrder("t", "u");
    }

    @Test
    void tags_are_validated() {
        assertThatThrownBy(() -> EventData.of("A", "{}").withTags("has space")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> EventData.of("A", "{}").withTags("")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new QueryItem(Set.of(), Set.of())).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void a_condition_fails_when_a_matching_event_was_appended_after_its_position_and_nothing_is_written() {
        Decision decision = dcb().decide(EventQuery.of(QueryItem.tags("k")));
        store.append(own("x"), ExpectedVersion.any(), tagged("A", "{\"n\":1}", "k"));
        StreamId target = own("y");
        assertThatThrownBy(() -> dcb().append(AppendBatch.of(target, ExpectedVersion.any(),
                tagged("B", "{\"n\":2}", "k")), decision.condition()))
                .isInstanceOfSatisfying(AppendConditionFailedException.class,
                        e -> assertThat(e.isRetryable()).isTrue());
        assertThat(store.currentVersion(target)).isZero();

        // An unrelated event after the position does not fail it.
        Decision again = dcb().decide(EventQuery.of(QueryItem.tags("k")));
        store.append(own("x"), ExpectedVersion.any(), tagged("A", "{\"n\":3}", "other"));
        dcb().append(AppendBatch.of(target, ExpectedVersion.any(), tagged("B", "{\"n\":4}", "k")), again.condition());
        assertThat(store.currentVersion(target)).isEqualTo(1);
    }

    @Test
    void retrying_a_stored_conditional_append_returns_the_original_result() {
        Decision decision = dcb().decide(EventQuery.of(QueryItem.tags("k")));
        AppendBatch batch = AppendBatch.of(own("x"), ExpectedVersion.any(), tagged("A", "{\"n\":1}", "k"));
        var first = dcb().append(batch, decision.condition());
        assertThat(dcb().append(batch, decision.condition())).isEqualTo(first);
        assertThat(wholeLog()).hasSize(1);
    }

    List<Integer> numbers(EventQuery query) {
        return query(query, LogPosition.START).stream().map(e -> json(e.data()).get("n").asInt()).toList();
    }

    // --- the specification's examples, with racing deciders ------------------------------

    /** Unique user name: of deciders registering the same name at once, exactly one wins. */
    @Test
    void unique_user_name_only_one_of_racing_registrations_wins() {
        for (int round = 0; round < ROUNDS; round++) {
            String name = "username:ada-" + round;
            EventQuery query = EventQuery.of(QueryItem.types("AccountRegistered").withTags(name));
            List<Race.Outcome<Boolean>> outcomes = Race.run(DECIDERS, i -> {
                Decision decision = dcb().decide(query);
                return () -> {
                    if (!decision.events().isEmpty()) {
                        return false;
                    }
                    dcb().append(AppendBatch.of(own("user"), ExpectedVersion.noStream(),
                            tagged("AccountRegistered", "{\"n\":" + i + "}", name)), decision.condition());
                    return true;
                };
            });
            assertThat(outcomes.stream().filter(Race.Outcome::succeeded)).as("winners in round " + round).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()))
                    .allSatisfy(o -> assertThat(o.error()).isInstanceOf(AppendConditionFailedException.class));
            assertThat(query(query, LogPosition.START)).as("registrations of " + name).hasSize(1);
        }
    }

    /**
     * Course capacity with a per-student limit: students subscribe to courses with a
     * capacity; a course never has more subscribers than its capacity and a student never
     * more than {@code limit} courses, whatever the race; deciders retry a failed condition.
     */
    @Test
    void course_capacity_and_per_student_limit_hold_under_racing_subscriptions() {
        int capacity = 3;
        int limit = 2;
        for (int round = 0; round < 4; round++) {
            int thisRound = round;
            List<String> courses = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                String course = "course:" + round + "-" + c;
                store.append(own("course"), ExpectedVersion.noStream(),
                        tagged("CourseDefined", "{\"capacity\":" + capacity + "}", course));
                courses.add(course);
            }
            List<Race.Outcome<Integer>> outcomes = Race.run(DECIDERS, i -> () -> {
                String student = "student:" + thisRound + "-" + i;
                int subscribed = 0;
                for (String course : courses) {
                    while (true) {
                        EventQuery query = EventQuery.of(
                                QueryItem.types("CourseDefined", "StudentSubscribed").withTags(course),
                                QueryItem.types("StudentSubscribed").withTags(student));
                        Decision decision = dcb().decide(query);
                        int courseCapacity = 0;
                        int courseSubscribers = 0;
                        int studentCourses = 0;
                        for (RecordedEvent event : decision.events()) {
                            if (event.type().equals("CourseDefined")) {
                                courseCapacity = json(event.data()).get("capacity").asInt();
                            } else if (event.tags().contains(course)) {
                                courseSubscribers++;
                            }
                            if (event.tags().contains(student)) {
                                studentCourses++;
                            }
                        }
                        if (courseSubscribers >= courseCapacity || studentCourses >= limit) {
                            break;
                        }
                        try {
                            dcb().append(AppendBatch.of(own("subscription"), ExpectedVersion.any(),
                                    tagged("StudentSubscribed", "{}", course, student)), decision.condition());
                            subscribed++;
                            break;
                        } catch (AppendConditionFailedException e) {
                            Thread.onSpinWait(); // someone else decided in between: decide again
                        }
                    }
                }
                return subscribed;
            });
            assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
            for (String course : courses) {
                assertThat(query(EventQuery.of(QueryItem.types("StudentSubscribed").withTags(course)), LogPosition.START))
                        .as("subscribers of " + course).hasSize(capacity);
            }
            for (int i = 0; i < DECIDERS; i++) {
                String student = "student:" + round + "-" + i;
                long mine = query(EventQuery.of(QueryItem.types("StudentSubscribed").withTags(student)),
                        LogPosition.START).stream().filter(e -> courses.stream().anyMatch(e.tags()::contains)).count();
                assertThat(mine).as("courses of " + student).isLessThanOrEqualTo(limit);
            }
        }
    }

    /** Invoice numbers without gaps: racing deciders each take the next number; 1..n, none twice. */
    @Test
    void invoice_numbers_have_no_gaps_and_no_duplicates_under_racing_deciders() {
        int perDecider = 5;
        for (int round = 0; round < 3; round++) {
            int thisRound = round;
            String series = "invoices:" + round;
            EventQuery query = EventQuery.of(QueryItem.types("InvoiceCreated").withTags(series));
            List<Race.Outcome<Integer>> outcomes = Race.run(DECIDERS, i -> () -> {
                int created = 0;
                while (created < perDecider) {
                    Decision decision = dcb().decide(query);
                    int next = decision.events().stream().mapToInt(e -> json(e.data()).get("n").asInt()).max().orElse(0) + 1;
                    try {
                        dcb().append(AppendBatch.of(own("invoice"), ExpectedVersion.noStream(),
                                tagged("InvoiceCreated", "{\"n\":" + next + "}", series, "invoice:" + thisRound + "-" + next)),
                                decision.condition());
                        created++;
                    } catch (AppendConditionFailedException e) {
                        if (ThreadLocalRandom.current().nextBoolean()) {
                            Thread.yield();
                        }
                    }
                }
                return created;
            });
            assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
            List<Integer> numbers = query(query, LogPosition.START).stream()
                    .map(e -> json(e.data()).get("n").asInt()).toList();
            List<Integer> expected = new ArrayList<>();
            for (int n = 1; n <= DECIDERS * perDecider; n++) {
                expected.add(n);
            }
            assertThat(numbers).as("invoice numbers in log order in round " + round).containsExactlyElementsOf(expected);
        }
    }

    // --- aggregates beside DCB decisions -------------------------------------------------

    /**
     * A stream aggregate (an account, appended with expected versions) and a DCB decision
     * (a unique e-mail address over all accounts) in one store: the aggregate's tagged events
     * are what the decision reads, and an aggregate append fails a decision's condition.
     */
    @Test
    void a_stream_aggregate_and_a_dcb_decision_live_side_by_side() {
        StreamId account = newStream("account");
        store.append(account, ExpectedVersion.noStream(),
                tagged("AccountOpened", "{\"n\":1}", "account:1", "email:ada@example.com"));
        EventQuery email = EventQuery.of(QueryItem.tags("email:bob@example.com"));

        Decision decision = dcb().decide(email);
        assertThat(decision.events()).isEmpty();
        // The aggregate changes its e-mail address, with its own optimistic check.
        store.append(account, ExpectedVersion.exactly(1),
                tagged("EmailChanged", "{\"n\":2}", "account:1", "email:bob@example.com"));
        assertThatThrownBy(() -> store.append(account, ExpectedVersion.exactly(1), EventData.of("Stale", "{}")))
                .isInstanceOf(ConcurrencyConflictException.class);
        // A second account deciding on the same address is refused by the condition.
        StreamId other = newStream("account");
        assertThatThrownBy(() -> dcb().append(AppendBatch.of(other, ExpectedVersion.noStream(),
                tagged("AccountOpened", "{\"n\":3}", "account:2", "email:bob@example.com")), decision.condition()))
                .isInstanceOf(AppendConditionFailedException.class);
        assertThat(store.currentVersion(other)).isZero();
        assertThat(read(account)).extracting(RecordedEvent::version).containsExactly(1L, 2L);

        Set<String> types = new HashSet<>();
        dcb().decide(EventQuery.of(QueryItem.tags("account:1"))).events().forEach(e -> types.add(e.type()));
        assertThat(types).containsExactlyInAnyOrder("AccountOpened", "EmailChanged");
    }
}
