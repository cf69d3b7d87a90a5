package org.eventsourcing4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eventsourcing4j.cli.internal.ops.Export;
import org.eventsourcing4j.cli.internal.ops.Import;
import org.eventsourcing4j.cli.internal.ops.ImportClock;
import org.eventsourcing4j.cli.internal.ops.ImportReport;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export and import hold a bounded amount of memory however many events they move: the heap
 * retained after a garbage collection is sampled as they go, and must stay flat. The size is
 * {@code -Des4j.transfer.events} (default 100,000, about 30 MB of payload; the 1,000,000 run
 * is recorded in docs/benchmarks.md).
 */
class TransferMemoryTest {
    private static final int EVENTS = Integer.getInteger("es4j.transfer.events", 100_000);
    private static final int PER_STREAM = 1000;
    private static final String PADDING = "x".repeat(220);
    private static PgSchema schema;
    @TempDir
    Path directory;

    @BeforeAll
    static void createSchema() {
        schema = PgSchema.create("memory");
    }

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    private static void fill(JdbcEventStore store, MutableClock clock) {
        for (int s = 0; s < EVENTS / PER_STREAM; s++) {
            List<EventData> events = new ArrayList<>(PER_STREAM);
            for (int i = 0; i < PER_STREAM; i++) {
                events.add(EventData.of("MoneyDeposited", "{\"amount\":\"" + i + ".25\",\"pad\":\"" + PADDING + "\"}"));
            }
            store.append(StreamId.of(String.format("account-%06d", s)), ExpectedVersion.noStream(), events);
            clock.advance(Duration.ofMillis(1));
        }
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Samples the heap four times, evenly spread over {@code total}. */
    private static final class Samples {
        final List<Long> heap = new ArrayList<>();
        final long every;
        long next;

        Samples(long total) {
            this.every = Math.max(1, total / 4);
            this.next = every;
        }

        void at(long done) {
            if (done >= next) {
                heap.add(heapAfterGc());
                next += every;
            }
        }

        void assertFlat(String what) {
            long min = heap.stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = heap.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf("%s of %,d events: heap after GC %s MB%n", what, EVENTS,
                    heap.stream().map(b -> String.valueOf(b / (1024 * 1024))).toList());
            assertThat(heap).as(what + ": samples").hasSizeGreaterThanOrEqualTo(3);
            assertThat(max - min).as(what + ": growth of the retained heap while moving ~%d MB", EVENTS * 300L >> 20)
                    .isLessThan(24L * 1024 * 1024);
        }
    }

    private void roundTrip(JdbcEventStore source, Target target, ImportClock clock) throws Exception {
        Path file = directory.resolve("export.ndjson");
        Samples exported = new Samples(EVENTS);
        long written;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            written = Export.run(source, "", out, exported::at);
        }
        assertThat(written).isEqualTo(EVENTS);
        exported.assertFlat("export");

        long size = Files.size(file);
        Samples imported = new Samples(size);
        ImportReport report;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            report = new Import(target, clock, false).run(lines, imported::at);
        }
        assertThat(report.written()).isEqualTo(EVENTS);
        assertThat(target.store().headPosition().position()).isGreaterThanOrEqualTo(EVENTS);
        imported.assertFlat("import");
    }

    @Test
    void export_and_import_on_sqlite_keep_the_heap_flat() throws Exception {
        MutableClock clock = MutableClock.startingAt2026();
        Path targetFile = directory.resolve("target.db");
        ImportClock importClock = new ImportClock();
        SqliteOptions targetOptions = SqliteOptions.defaults().withClock(importClock);
        try (SqliteEventStore source = SqliteEventStore.open(directory.resolve("source.db"),
                SqliteOptions.defaults().withClock(clock));
             Target target = new Target(SqliteEventStore.open(targetFile, targetOptions), "target", Optional.empty(),
                     SqliteEventStore.dataSource(targetFile, targetOptions), () -> { })) {
            fill(source, clock);
            roundTrip(source, target, importClock);
        }
    }

    @Test
    void export_and_import_on_postgres_keep_the_heap_flat() throws Exception {
        MutableClock clock = MutableClock.startingAt2026();
        ImportClock importClock = new ImportClock();
        try (JdbcEventStore source = schema.store("source_", clock);
             Target target = new Target(schema.store("target_", importClock), "target", Optional.empty(),
                     schema.dataSource, () -> { })) {
            fill(source, clock);
            roundTrip(source, target, importClock);
        }
    }
}
