package org.eventsourcing4j.benchmarks.dcb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicLong;
import org.eventsourcing4j.benchmarks.sidebyside.CpuProbe;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.AppendConditionFailedException;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.Decision;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;

/**
 * What a DCB condition costs an append, on the same store in the same run, sides taking turns
 * round by round (issue 17's target: a conditional append within 0.8 of a plain one on
 * PostgreSQL). Each writer thread appends one event per operation to streams of its own, so
 * nothing conflicts and the difference is the condition's machinery alone:
 * <ul>
 * <li>{@code plain}: an untagged event with {@code any()} (the one-statement fast path);</li>
 * <li>{@code plain tagged}: the same event with a tag (the tag's lock, in a transaction);</li>
 * <li>{@code conditional}: the tagged event on the condition that no event with the writer's
 *     tag follows the writer's previous append (the position a decider knows after its last
 *     decision): lock, check, insert;</li>
 * <li>{@code decide + conditional}: a decision over the writer's tag (its events so far are
 *     few: a fresh tag every 16 operations), then the conditional append; a failed condition
 *     (the writer's own last event above a horizon other writers hold back) decides again,
 *     counted.</li>
 * </ul>
 * Reported: operations per second per side, the median of the rounds, and each side's ratio
 * to {@code plain}.
 *
 * <pre>
 * mvn -o -q -pl benchmarks -am package -DskipTests
 * java [-Ddcb.threads=4] [-Ddcb.rounds=6] [-Ddcb.seconds=3] [-Ddcb.stores=postgres,sqlite] \
 *      [-Ddcb.sides=conditional,...] [-Ddcb.cpu=true] \
 *      -cp benchmarks/target/benchmarks.jar org.eventsourcing4j.benchmarks.dcb.DcbAppendBenchmark
 * </pre>
 */
public final class DcbAppendBenchmark {
    private static final String PAYLOAD = "{\"amount\":\"12.50\",\"currency\":\"USD\"}";

    private DcbAppendBenchmark() {
    }

    /** One writer's way of appending; {@code n} counts its operations. */
    private interface Side {
        void append(Writer writer, long n);
    }

    /** A writer thread's streams, tag and last position. */
    private static final class Writer {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        LogPosition last = LogPosition.START;
        String tag = "series:" + id + "-0";

        StreamId stream(long n) {
            return StreamId.of("w" + id + "-" + n);
        }

