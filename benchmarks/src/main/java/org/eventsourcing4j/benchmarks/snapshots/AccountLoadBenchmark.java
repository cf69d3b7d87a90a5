package org.eventsourcing4j.benchmarks.snapshots;

import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.aggregate.RepositoryOptions;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.store.RetryPolicy;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.AccountEvents;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.eventsourcing4j.jdbc.JdbcSnapshotStore;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotOptions;
import org.eventsourcing4j.snapshot.SnapshotPolicy;
import org.eventsourcing4j.store.memory.InMemoryEventStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading one bank account through the repository, with a history of 10 or 10,000 events:
 * replaying all of them, or starting from a snapshot. The snapshot is of the latest version
 * ({@code snapshot = latest}) or 50 events behind it ({@code behind50}, the average
 * distance under {@code everyEvents(100)}). The store is in memory, a SQLite file (events
 * and snapshots in it), or PostgreSQL ({@code EVENTSOURCING4J_PG_URL}, pooled by HikariCP, a
 * fresh schema dropped afterwards). The store and its reads are included; JSON decoding of events and of
 * the snapshot is most of the work in memory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class AccountLoadBenchmark {

    private static final String ID = "bench";

    @Param({"10", "10000"})
    public int events;

    @Param({"none", "latest", "behind50"})
    public String snapshot;

    @Param({"memory", "sqlite", "postgres"})
    public String storage;

    private AggregateRepository<Account, AccountEvent> accounts;
    private EventStore store;
    private Runnable cleanUp = () -> { };

    @Setup(Level.Trial)
    public void history() throws Exception {
        SnapshotStore snapshots = openStorage();
        JacksonEventCodec codec = new JacksonEventCodec(AccountEvents.registry());
        accounts = snapshot.equals("none")
                ? new AggregateRepository<>(store, codec, Account.TYPE)
                : new AggregateRepository<>(store, codec, Account.TYPE, RepositoryOptions.<Account>defaults().withRetry(RetryPolicy.DEFAULT).withSnapshots(SnapshotOptions.of(snapshots, Account.SNAPSHOT)
                                .withPolicy(SnapshotPolicy.never()).withExecutor(Runnable::run)));
        int beforeSnapshot = snapshot.equals("behind50") ? Math.max(1, events - 50) : events;
        append(Account.open(ID, "ann@example.com", "Ann", "USD"), beforeSnapshot - 1);
        if (!snapshot.equals("none")) {
            accounts.takeSnapshot(ID);
        }
        if (events > beforeSnapshot) {
            append(accounts.load(ID), events - beforeSnapshot);
        }
        Account loaded = accounts.load(ID);
        if (loaded.version() != events) {
            throw new IllegalStateException("expected " + events + " events, got " + loaded.version());
        }
    }

    private SnapshotStore openStorage() throws Exception {
        switch (storage) {
            case "memory" -> {
                store = new InMemoryEventStore();
                return new InMemorySnapshotStore();
            }
            case "sqlite" -> {
                Path dir = Files.createTempDirectory("snapshot-bench");
                SqliteEventStore sqlite = SqliteEventStore.open(dir.resolve("events.db"));
                store = sqlite;
                cleanUp = () -> deleteQuietly(dir);
                return new JdbcSnapshotStore(sqlite, "snapshots");
            }
            case "postgres" -> {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL",
                        "jdbc:postgresql://localhost:5432/test?user=postgres"));
                config.setMaximumPoolSize(4);
                HikariDataSource dataSource = new HikariDataSource(config);
                String schema = "bench_snapshots_" + Long.toHexString(System.nanoTime());
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.execute("create schema " + schema);
                }
                store = PostgresEventStore.create(dataSource, PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(schema, "es_")));
                cleanUp = () -> {
                    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                        s.execute("drop schema " + schema + " cascade");
                    } catch (SQLException e) {
                        throw new IllegalStateException("could not drop " + schema, e);
                    } finally {
                        dataSource.close();
                    }
                };
                return new JdbcSnapshotStore(new Jdbc(dataSource, PostgresDialect.INSTANCE), schema + ".snapshots");
            }
            default -> throw new IllegalArgumentException("unknown storage " + storage);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
        cleanUp.run();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("could not delete " + dir, e);
        }
    }

    /** Saves {@code deposits} more deposits of 1.00, at most 1,000 per save. */
    private void append(Account account, int deposits) {
        Account current = account;
        for (int done = 0; done < deposits || current.hasUncommittedEvents(); ) {
            for (int i = 0; i < 1_000 && done < deposits; i++, done++) {
                current.deposit(new BigDecimal("1.00"), "USD");
            }
            accounts.save(current);
        }
    }

    @Benchmark
    public Account load() {
        return accounts.load(ID);
    }
}
