package org.eventsourcing4j.benchmarks.shredding;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.serialization.JacksonEventCodec;
import org.eventsourcing4j.shredding.DataKeyStore;
import org.eventsourcing4j.shredding.InMemoryDataKeyStore;
import org.eventsourcing4j.shredding.ShreddingEventCodec;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.store.EventStore;
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
 * Crypto-shredding on the whole path of the bank's aggregate, one thread: the repository saving
 * and loading {@link Account}s through a store, with the {@link ShreddingEventCodec}
 * ({@code codec = shredding}) or the plain {@link JacksonEventCodec} ({@code codec = plain}).
 * The store is in memory (data keys in an {@link InMemoryDataKeyStore}) or a SQLite file (data
 * keys in its {@code es_data_keys} table; {@code synchronous=FULL}, so every write transaction
 * waits for the disk), fresh for each iteration; no snapshots.
 *
 * <ul>
 *   <li>{@code open_and_load_account}: a new account saved (its {@code AccountCreated} carries
 *       email and name) and loaded again — on the shredding side a new data key per account
 *       (random key, wrapped under the key-encryption key, one more row written, on SQLite in a
 *       transaction of its own), two encryptions, two decryptions;</li>
 *   <li>{@code load_account_of_10_events}: loading an account of {@code AccountCreated} and nine
 *       deposits — the key cached, as for an account in use.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class ShreddingRepositoryBenchmark {
    private static final String LOADED = "4b8d2f6a-1c3e-4a5b-9d7f-0e2c4a6b8d10";

    @Param({"plain", "shredding"})
    public String codec;

    @Param({"memory", "sqlite"})
    public String storage;

    private EventStore store;
    private Path directory;
    private AggregateRepository<Account, AccountEvent> accounts;
    private long counter;

    @Setup(Level.Iteration)
    public void freshStorage() throws IOException {
        DataKeyStore keys;
        if (storage.equals("memory")) {
            store = new InMemoryEventStore();
            keys = new InMemoryDataKeyStore();
        } else if (storage.equals("sqlite")) {
            directory = Files.createTempDirectory("shredding-bench");
            SqliteEventStore sqlite = SqliteEventStore.open(directory.resolve("events.db"));
            store = sqlite;
            keys = sqlite.dataKeys();
        } else {
            throw new IllegalArgumentException("unknown storage " + storage);
        }
        accounts = new AggregateRepository<>(store, BankCodecs.of(codec, keys), Account.TYPE);
        Account account = Account.open(LOADED, "ada.lovelace@example.com", "Ada Lovelace", "USD");
        for (int i = 0; i < 9; i++) {
            account.deposit(new BigDecimal("1.00"), "USD");
        }
        accounts.save(account);
        Account loaded = accounts.load(LOADED);
        if (loaded.version() != 10 || !loaded.snapshot().email().equals("ada.lovelace@example.com")) {
            throw new IllegalStateException("loaded " + loaded.snapshot());
        }
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        store.close();
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            directory = null;
        }
    }

    @Benchmark
    public Account open_and_load_account() {
        String id = new UUID(0x5EED, counter++).toString();
        accounts.save(Account.open(id, "grace.hopper@example.com", "Grace Hopper", "USD"));
        return accounts.load(id);
    }

    @Benchmark
    public Account load_account_of_10_events() {
        return accounts.load(LOADED);
    }
}
