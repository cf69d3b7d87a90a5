package org.eventsourcing4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;
import org.eventsourcing4j.testkit.MutableClock;

/** A fresh store for one test and the options that point {@code es4j} at it. */
record CliStore(JdbcEventStore store, List<String> args, MutableClock clock) implements AutoCloseable {

    static CliStore sqlite(Path file) {
        MutableClock clock = MutableClock.startingAt2026();
        SqliteEventStore store = SqliteEventStore.open(file, SqliteOptions.defaults().withClock(clock));
        return new CliStore(store, List.of("--sqlite", file.toString()), clock);
    }

    static CliStore postgres(PgSchema schema, String prefix) {
        MutableClock clock = MutableClock.startingAt2026();
        return new CliStore(schema.store(prefix, clock), schema.args(prefix), clock);
    }

    CliRun run(String... args) {
        return CliRun.of(this.args, args);
    }

    @Override
    public void close() {
        store.close();
    }
}
