package org.eventsourcing4j.benchmarks.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event store side by side with raw JDBC on the same PostgreSQL server, in the same
 * run: events per second of each and their ratio, for five scenarios.
 *
 * <p>Run: {@code mvn -q -B package -pl benchmarks -am -DskipTests} then
 * {@code java -cp benchmarks/target/benchmarks.jar org.eventsourcing4j.benchmarks.postgres.PostgresHarness [rounds] [seconds]}.
 * The server comes from {@code EVENTSOURCING4J_PG_URL} (default
 * {@code jdbc:postgresql://localhost:5432/test?user=postgres}); the harness works in a
 * schema of its own and drops it at the end.
 *
 * <p>Each round measures every scenario on both sides, alternating which side goes first,
 * so that drift and other load on the machine hit both alike; the report gives the median
 * of the per-round ratios.
 */
public final class PostgresHarness {
    private static final int WRITERS = 8;
    private static final int LOAD_STREAM = 1_000;
    private static final int PAGE_SIZE = 1_000;

    enum Scenario {
        SINGLE_1("one event per transaction, 1 writer", 0.90),
        SINGLE_8("one event per transaction, 8 writers", 0.90),
        BATCH_10("batches of 10 events, 1 writer", 0.85),
        LOAD_1000("load a 1,000-event stream", 0.85),
        READ_LOG("read the whole global log", 0.75);

        final String title;
        final double target;

        Scenario(String title, double target) {
            this.title = title;
            this.target = target;
        }
    }

    private final long nanos;
    private int streams;

    private PostgresHarness(double seconds) {
        this.nanos = (long) (seconds * 1e9);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        String url = System.getenv().getOrDefault("EVENTSOURCING4J_PG_URL",
                "jdbc:postgresql://localhost:5432/test?user=postgres");
        String schema = "es4j_bench_" + UUID.randomUUID().toString().substring(0, 8);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(WRITERS + 4);
        config.setMinimumIdle(WRITERS + 4);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("create schema " + schema);
            }
            try (StoreSide store = new StoreSide(dataSource, schema);
                 RawJdbcSide raw = new RawJdbcSide(dataSource, schema)) {
                new PostgresHarness(seconds).run(rounds, store, raw);
            } finally {
                try (Connection connection = dataSource.getConnection();
                     Statement statement = connection.createStatement()) {
                    statement.execute("drop schema " + schema + " cascade");
                }
            }
        }
    }

    private void run(int rounds, Side store, Side raw) throws Exception {
        store.populate("load-store", LOAD_STREAM);
        raw.populate("load-raw", LOAD_STREAM);
        System.out.println("warm-up ...");
        for (Scenario scenario : SCENARIOS) {
            measure(scenario, store, "load-store");
            measure(scenario, raw, "load-raw");
        }
        Report report = new Report(rounds);
        for (int round = 0; round < rounds; round++) {
            for (Scenario scenario : SCENARIOS) {
                boolean storeFirst = (round + scenario.ordinal()) % 2 == 0;
                double first = measure(scenario, storeFirst ? store : raw, storeFirst ? "load-store" : "load-raw");
                double second = measure(scenario, storeFirst ? raw : store, storeFirst ? "load-raw" : "load-store");
                report.add(scenario, storeFirst ? first : second, storeFirst ? second : first);
            }
            System.out.println("round " + (round + 1) + " of " + rounds + " done");
        }
        report.print(System.out);
    }

    private static final boolean CPU = Boolean.getBoolean("harness.cpu");

    /** The scenarios to run: all, or those named in -Dharness.scenarios=SINGLE_1,SINGLE_8. */
    private static final java.util.List<Scenario> SCENARIOS = System.getProperty("harness.scenarios") == null
            ? java.util.List.of(Scenario.values())
            : java.util.Arrays.stream(System.getProperty("harness.scenarios").split(","))
                    .map(String::trim).map(Scenario::valueOf).toList();

    /** Events per second of one scenario on one side. */
    private double measure(Scenario scenario, Side side, String loadStream) throws Exception {
        if (!CPU) {
            return rate(scenario, side, loadStream);
        }
        long jvm = CpuProbe.jvmNanos();
        long server = CpuProbe.postgresNanos();
        long before = events;
        double rate = rate(scenario, side, loadStream);
        long n = Math.max(1, events - before);
        System.out.printf(Locale.ROOT, "%-16s %-38s %,10.0f ev/s  jvm %6.1f us/ev  server %6.1f us/ev%n",
                side.name(), scenario.title, rate, (CpuProbe.jvmNanos() - jvm) / 1e3 / n,
                (CpuProbe.postgresNanos() - server) / 1e3 / n);
        return rate;
    }

    /** Events handled by the measurements so far, for CPU per event. */
    private long events;

    private double rate(Scenario scenario, Side side, String loadStream) throws Exception {
        return switch (scenario) {
            case SINGLE_1 -> write(side, 1, 1);
            case SINGLE_8 -> write(side, WRITERS, 1);
            case BATCH_10 -> write(side, 1, 10);
            case LOAD_1000 -> repeat(() -> side.load(loadStream));
            case READ_LOG -> repeat(() -> side.readLog(PAGE_SIZE));
        };
    }

    /** {@code writers} threads, each appending batches of {@code batch} events to a stream of its own. */
    private double write(Side side, int writers, int batch) throws Exception {
        AtomicLong events = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String stream = "w-" + side.name().charAt(0) + "-" + (++streams);
            Thread thread = new Thread(() -> {
                try (Side.Writer writer = side.writer(stream)) {
                    ready.countDown();
                    go.await();
                    while (!stop.get()) {
                        writer.append(batch);
                        events.addAndGet(batch);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    ready.countDown();
                }
            });
            threads.add(thread);
            thread.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(nanos / 1_000_000);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(side.name() + " failed", failures.get(0));
        }
        this.events += events.get();
        return events.get() * 1e9 / elapsed;
    }

    @FunctionalInterface
    private interface Read {
        long events() throws Exception;
    }

    /** Repeats a read for the measuring time; events read per second. */
    private double repeat(Read read) throws Exception {
        long events = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            events += read.events();
            elapsed = System.nanoTime() - start;
        } while (elapsed < nanos);
        this.events += events;
        return events * 1e9 / elapsed;
    }

    /** Median events/s of each side and median ratio per scenario. */
    private static final class Report {
        private final double[][] store;
        private final double[][] raw;
        private final int[] filled = new int[Scenario.values().length];

        Report(int rounds) {
            store = new double[Scenario.values().length][rounds];
            raw = new double[Scenario.values().length][rounds];
        }

        void add(Scenario scenario, double storeRate, double rawRate) {
            int i = scenario.ordinal();
            store[i][filled[i]] = storeRate;
            raw[i][filled[i]] = rawRate;
            filled[i]++;
        }

        void print(java.io.PrintStream out) {
            out.println();
            out.println("| scenario | eventsourcing4j events/s | raw JDBC events/s | ratio (median) | ratio range | target |");
            out.println("|---|---:|---:|---:|---|---:|");
            for (Scenario scenario : SCENARIOS) {
                int i = scenario.ordinal();
                int n = filled[i];
                double[] ratios = new double[n];
                for (int r = 0; r < n; r++) {
                    ratios[r] = store[i][r] / raw[i][r];
                }
                double[] sortedRatios = ratios.clone();
                java.util.Arrays.sort(sortedRatios);
                out.println(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f–%.2f | %.2f |",
                        scenario.title, median(store[i], n), median(raw[i], n), median(ratios, n),
                        sortedRatios[0], sortedRatios[n - 1], scenario.target));
            }
        }

        private static double median(double[] values, int n) {
            double[] sorted = java.util.Arrays.copyOf(values, n);
            java.util.Arrays.sort(sorted);
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }
}
