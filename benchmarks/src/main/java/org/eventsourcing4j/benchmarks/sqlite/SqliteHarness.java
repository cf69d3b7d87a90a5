package org.eventsourcing4j.benchmarks.sqlite;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eventsourcing4j.sqlite.SqliteOptions.Synchronous;

/**
 * Side-by-side: {@code SqliteEventStore} against a raw-JDBC baseline on SQLite, in the same
 * run, each on a fresh file with the same pragmas. Prints events per second of each side
 * and the ratio store / raw (the target is at least 0.8). Rounds alternate which side goes
 * first and the median round counts, to damp drift from other load on the machine.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar org.eventsourcing4j.benchmarks.sqlite.SqliteHarness \
 *      [--seconds 3] [--rounds 3] [--sync both|FULL|NORMAL] [--dir /tmp]
 * </pre>
 */
public final class SqliteHarness {
    private static final int STREAMS = 100;
    private static final int STREAM_LENGTH = 1000;

    private final double seconds;
    private final int rounds;
    private final Path directory;

    private SqliteHarness(double seconds, int rounds, Path directory) {
        this.seconds = seconds;
        this.rounds = rounds;
        this.directory = directory;
    }

    @FunctionalInterface
    private interface SideFactory {
        Side open(Path file) throws Exception;
    }

    @FunctionalInterface
    private interface Measurement {
        /** Events per second of {@code side}. */
        double run(Side side) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = 3;
        int rounds = 3;
        String sync = "both";
        Path directory = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--sync" -> sync = args[i + 1];
                case "--dir" -> directory = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Synchronous> modes = sync.equals("both")
                ? List.of(Synchronous.FULL, Synchronous.NORMAL) : List.of(Synchronous.valueOf(sync));
        Path work = Files.createTempDirectory(directory, "sqlite-harness");
        printMachine(work);
        SqliteHarness harness = new SqliteHarness(seconds, rounds, work);
        System.out.println("| scenario | synchronous | raw events/s | store events/s | store / raw |");
        System.out.println("|---|---|---:|---:|---:|");
        for (Synchronous mode : modes) {
            harness.runAll(mode);
        }
        Files.deleteIfExists(work);
    }

    private void runAll(Synchronous mode) throws Exception {
        SideFactory raw = file -> new RawSide(file, mode);
        SideFactory store = file -> new StoreSide(file, mode);
        compare("append, 1 event per transaction, 1 writer", mode, raw, store, false, side -> appends(side, 1, 1));
        compare("append, 1 event per transaction, 8 writers on distinct streams", mode, raw, store, false,
                side -> appends(side, 8, 1));
        compare("append, batches of 10 events, 1 writer", mode, raw, store, false, side -> appends(side, 1, 10));
        compare("load a 1,000-event stream", mode, raw, store, true, this::loadStreams);
        compare("read the whole global log (100,000 events, pages of 1,000)", mode, raw, store, true, this::readLog);
    }

    private void compare(String scenario, Synchronous mode, SideFactory raw, SideFactory store, boolean prefill,
                         Measurement measurement) throws Exception {
        double[] rawRates = new double[rounds];
        double[] storeRates = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            boolean rawFirst = round % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean isRaw = (turn == 0) == rawFirst;
                double rate = measureOnFreshFile(isRaw ? raw : store, prefill, measurement);
                (isRaw ? rawRates : storeRates)[round] = rate;
            }
        }
        double rawMedian = median(rawRates);
        double storeMedian = median(storeRates);
        System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.2f |%n",
                scenario, mode, rawMedian, storeMedian, storeMedian / rawMedian);
    }

    private double measureOnFreshFile(SideFactory factory, boolean prefill, Measurement measurement) throws Exception {
        Path file = directory.resolve("bench.db");
        try {
            try (Side side = factory.open(file)) {
                if (prefill) {
                    for (int stream = 0; stream < STREAMS; stream++) {
                        side.append(stream, STREAM_LENGTH);
                    }
                }
                return measurement.run(side);
            }
        } finally {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        }
    }

    /** Events per second of {@code writers} threads appending {@code batch}-event transactions, after a warm-up. */
    private double appends(Side side, int writers, int batch) throws Exception {
        runWriters(side, writers, batch, Math.min(1.0, seconds / 2));
        return runWriters(side, writers, batch, seconds);
    }

    private static double runWriters(Side side, int writers, int batch, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger events = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            long[] window = new long[2];
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    while (System.nanoTime() < window[1]) {
                        side.append(writer, batch);
                        events.addAndGet(batch);
                    }
                    return null;
                }));
            }
            window[0] = System.nanoTime();
            window[1] = window[0] + (long) (seconds * 1e9);
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
            return events.get() / ((System.nanoTime() - window[0]) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private double loadStreams(Side side) throws Exception {
        timed(() -> side.loadStream("writer-0"), Math.min(1.0, seconds / 2));
        int[] next = {0};
        return timed(() -> side.loadStream("writer-" + (next[0]++ % STREAMS)), seconds);
    }

    private double readLog(Side side) throws Exception {
        timed(side::readWholeLog, Math.min(1.0, seconds / 2));
        return timed(side::readWholeLog, seconds);
    }

    @FunctionalInterface
    private interface Reading {
        long read() throws Exception;
    }

    /** Events per second of repeating {@code reading} for about {@code seconds}. */
    private static double timed(Reading reading, double seconds) throws Exception {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long events = 0;
        do {
            events += reading.read();
        } while (System.nanoTime() < deadline);
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void printMachine(Path work) throws IOException {
        var os = ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "java %s on %s %s, %d cores, load average %.2f at start; files in %s (%s)%n",
                System.getProperty("java.version"), os.getName(), os.getArch(), os.getAvailableProcessors(),
                os.getSystemLoadAverage(), work, Files.getFileStore(work).type());
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:");
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT sqlite_version()")) {
            rows.next();
            System.out.println("SQLite " + rows.getString(1) + " (sqlite-jdbc)");
        } catch (java.sql.SQLException e) {
            System.out.println("SQLite version unknown: " + e);
        }
        System.out.println();
    }
}