        String tagFor(long n) {
            if (n % 16 == 0) {
                tag = "series:" + id + "-" + n;
                last = LogPosition.START;
            }
            return tag;
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("dcb.threads", 4);
        int rounds = Integer.getInteger("dcb.rounds", 6);
        int seconds = Integer.getInteger("dcb.seconds", 3);
        List<String> stores = Arrays.asList(System.getProperty("dcb.stores", "postgres,sqlite").split(","));
        System.out.printf(Locale.ROOT, "%d writers, %d rounds of %d s per side, %d cores%n", threads, rounds, seconds,
                Runtime.getRuntime().availableProcessors());
        if (stores.contains("postgres")) {
            String url = System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL",
                    "jdbc:postgresql://localhost:5432/test?user=postgres");
            String schema = "es4j_dcb_bench_" + UUID.randomUUID().toString().substring(0, 8);
            sql(url, "create schema " + schema);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(threads * 2 + 4);
            try (HikariDataSource pool = new HikariDataSource(config);
                 PostgresEventStore store = PostgresEventStore.create(pool,
                         PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(schema, "es_")))) {
                compare("PostgreSQL", store, threads, rounds, seconds);
            } finally {
                sql(url, "drop schema " + schema + " cascade");
            }
        }
        if (stores.contains("sqlite")) {
            Path file = Files.createTempDirectory("dcb-bench").resolve("bench.db");
            try (SqliteEventStore store = SqliteEventStore.open(file, SqliteOptions.defaults())) {
                compare("SQLite", store, threads, rounds, seconds);
            }
        }
    }

    private static void compare(String name, EventStore store, int threads, int rounds, int seconds)
            throws Exception {
        ConsistencyBoundaries dcb = store.consistencyBoundaries().orElseThrow();
        Map<String, Side> sides = new LinkedHashMap<>();
        sides.put("plain", (w, n) -> store.append(w.stream(n), ExpectedVersion.any(), EventData.of("Paid", PAYLOAD)));
        sides.put("plain tagged", (w, n) -> store.append(w.stream(n), ExpectedVersion.any(),
                EventData.of("Paid", PAYLOAD).withTags(w.tagFor(n))));
        sides.put("conditional", (w, n) -> {
            String tag = w.tagFor(n);
            w.last = dcb.append(AppendBatch.of(w.stream(n), ExpectedVersion.any(),
                    EventData.of("Paid", PAYLOAD).withTags(tag)),
                    new AppendCondition(EventQuery.of(QueryItem.tags(tag)), w.last)).lastPosition();
        });
        AtomicLong failed = new AtomicLong();
        sides.put("decide + conditional", (w, n) -> {
            String tag = w.tagFor(n);
            while (true) {
                // A decision reads below the horizon: while other writers' transactions hold it back,
                // the writer's own last event may be above it and fail the condition. Decide again.
                Decision decision = dcb.decide(EventQuery.of(QueryItem.tags(tag)));
                try {
                    dcb.append(AppendBatch.of(w.stream(n), ExpectedVersion.any(),
                            EventData.of("Paid", PAYLOAD).withTags(tag)), decision.condition());
                    return;
                } catch (AppendConditionFailedException e) {
                    failed.incrementAndGet();
                }
            }
        });
        String only = System.getProperty("dcb.sides");
        if (only != null) {
            List<String> wanted = Arrays.asList(only.split(","));
            sides.keySet().removeIf(side -> !wanted.contains(side) && !"plain".equals(side));
        }
        Map<String, double[]> rates = new LinkedHashMap<>();
        Map<String, double[]> jvmCpu = new LinkedHashMap<>();
        Map<String, double[]> serverCpu = new LinkedHashMap<>();
        sides.keySet().forEach(side -> {
            rates.put(side, new double[rounds]);
            jvmCpu.put(side, new double[rounds]);
            serverCpu.put(side, new double[rounds]);
        });
        List<String> order = new ArrayList<>(sides.keySet());
        sides.values().forEach(side -> rate(store, side, threads, 1, new long[1])); // warm-up, not counted
        boolean cpu = Boolean.getBoolean("dcb.cpu");
        for (int r = 0; r < rounds; r++) {
            for (String side : order) {
                long jvm = CpuProbe.jvmNanos();
                long server = CpuProbe.postgresNanos();
                long[] operations = new long[1];
                rates.get(side)[r] = rate(store, sides.get(side), threads, seconds, operations);
                jvmCpu.get(side)[r] = (CpuProbe.jvmNanos() - jvm) / 1e3 / operations[0];
                serverCpu.get(side)[r] = (CpuProbe.postgresNanos() - server) / 1e3 / operations[0];
            }
            System.out.printf(Locale.ROOT, "%s round %d: %s%n", name, r + 1, format(rates, r));
            if (cpu) {
                System.out.printf(Locale.ROOT, "  CPU us/op (JVM + server): %s%n", formatCpu(jvmCpu, serverCpu, r));
            }
            java.util.Collections.rotate(order, 1); // every side takes every place in the order
        }
        double plain = median(rates.get("plain"));
        StringBuilder summary = new StringBuilder(name + " medians:");
        rates.forEach((side, values) -> summary.append(String.format(Locale.ROOT, " %s %.0f/s (%.2f of plain);",
                side, median(values), median(values) / plain)));
        System.out.println(summary + " conditions failed and decided again: " + failed.get());
    }

    /** Operations per second of {@code threads} writers released together for {@code seconds}. */
    private static double rate(EventStore store, Side side, int threads, int seconds, long[] operations) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Phaser start = new Phaser(threads + 1);
        long[] began = new long[1];
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> {
                    Writer writer = new Writer();
                    start.arriveAndAwaitAdvance();
                    long deadline = began[0] + seconds * 1_000_000_000L;
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        side.append(writer, n++);
                    }
                    return n;
                }));
            }
            began[0] = System.nanoTime();
            start.arriveAndAwaitAdvance();
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            operations[0] = total;
            return total / ((System.nanoTime() - began[0]) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException("a writer of " + store + " failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String format(Map<String, double[]> rates, int round) {
        StringBuilder line = new StringBuilder();
        rates.forEach((side, values) -> line.append(String.format(Locale.ROOT, "%s %.0f/s; ", side, values[round])));
        return line.toString();
    }

    private static String formatCpu(Map<String, double[]> jvm, Map<String, double[]> server, int round) {
        StringBuilder line = new StringBuilder();
        jvm.forEach((side, values) -> line.append(String.format(Locale.ROOT, "%s %.0f + %.0f; ", side, values[round],
                server.get(side)[round])));
        return line.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void sql(String url, String statement) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }
}
