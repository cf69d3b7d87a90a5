package org.eventsourcing4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** streams, stream, event and log, in-process against a real store (SQLite or PostgreSQL, see the subclasses). */
abstract class ReadCommandsTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    CliStore fixture;
    Instant t0;
    Instant t1;
    UUID deposit;

    abstract CliStore open();

    @BeforeEach
    void populate() {
        fixture = open();
        t0 = fixture.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        fixture.store().append(StreamId.of("account-1"), ExpectedVersion.noStream(),
                EventData.of("AccountOpened", "{\"owner\":\"Ada\"}"),
                EventData.of("MoneyDeposited", "{\"amount\":100.50}"));
        t1 = fixture.clock().advance(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        deposit = UUID.randomUUID();
        fixture.store().append(StreamId.of("account-1"), ExpectedVersion.exactly(2),
                new EventData(deposit, "MoneyDeposited", 2, "{\"amount\":20}".getBytes(),
                        new Metadata("corr-1", "cause-1", Map.of("tenant", "acme"))));
        fixture.store().append(StreamId.of("account-2"), ExpectedVersion.noStream(),
                EventData.of("AccountOpened", "{\"owner\":\"Grace\"}"));
        fixture.store().append(StreamId.of("order-1"), ExpectedVersion.noStream(),
                EventData.of("OrderPlaced", "{\"items\":[1,2]}"));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void streams_lists_each_stream_with_version_count_and_recorded_times_a_page_at_a_time() {
        CliRun all = fixture.run("streams");
        assertThat(all.exitCode).as(all.toString()).isZero();
        assertThat(all.lines().get(0)).startsWith("STREAM").contains("VERSION", "EVENTS", "FIRST RECORDED");
        assertThat(all.out).contains("account-1", "account-2", "order-1").contains(t0.toString(), t1.toString());

        CliRun page = fixture.run("streams", "--prefix", "account-", "--limit", "1");
        assertThat(page.out).contains("account-1").doesNotContain("account-2", "order-1")
                .contains("next page: --after 'account-1'");
        CliRun next = fixture.run("streams", "--prefix", "account-", "--after", "account-1", "--json");
        JsonNode json = JSON.readTree(next.out);
        assertThat(json.get("streams")).hasSize(1);
        JsonNode two = json.get("streams").get(0);
        assertThat(two.get("stream").asString()).isEqualTo("account-2");
        assertThat(two.get("version").asLong()).isEqualTo(1);
        assertThat(json.get("next").isNull()).isTrue();
        JsonNode one = JSON.readTree(fixture.run("streams", "--prefix", "account-1", "--json").out).get("streams").get(0);
        assertThat(one.get("events").asLong()).isEqualTo(3);
        assertThat(one.get("firstRecordedAt").asString()).isEqualTo(t0.toString());
        assertThat(one.get("lastRecordedAt").asString()).isEqualTo(t1.toString());
    }

    @Test
    void stream_shows_a_range_of_versions_and_the_stream_as_of_an_instant() {
        CliRun whole = fixture.run("stream", "account-1", "--data");
        assertThat(whole.exitCode).as(whole.toString()).isZero();
        assertThat(whole.lines()).hasSize(4);
        assertThat(whole.out).contains("AccountOpened", "MoneyDeposited", "\"owner\"", deposit.toString());

        CliRun range = fixture.run("stream", "account-1", "--from-version", "2", "--to-version", "2", "--json");
        List<JsonNode> events = range.lines().stream().map(JSON::readTree).toList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("version").asLong()).isEqualTo(2);
        assertThat(events.get(0).get("data").get("amount").decimalValue()).isEqualByComparingTo("100.50");

        CliRun asOf = fixture.run("stream", "account-1", "--as-of", t0.plusSeconds(1).toString(), "--json");
        assertThat(asOf.lines()).hasSize(2);
        CliRun offset = fixture.run("stream", "account-1", "--as-of", "2026-01-01T01:30:00+01:00", "--json");
        assertThat(offset.lines()).as("an offset time is an instant too").hasSize(2);
    }

    @Test
    void event_shows_the_whole_envelope_with_pretty_printed_data() {
        CliRun shown = fixture.run("event", deposit.toString());
        assertThat(shown.exitCode).as(shown.toString()).isZero();
        assertThat(shown.out).contains("account-1 at version 3", "MoneyDeposited (revision 2)", "corr-1", "cause-1",
                "tenant: acme", t1.toString()).contains("\"amount\" : 20");

        JsonNode json = JSON.readTree(fixture.run("event", deposit.toString(), "--json").out);
        assertThat(json.get("eventId").asString()).isEqualTo(deposit.toString());
        assertThat(json.get("stream").asString()).isEqualTo("account-1");
        assertThat(json.get("revision").asInt()).isEqualTo(2);
        assertThat(json.get("metadata").get("headers").get("tenant").asString()).isEqualTo("acme");
        RecordedEvent stored = fixture.store().readEvent(deposit).orElseThrow();
        assertThat(json.get("position").asLong()).isEqualTo(stored.position());
        assertThat(json.get("logPosition").asString()).isEqualTo(stored.logPosition().asString());
    }

    @Test
    void log_prints_the_global_log_filtered_by_type_and_prefix() {
        CliRun all = fixture.run("log");
        assertThat(all.exitCode).as(all.toString()).isZero();
        assertThat(all.out).contains("account-1", "account-2", "order-1").contains("next: --from ");
        assertThat(all.lines()).hasSize(1 + 5 + 1);

        List<JsonNode> opened = fixture.run("log", "--type", "AccountOpened", "--json").lines().stream()
                .map(JSON::readTree).toList();
        assertThat(opened).extracting(e -> e.get("stream").asString()).containsExactly("account-1", "account-2");
        List<JsonNode> orders = fixture.run("log", "--prefix", "order-", "--json").lines().stream()
                .map(JSON::readTree).toList();
        assertThat(orders).extracting(e -> e.get("type").asString()).containsExactly("OrderPlaced");

        String after = opened.get(0).get("logPosition").asString();
        List<JsonNode> rest = fixture.run("log", "--from", after, "--limit", "2", "--json").lines().stream()
                .map(JSON::readTree).toList();
        assertThat(rest).hasSize(2);
        assertThat(rest.get(0).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void log_follow_prints_events_appended_while_it_runs() throws Exception {
        CompletableFuture<CliRun> following = CompletableFuture.supplyAsync(
                () -> fixture.run("log", "--follow", "--limit", "7", "--json"));
        Thread.sleep(300);
        fixture.store().append(StreamId.of("late-1"), ExpectedVersion.noStream(), EventData.of("Late", "{}"),
                EventData.of("Later", "{}"));
        CliRun run = following.get(30, TimeUnit.SECONDS);
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.lines()).hasSize(7);
        assertThat(JSON.readTree(run.lines().get(6)).get("type").asString()).isEqualTo("Later");
    }

    @Test
    void unknown_streams_and_events_exit_3_with_one_line_naming_them() {
        CliRun stream = fixture.run("stream", "account-404");
        assertThat(stream.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(stream.err.lines().toList()).singleElement().asString().contains("no stream 'account-404'");
        assertThat(stream.out).isEmpty();

        UUID unknown = UUID.randomUUID();
        CliRun event = fixture.run("event", unknown.toString());
        assertThat(event.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(event.err.lines().toList()).singleElement().asString().contains("no event " + unknown);

        CliRun malformed = fixture.run("event", "not-a-uuid");
        assertThat(malformed.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.err.lines().toList()).singleElement().asString().contains("'not-a-uuid' is not an event id");
        CliRun badInstant = fixture.run("stream", "account-1", "--as-of", "yesterday");
        assertThat(badInstant.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(badInstant.err).contains("'yesterday' is not an ISO-8601 instant").doesNotContain("at org.");
        CliRun badStream = fixture.run("stream", " padded ");
        assertThat(badStream.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(badStream.err).contains("invalid stream id").doesNotContain("\tat ");
    }
}
