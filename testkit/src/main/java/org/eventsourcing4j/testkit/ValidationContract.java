package org.eventsourcing4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.junit.jupiter.api.Test;

/**
 * Bad input is refused with {@link InvalidArgumentException} naming what was wrong, and
 * nothing already stored changes. Each test first stores one valid event and checks
 * after every refusal that the store still holds exactly that.
 */
public interface ValidationContract extends StoreUnderTest {

    StreamId VALID = StreamId.of("valid-1");
    String VALID_JSON = "{\"ok\":true}";

    private void givenOneValidEvent() {
        store().append(VALID, ExpectedVersion.noStream(), EventData.of("Valid", VALID_JSON));
    }

    /** Runs {@code call}, expects the typed error mentioning {@code argument}, and checks nothing changed. */
    private void refused(String argument, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.argument()).contains(argument));
        assertUnchanged();
    }

    private void assertUnchanged() {
        List<RecordedEvent> log = wholeLog();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).streamId()).isEqualTo(VALID);
        assertSameJson(log.get(0).data(), VALID_JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(store().currentVersion(VALID)).isEqualTo(1);
    }

    private void appendTo(String streamId) {
        store().append(StreamId.of(streamId), ExpectedVersion.any(), event("E", 1));
    }

    @Test
    default void refuses_null_empty_and_blank_stream_ids() {
        givenOneValidEvent();
        refused("stream id", () -> appendTo(null));
        refused("stream id", () -> appendTo(""));
        refused("stream id", () -> appendTo("   "));
        refused("stream id", () -> appendTo("\u2003"));
        refused("stream id", () -> appendTo(" padded"));
        refused("stream id", () -> appendTo("padded "));
        refused("stream id", () -> store().append(null, ExpectedVersion.any(), event("E", 1)));
        refused("stream id", () -> store().readStream(null).close());
        refused("stream id", () -> store().currentVersion(null));
    }

    @Test
    default void refuses_stream_ids_over_the_length_limit_and_accepts_one_at_it() {
        givenOneValidEvent();
        refused("stream id", () -> appendTo("s".repeat(Limits.MAX_STREAM_ID_LENGTH + 1)));
        refused("stream id", () -> appendTo("s".repeat(100_000)));

        StreamId longest = StreamId.of("s".repeat(Limits.MAX_STREAM_ID_LENGTH));
        store().append(longest, ExpectedVersion.noStream(), event("E", 1));
        assertThat(read(longest)).singleElement().satisfies(e -> assertThat(e.streamId()).isEqualTo(longest));
    }

    @Test
    default void refuses_stream_ids_with_control_characters_or_lone_surrogates() {
        givenOneValidEvent();
        for (String bad : List.of("a\u0000b", "a\nb", "a\tb", "a\rb", "a\u007fb", "a\u0085b", "\u001b[31m",
                "a\ud800b", "a\udc00", "\ud800")) {
            refused("stream id", () -> appendTo(bad));
        }
        StreamId unicode = StreamId.of("konto-ünïcødé-😀");
        store().append(unicode, ExpectedVersion.noStream(), event("E", 1));
        assertThat(read(unicode)).singleElement().satisfies(e -> assertThat(e.streamId()).isEqualTo(unicode));
    }

    @Test
    default void refuses_bad_event_type_names() {
        givenOneValidEvent();
        refused("event type", () -> EventData.of(null, "{}"));
        refused("event type", () -> EventData.of("", "{}"));
        refused("event type", () -> EventData.of("  ", "{}"));
        refused("event type", () -> EventData.of("T".repeat(Limits.MAX_EVENT_TYPE_LENGTH + 1), "{}"));
        refused("event type", () -> EventData.of("Bad\u0000Type", "{}"));
        refused("event type", () -> EventData.of("Bad\nType", "{}"));
        refused("event id", () -> EventData.of(null, "E", "{}"));
        refused("revision", () -> new EventData(UUID.randomUUID(), "E", 0, "{}".getBytes(StandardCharsets.UTF_8), Metadata.EMPTY));
    }

    @Test
    default void refuses_payloads_that_are_not_one_json_object() {
        givenOneValidEvent();
        for (String bad : List.of("", "not json", "{", "{\"a\":}", "{\"a\":1}}", "{\"a\":1} trailing", "{\"a\":1}{}",
                "[1,2]", "\"text\"", "42", "null", "{'a':1}", "{\"a\":1,\"a\":2}", "{\"a\":NaN}")) {
            refused("event data", () -> store().append(VALID, ExpectedVersion.any(), EventData.of("E", bad)));
        }
        refused("event data", () -> store().append(VALID, ExpectedVersion.any(),
                new EventData(UUID.randomUUID(), "E", 1, null, Metadata.EMPTY)));
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        refused("event data", () -> new EventData(UUID.randomUUID(), "E", 1, invalidUtf8, Metadata.EMPTY));
    }

    @Test
    default void refuses_payloads_with_nul_or_lone_surrogates_that_databases_reject() {
        givenOneValidEvent();
        for (String bad : List.of("{\"a\":\"x\\u0000y\"}", "{\"a\\u0000\":1}", "{\"a\":\"\\ud800\"}",
                "{\"a\":\"\\udc00x\"}", "{\"a\":[\"ok\",{\"deep\":\"\\u0000\"}]}")) {
            refused("event data", () -> store().append(VALID, ExpectedVersion.any(), EventData.of("E", bad)));
        }
        store().append(VALID, ExpectedVersion.exactly(1), EventData.of("E", "{\"pair\":\"\\ud83d\\ude00\",\"ctl\":\"\\u0001\"}"));
        assertThat(json(read(VALID).get(1).data()).get("pair").asString()).isEqualTo("😀");
    }

    @Test
    default void refuses_payloads_over_the_size_limit_and_accepts_one_at_it() {
        givenOneValidEvent();
        String over = "{\"p\":\"" + "x".repeat(Limits.MAX_EVENT_DATA_BYTES) + "\"}";
        refused("event data", () -> EventData.of("E", over));

        String atLimit = "{\"p\":\"" + "x".repeat(Limits.MAX_EVENT_DATA_BYTES - 8) + "\"}";
        assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(Limits.MAX_EVENT_DATA_BYTES);
        StreamId big = newStream("big");
        store().append(big, ExpectedVersion.noStream(), EventData.of("E", atLimit));
        assertThat(json(read(big).get(0).data()).get("p").asString()).hasSize(Limits.MAX_EVENT_DATA_BYTES - 8);
    }

    @Test
    default void refuses_empty_null_oversized_and_self_duplicating_batches() {
        givenOneValidEvent();
        refused("events", () -> store().append(VALID, ExpectedVersion.any(), List.of()));
        refused("events", () -> store().append(VALID, ExpectedVersion.any(), (List<EventData>) null));
        refused("events", () -> store().append(VALID, ExpectedVersion.any(), Arrays.asList(event("E", 1), null)));
        EventData twice = event("E", 1);
        refused("events", () -> store().append(VALID, ExpectedVersion.any(), List.of(twice, twice)));
        List<EventData> tooMany = new ArrayList<>();
        for (int i = 0; i <= Limits.MAX_BATCH_SIZE; i++) {
            tooMany.add(event("E", i));
        }
        refused("events", () -> store().append(VALID, ExpectedVersion.any(), tooMany));
        refused("expected version", () -> store().append(VALID, null, event("E", 1)));
    }

    @Test
    default void refuses_negative_and_overflowing_expected_versions() {
        givenOneValidEvent();
        refused("expected version", () -> ExpectedVersion.exactly(-1));
        refused("expected version", () -> ExpectedVersion.exactly(Long.MIN_VALUE));
        refused("expected version", () -> store().append(VALID, ExpectedVersion.exactly(Long.MAX_VALUE), event("E", 1)));
        refused("expected version", () -> store().append(VALID, ExpectedVersion.exactly(Long.MAX_VALUE - 1),
                List.of(event("E", 1), event("E", 2))));
    }

    @Test
    default void refuses_bad_metadata() {
        givenOneValidEvent();
        refused("correlation id", () -> new Metadata(" ", null, Map.of()));
        refused("causation id", () -> new Metadata(null, "a\u0000b", Map.of()));
        refused("header name", () -> new Metadata(null, null, Map.of("bad\nname", "v")));
        refused("header", () -> new Metadata(null, null, Map.of("name", "nul\u0000value")));
        refused("headers", () -> new Metadata(null, null, null));
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i <= Limits.MAX_HEADERS; i++) {
            tooMany.put("h" + i, "v");
        }
        refused("headers", () -> new Metadata(null, null, tooMany));
        refused("metadata", () -> new EventData(UUID.randomUUID(), "E", 1, "{}".getBytes(StandardCharsets.UTF_8), null));
    }

    @Test
    default void refuses_bad_read_arguments() {
        givenOneValidEvent();
        refused("query", () -> store().readStream(VALID, null).close());
        refused("from version", () -> StreamQuery.from(0));
        refused("to version", () -> StreamQuery.upTo(-1));
        refused("instant", () -> StreamQuery.asOf(null));
        refused("after", () -> store().readAll(null, 10));
        refused("limit", () -> store().readAll(LogPosition.START, 0));
        refused("limit", () -> store().readAll(LogPosition.START, -5));
        refused("limit", () -> store().readAll(LogPosition.START, Limits.MAX_PAGE_SIZE + 1));
        refused("filter", () -> store().readAll(LogPosition.START, 10, null));
        refused("log position", () -> LogPosition.parse("12:abc"));
        refused("log position", () -> new LogPosition(-1, 5));
        refused("stream prefix", () -> EventFilter.streamPrefix("a\u0000"));
    }
}
