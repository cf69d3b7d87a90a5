package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;

/** The global log: one total order, every event exactly once, no skips, filters. */
public interface GlobalLogContract extends StoreUnderTest {

    @Test
    default void an_empty_log_reads_as_empty_at_the_start() {
        LogPage page = store().readAll(LogPosition.START, 10);
        assertThat(page.events()).isEmpty();
        assertThat(page.next()).isEqualTo(LogPosition.START);
        assertThat(store().headPosition()).isEqualTo(LogPosition.START);

        store().append(newStream("first"), ExpectedVersion.noStream(), event("E", 1));
        LogPage first = store().readAll(LogPosition.START, 10);
        assertThat(first.events()).hasSize(1);
        assertThat(first.next()).isEqualTo(first.events().get(0).logPosition()).isGreaterThan(LogPosition.START);
        assertThat(store().headPosition()).isEqualTo(first.next());
    }

    @Test
    default void holds_every_event_once_in_append_order_across_streams() {
        StreamId a = newStream("log");
        StreamId b = newStream("log");
        List<UUID> appended = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            StreamId stream = i % 3 == 0 ? a : b;
            var batch = events("E", 1 + i % 4);
            store().append(stream, ExpectedVersion.any(), batch);
            batch.forEach(e -> appended.add(e.eventId()));
        }
        List<RecordedEvent> log = wholeLog();
        assertThat(log).extracting(RecordedEvent::eventId).containsExactlyElementsOf(appended);
        assertStrictlyIncreasingPositions(log);
        assertPerStreamVersionOrder(log);
        assertThat(store().headPosition()).isEqualTo(log.get(log.size() - 1).logPosition());
    }

    @Test
    default void pages_continue_exactly_where_the_previous_page_ended() {
        StreamId stream = newStream("pages");
        store().append(stream, ExpectedVersion.noStream(), events("E", 25));
        LogPage first = store().readAll(LogPosition.START, 10);
        LogPage second = store().readAll(first.next(), 10);
        LogPage third = store().readAll(second.next(), 10);
        LogPage fourth = store().readAll(third.next(), 10);

        assertThat(first.events()).hasSize(10);
        assertThat(second.events()).hasSize(10);
        assertThat(third.events()).hasSize(5);
        assertThat(fourth.events()).isEmpty();
        assertThat(first.next()).isEqualTo(first.events().get(9).logPosition());
        assertThat(second.events().get(0).version()).isEqualTo(11);
        assertThat(third.events().get(4).version()).isEqualTo(25);
        assertThat(fourth.next()).isEqualTo(third.next());
        assertThat(store().readAll(first.events().get(4).logPosition(), 3).events())
                .extracting(RecordedEvent::version).containsExactly(6L, 7L, 8L);
    }

    @Test
    default void positions_survive_a_round_trip_through_their_string_form() {
        store().append(newStream("pos"), ExpectedVersion.any(), events("E", 3));
        List<RecordedEvent> log = wholeLog();
        assertThat(log).hasSize(3);
        for (RecordedEvent event : log) {
            assertThat(LogPosition.parse(event.logPosition().asString())).isEqualTo(event.logPosition());
            LogPage rest = store().readAll(LogPosition.parse(event.logPosition().asString()), 10);
            assertThat(rest.events()).allSatisfy(e -> assertThat(e.logPosition()).isGreaterThan(event.logPosition()));
        }
    }

    @Test
    default void filters_by_event_type_and_still_moves_past_what_it_drops() {
        StreamId stream = newStream("filter");
        store().append(stream, ExpectedVersion.any(), event("Wanted", 1));
        store().append(stream, ExpectedVersion.any(), events("Unwanted", 5));
        store().append(stream, ExpectedVersion.any(), event("Wanted", 7));
        store().append(stream, ExpectedVersion.any(), events("Unwanted", 3));

        LogPage page = store().readAll(LogPosition.START, 100, EventFilter.types("Wanted"));
        assertThat(page.events()).extracting(RecordedEvent::version).containsExactly(1L, 7L);
        assertThat(page.next()).as("next moves past the dropped tail").isEqualTo(store().headPosition());
        assertThat(store().readAll(page.next(), 100, EventFilter.types("Wanted")).events()).isEmpty();

        LogPage none = store().readAll(LogPosition.START, 100, EventFilter.types("Nothing"));
        assertThat(none.events()).isEmpty();
        assertThat(none.next()).isEqualTo(store().headPosition());

        LogPage firstOnly = store().readAll(LogPosition.START, 1, EventFilter.types("Wanted", "Other"));
        assertThat(firstOnly.events()).extracting(RecordedEvent::version).containsExactly(1L);
        LogPage secondOnly = store().readAll(firstOnly.next(), 1, EventFilter.types("Wanted"));
        assertThat(secondOnly.events()).extracting(RecordedEvent::version).containsExactly(7L);
    }

    @Test
    default void filters_by_stream_prefix_taking_wildcard_characters_literally() {
        store().append(StreamId.of("order-1"), ExpectedVersion.any(), event("E", 1));
        store().append(StreamId.of("account-1"), ExpectedVersion.any(), event("E", 2));
        store().append(StreamId.of("account_x-2"), ExpectedVersion.any(), event("E", 3));
        store().append(StreamId.of("accountX-3"), ExpectedVersion.any(), event("E", 4));
        store().append(StreamId.of("acc%ount-4"), ExpectedVersion.any(), event("E", 5));
        store().append(StreamId.of("account-2"), ExpectedVersion.any(), event("Other", 6));

        assertThat(streamsMatching(EventFilter.streamPrefix("account-")))
                .containsExactly("account-1", "account-2");
        assertThat(streamsMatching(EventFilter.streamPrefix("account_")))
                .containsExactly("account_x-2");
        assertThat(streamsMatching(EventFilter.streamPrefix("acc%")))
                .containsExactly("acc%ount-4");
        assertThat(streamsMatching(EventFilter.streamPrefix("account-").andTypes("E")))
                .containsExactly("account-1");
    }

    private List<String> streamsMatching(EventFilter filter) {
        return store().readAll(LogPosition.START, 100, filter).events().stream()
                .map(e -> e.streamId().value()).toList();
    }

    @Test
    default void a_position_past_the_head_reads_as_empty() {
        store().append(newStream("head"), ExpectedVersion.any(), events("E", 3));
        LogPosition head = store().headPosition();
        List<RecordedEvent> log = wholeLog();
        assertThat(head).isEqualTo(log.get(2).logPosition());
        assertThat(store().readAll(head, 10).events()).isEmpty();
        assertThat(store().readAll(log.get(1).logPosition(), 10).events()).singleElement()
                .satisfies(e -> assertThat(e.version()).isEqualTo(3));
    }

    /**
     * Writers append to their own and to shared streams while readers page through the log.
     * Every reader must see every event exactly once, in the one order the final log has:
     * a reader that skipped an event (it appears later below a position the reader already
     * passed) fails here.
     */
    @Test
    default void concurrent_readers_see_every_event_once_in_one_order_while_writers_append() {
        int writers = 4;
        int perWriter = 150;
        int readers = 2;
        StreamId shared = newStream("shared");
        int total = writers * perWriter;
        List<Race.Outcome<List<UUID>>> outcomes = Race.run(writers + readers, i -> () -> {
            if (i < writers) {
                StreamId own = newStream("own");
                for (int k = 0; k < perWriter; k++) {
                    store().append(k % 2 == 0 ? own : shared, ExpectedVersion.any(), event("W" + i, k));
                }
                return List.of();
            }
            List<UUID> seen = new ArrayList<>();
            LogPosition after = LogPosition.START;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (seen.size() < total && System.nanoTime() < deadline) {
                LogPage page = store().readAll(after, 1 + (i * 13) % 50);
                for (RecordedEvent event : page.events()) {
                    assertThat(event.logPosition()).isGreaterThan(after);
                    seen.add(event.eventId());
                    after = event.logPosition();
                }
                assertThat(page.next()).isGreaterThanOrEqualTo(after);
                after = page.next();
                if (page.isEmpty()) {
                    Thread.onSpinWait();
                }
            }
            return seen;
        });
        List<RecordedEvent> log = wholeLog();
        assertThat(log).hasSize(total);
        assertStrictlyIncreasingPositions(log);
        assertPerStreamVersionOrder(log);
        List<UUID> finalOrder = log.stream().map(RecordedEvent::eventId).toList();
        for (Race.Outcome<List<UUID>> outcome : outcomes) {
            assertThat(outcome.error()).isNull();
        }
        for (int r = writers; r < writers + readers; r++) {
            assertThat(outcomes.get(r).value()).as("what reader %d saw", r).containsExactlyElementsOf(finalOrder);
        }
    }

    private static void assertStrictlyIncreasingPositions(List<RecordedEvent> log) {
        for (int i = 1; i < log.size(); i++) {
            assertThat(log.get(i).logPosition()).isGreaterThan(log.get(i - 1).logPosition());
        }
        Set<UUID> ids = new HashSet<>();
        log.forEach(e -> assertThat(ids.add(e.eventId())).as("event %s once", e.eventId()).isTrue());
    }

    private static void assertPerStreamVersionOrder(List<RecordedEvent> log) {
        Map<StreamId, Long> last = new HashMap<>();
        for (RecordedEvent event : log) {
            long previous = last.getOrDefault(event.streamId(), 0L);
            assertThat(event.version()).as("version after %d in %s", previous, event.streamId()).isEqualTo(previous + 1);
            last.put(event.streamId(), event.version());
        }
    }
}
