package org.eventsourcing4j.benchmarks.transfers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;

/**
 * What a bank transfer costs the store: one atomic append of two batches (one event to each
 * of two account streams, {@link org.eventsourcing4j.store.EventWriter#appendAll}, as the bank's
 * transfers do) against the two single appends a
 * withdrawal plus a deposit make, on the same store, in the same run, in alternating rounds.
 * Writers pick random pairs among a few hot streams; refusals that ask for a retry are retried
 * and counted. The number reported is pairs of events per second (transfers/s on one side,
 * withdrawal+deposit pairs/s on the other), the median of the rounds.
 *
 * <pre>
 * mvn -o -q -pl benchmarks -am package -DskipTests
 * java [-Dtransfers.threads=4] [-Dtransfers.rounds=6] [-Dtransfers.seconds=3] [-Dtransfers.streams=10] \
 *      [-Dtransfers.stores=sqlite,postgres] -cp benchmarks/target/benchmarks.jar \
 *      org.eventsourcing4j.benchmarks.transfers.TransferAppendBenchmark
 * </pre>
 */
public final class TransferAppendBenchmark {
    private static final String PAYLOAD = "{\"amount\":\"12.50\",\"currency\":\"USD\"}";

    private TransferAppendBenchmark() {
    }

    /** One way of writing the two events of a transfer. */
    private interface Writer {
        void write(StreamId from, StreamId to);
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("transfers.threads", 4);
        int rounds = Integer.getInteger("transfers.rounds", 6);
        int seconds = Integer.getInteger("transfers.seconds", 3);
        int streams = Integer.getInteger("transfers.streams", 10);
        List<String> stores = Arrays.asList(System.getProperty("transfers.stores", "sqlite,postgres").split(","));
        System.out.printf(Locale.ROOT, "%d writers, %d hot streams, %d rounds of %d s per side, %d cores%n",
                threads, streams, rounds, seconds, Runtime.getRuntime().availableProcessors());
        if (stores.contains("sqlite")) {
            Path dir = Files.createTempDirectory("transfer-bench");
            Path file = dir.resolve("bench.db");
            try (SqliteEventStore store = SqliteEventStore.open(file, SqliteOptions.defaults())) {
                run("SQLite", store, threads, rounds, seconds, streams);
            }
        }
        if (stores.contains("postgres")) {
            String url = System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL",
                    "jdbc:postgresql://localhost:5432/test?user=postgres");
            String schema = "es4j_transfer_bench_" + UUID.randomUUID().toString().substring(0, 8);
            execute(url, "create schema " + schema);
            try (HikariDataSource pool = pool(url, threads * 2 + 8);
                 PostgresEventStore store = PostgresEventStore.create(pool,
                         PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(schema, "es_")))) {
                run("PostgreSQL", store, threads, rounds, seconds, streams);
            } finally {
                execute(url, "drop schema " + schema + " cascade");
            }
        }
    }

    private static void run(String name, JdbcEventStore store, int threads, int rounds, int seconds,
                            int streams) throws Exception {
        List<StreamId> hot = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            hot.add(StreamId.of("account-" + UUID.randomUUID()));
            store.append(hot.get(i), ExpectedVersion.any(), EventData.of("AccountCreated", "{}"));
        }
        AtomicLong retries = new AtomicLong();
        Writer transfer = (from, to) -> retrying(retries, () -> store.appendAll(List.of(
                new AppendBatch(from, ExpectedVersion.any(), List.of(EventData.of("TransferSent", PAYLOAD))),
                new AppendBatch(to, ExpectedVersion.any(), List.of(EventData.of("TransferReceived", PAYLOAD))))));
        Writer twoAppends = (from, to) -> {
            retrying(retries, () -> store.append(from, ExpectedVersion.any(), EventData.of("MoneyWithdrawn", PAYLOAD)));
            retrying(retries, () -> store.append(to, ExpectedVersion.any(), EventData.of("MoneyDeposited", PAYLOAD)));
        };
        // A warm-up round each, not counted.
        measure(transfer, hot, threads, 1);
        measure(twoAppends, hot, threads, 1);
        double[] atomicRates = new double[rounds];
        double[] singleRates = new double[rounds];
        long atomicRetries = 0;
        long singleRetries = 0;
        for (int r = 0; r < rounds; r++) {
            long before = retries.get();
            if (r % 2 == 0) {
                atomicRates[r] = measure(transfer, hot, threads, seconds);
                atomicRetries += retries.get() - before;
                before = retries.get();
                singleRates[r] = measure(twoAppends, hot, threads, seconds);
                singleRetries += retries.get() - before;
            } else {
                singleRates[r] = measure(twoAppends, hot, threads, seconds);
                singleRetries += retries.get() - before;
                before = retries.get();
                atomicRates[r] = measure(transfer, hot, threads, seconds);
                atomicRetries += retries.get() - before;
            }
            System.out.printf(Locale.ROOT, "%s round %d: transfers %.0f/s, two appends %.0f pairs/s%n", name, r + 1,
                    atomicRates[r], singleRates[r]);
        }
        double atomicMedian = median(atomicRates);
        double singleMedian = median(singleRates);
        System.out.printf(Locale.ROOT, "%s: atomic two-stream append %.0f transfers/s (retries %d), two single appends"
                        + " %.0f pairs/s (retries %d), ratio %.2f%n", name, atomicMedian, atomicRetries, singleMedian,
                singleRetries, atomicMedian / singleMedian);
    }

    /** Pairs written per second by {@code threads} writers released together, for {@code seconds}. */
    private static double measure(Writer writer, List<StreamId> hot, int threads, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong pairs = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int from = random.nextInt(hot.size());
                    int to = (from + 1 + random.nextInt(hot.size() - 1)) % hot.size();
                    writer.write(hot.get(from), hot.get(to));
                    pairs.incrementAndGet();
                }
            });
            thread.start();
            writers.add(thread);
        }
        start.await();
        long began = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread thread : writers) {
            thread.join();
        }
        return pairs.get() / ((System.nanoTime() - began) / 1e9);
    }

    private static void retrying(AtomicLong retries, Runnable append) {
        for (int attempt = 1; ; attempt++) {
            try {
                append.run();
                return;
            } catch (ConcurrencyConflictException | StoreUnavailableException e) {
                if (attempt == 100) {
                    throw e;
                }
                retries.incrementAndGet();
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
