package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every part of the contract suite shares: the store under test and small helpers. */
public interface StoreUnderTest {

    JsonMapper JSON = JsonMapper.builder().build();

    /** The fresh store of the current test. */
    EventStore store();

    /** The clock the store records timestamps from. */
    MutableClock clock();

    /** A stream id no other test uses, in category {@code category}. */
    default StreamId newStream(String category) {
        return StreamId.of(category + "-" + UUID.randomUUID());
    }

    default EventData event(String type, long n) {
        return EventData.of(type, "{\"n\":" + n + "}");
    }

    default List<EventData> events(String type, int count) {
        List<EventData> events = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            events.add(event(type, i));
        }
        return events;
    }

    default List<RecordedEvent> read(StreamId stream) {
        try (Stream<RecordedEvent> events = store().readStream(stream)) {
            return events.toList();
        }
    }

    /** The whole global log, paged through with a small page size so that paging is exercised. */
    default List<RecordedEvent> wholeLog() {
        List<RecordedEvent> all = new ArrayList<>();
        LogPosition after = LogPosition.START;
        while (true) {
            LogPage page = store().readAll(after, 7);
            all.addAll(page.events());
            if (page.isEmpty()) {
                return all;
            }
            assertThat(page.next()).as("next of a non-empty page").isGreaterThan(after);
            after = page.next();
        }
    }

    default JsonNode json(byte[] data) {
        return JSON.readTree(data);
    }

    /** Payloads compare as JSON values: a store may normalize whitespace and key order. */
    default void assertSameJson(byte[] actual, byte[] expected) {
        assertThat(json(actual)).isEqualTo(json(expected));
    }
}
