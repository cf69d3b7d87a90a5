package org.eventsourcing4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import tools.jackson.databind.json.JsonMapper;

/** export and import between two real stores (the subclasses pick which), through the CLI. */
abstract class TransferCommandsTest {
    /** Reads numbers as exact decimals, scale kept: 10.50 and 10.5 differ. */
    static final JsonMapper EXACT = JacksonEventCodec.defaultMapperBuilder().build();
    @TempDir
    Path directory;
    CliStore source;
    CliStore target;
    Path file;

    abstract CliStore source();

    abstract CliStore target();

    @BeforeEach
    void populate() {
        source = source();
        target = target();
        file = directory.resolve("export.ndjson");
        for (int s = 1; s <= 4; s++) {
            StreamId stream = StreamId.of("account-" + s);
            List<EventData> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.add(EventData.of("MoneyDeposited", "{\"amount\":" + (s * 10 + i) + ".50,\"note\":\"caf\u00e9 \\\"\u2603\\\"\"}"));
            }
            source.store().append(stream, ExpectedVersion.noStream(), first);
            source.clock().advance(Duration.ofMinutes(7));
            source.store().append(stream, ExpectedVersion.exactly(3), new EventData(UUID.randomUUID(), "MoneyWithdrawn",
                    2, "{\"amount\":0.10,\"nested\":{\"list\":[1,2,{\"deep\":null}]}}".getBytes(StandardCharsets.UTF_8),
                    new Metadata("corr-" + s, "cause-" + s, Map.of("tenant", "acme", "user", "ada"))));
            source.clock().advance(Duration.ofSeconds(1));
        }
        source.store().append(StreamId.of("order-1"), ExpectedVersion.noStream(), EventData.of("OrderPlaced", "{}"));
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
    }

    private List<RecordedEvent> events(CliStore store) {
        List<RecordedEvent> all = new ArrayList<>();
        for (StreamSummary summary : store.store().listStreams(StreamListing.all()).streams()) {
            try (Stream<RecordedEvent> events = store.store().readStream(summary.stream())) {
                events.forEach(all::add);
            }
        }
        return all;
    }

    private CliRun importInto(CliStore store, Path from) {
        return CliRun.of(store.args(), "import", from.toString());
    }

    @Test
    void export_then_import_into_an_empty_store_keeps_every_envelope_field() throws IOException {
        CliRun export = source.run("export", file.toString());
        assertThat(export.exitCode).as(export.toString()).isZero();
        assertThat(export.out).contains("exported 17 events");
        assertThat(Files.readAllLines(file)).hasSize(17);
        assertThat(directory.resolve("export.ndjson.part")).doesNotExist();

        CliRun imported = importInto(target, file);
        assertThat(imported.exitCode).as(imported.toString()).isZero();
        assertThat(imported.out).contains("imported 5 streams, 17 events (17 written, 0 already stored) from 17 lines");

        List<RecordedEvent> before = events(source);
        List<RecordedEvent> after = events(target);
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            RecordedEvent b = before.get(i);
            RecordedEvent a = after.get(i);
            assertThat(a.eventId()).isEqualTo(b.eventId());
            assertThat(a.type()).isEqualTo(b.type());
            assertThat(a.streamId()).isEqualTo(b.streamId());
            assertThat(a.version()).isEqualTo(b.version());
            assertThat(a.revision()).isEqualTo(b.revision());
            assertThat(a.recordedAt()).isEqualTo(b.recordedAt());
            assertThat(a.metadata()).isEqualTo(b.metadata());
            assertThat(EXACT.readTree(a.data())).as("the same JSON, numbers exact (10.50 stays 10.50)")
                    .isEqualTo(EXACT.readTree(b.data()));
            if (i > 0) {
                assertThat(a.logPosition()).as("written in the file's order").isGreaterThan(after.get(i - 1).logPosition());
            }
        }
    }

    @Test
    void importing_the_same_file_again_writes_nothing_and_an_extended_export_adds_only_the_new_events() {
        source.run("export", file.toString());
        importInto(target, file);
        long head = target.store().headPosition().position();

        CliRun again = importInto(target, file);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("17 events (0 written, 17 already stored)");
        assertThat(target.store().headPosition().position()).isEqualTo(head);

        source.store().append(StreamId.of("account-1"), ExpectedVersion.exactly(4), EventData.of("MoneyDeposited", "{}"));
        Path second = directory.resolve("second.ndjson");
        source.run("export", "--prefix", "account-1", second.toString());
        CliRun more = importInto(target, second);
        assertThat(more.out).contains("5 events (1 written, 4 already stored)");
        assertThat(target.store().currentVersion(StreamId.of("account-1"))).isEqualTo(5);
    }

    @Test
    void an_import_refuses_a_stream_that_conflicts_with_the_target_and_writes_the_others() {
        source.run("export", file.toString());
        target.store().append(StreamId.of("account-2"), ExpectedVersion.noStream(), EventData.of("Other", "{}"));
        CliRun imported = importInto(target, file);
        assertThat(imported.exitCode).as(imported.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(imported.out).contains("imported 4 streams, 13 events")
                .contains("refused stream 'account-2' (lines 5-8), nothing of it written");
        assertThat(imported.err).contains("1 stream(s) refused");
        assertThat(target.store().currentVersion(StreamId.of("account-2"))).isEqualTo(1);
        assertThat(target.store().currentVersion(StreamId.of("account-3"))).isEqualTo(4);
    }

    @Test
    void a_corrupt_line_stops_the_import_with_one_line_and_nothing_of_its_stream_is_written() throws IOException {
        source.run("export", file.toString());
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(6, lines.get(6).substring(0, 40));
        Files.write(file, lines);
        CliRun imported = importInto(target, file);
        assertThat(imported.exitCode).as(imported.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(imported.err.lines().toList()).singleElement().asString()
                .contains("line 7: not valid JSON", "the stream it belongs to was not written");
        assertThat(target.store().currentVersion(StreamId.of("account-1"))).isEqualTo(4);
        assertThat(target.store().currentVersion(StreamId.of("account-2"))).isZero();

        lines.set(6, "{\"eventId\":\"" + UUID.randomUUID() + "\",\"stream\":\"account-2\",\"version\":3}");
        Files.write(file, lines);
        CliRun missing = importInto(target, file);
        assertThat(missing.err).contains("line 7: 'type' is missing");
        lines.set(6, lines.get(5).replace("\"version\":2", "\"version\":5"));
        Files.write(file, lines);
        CliRun jump = importInto(target, file);
        assertThat(jump.err).contains("line 7: stream 'account-2' jumps from version 2 to 5");
        assertThat(target.store().currentVersion(StreamId.of("account-2"))).isZero();
    }

    @Test
    void a_dry_run_checks_every_line_and_writes_nothing() throws IOException {
        source.run("export", file.toString());
        CliRun checked = CliRun.of(target.args(), "import", file.toString(), "--dry-run");
        assertThat(checked.exitCode).as(checked.toString()).isZero();
        assertThat(checked.out).contains("checked 5 streams, 17 events");
        assertThat(target.store().headPosition().position()).isZero();
        Files.writeString(file, "{\"not\":\"an envelope\"}\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(CliRun.of(target.args(), "import", file.toString(), "--dry-run").exitCode).isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void exports_to_standard_output_and_imports_from_standard_input() {
        CliRun export = source.run("export", "--prefix", "order-", "-");
        assertThat(export.exitCode).as(export.toString()).isZero();
        assertThat(export.err).contains("exported 1 events of streams starting with 'order-' to standard output");
        String ndjson = export.out;
        assertThat(ndjson.lines().toList()).singleElement().asString().contains("\"stream\":\"order-1\"");
        CliRun imported = CliRun.run(Map.of(), false, java.time.Clock.systemUTC(), ndjson, target.args(), "import", "-");
        assertThat(imported.exitCode).as(imported.toString()).isZero();
        assertThat(target.store().currentVersion(StreamId.of("order-1"))).isEqualTo(1);
    }
}
