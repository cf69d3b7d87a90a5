package org.eventsourcing4j.benchmarks.sqlite;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.eventsourcing4j.sqlite.SqliteOptions.Synchronous;

/**
 * Side-by-side: {@code SqliteEventStore} against a raw-JDBC baseline on SQLite, in the same
 * run, each on its own fresh file with the same pragmas. Prints events per second of each
 * side and the ratio store / raw (the target is at least 0.8).
 *
 * <p>The machine this runs on is shared, so the two sides are measured in alternating
 * slices (raw, store, store, raw, ...) over the same stretch of time: a change in the
 * machine's load hits both alike instead of whichever side happened to run then. Besides
 * events per second (wall clock), it prints the CPU time this process spent per event on
 * each side, which other processes' load disturbs much less; its ratio is raw / store, so
 * that for both ratios more is better for the store.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar org.eventsourcing4j.benchmarks.sqlite.SqliteHarness \
 *      [--seconds 10] [--slices 20] [--sync both|FULL|NORMAL] [--dir /tmp]
 * </pre>
 */
public final class SqliteHarness {
    static final int STREAMS = 100;
    static final int STREAM_LENGTH = 1000;

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final double seconds;
    private final int slices;
    private final Path directory;

    private SqliteHarness(double seconds, int slices, Path directory) {
        this.seconds = seconds;
        this.slices = slices;
        this.directory = directory;
    }

    @FunctionalInterface
    private interface SideFactory {
        Side open(Path file) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = 10;
        int slices = 20;
        String sync = "both";
        Path directory = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--slices" -> slices = Integer.parseInt(args[i + 1]);
                case "--sync" -> sync = args[i + 1];
                case "--dir" -> directory = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Synchronous> modes = sync.equals("both")
                ? List.of(Synchronous.FULL, Synchronous.NORMAL) : List.of(Synchronous.valueOf(sync));
        Path work = Files.createTempDirectory(directory, "sqlite-harness");
        try {
            printMachine(work, seconds, slices);
            SqliteHarness harness = new SqliteHarness(seconds, slices, work);
            System.out.println("| scenario | synchronous | raw events/s | store events/s | store / raw "
                    + "| raw CPU µs/event | store CPU µs/event | raw / store CPU |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
            for (Synchronous mode : modes) {
                harness.runAll(mode);
            }
            System.out.printf(Locale.ROOT, "%nload average at the end %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            try (var files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private void runAll(Synchronous mode) throws Exception {
        SideFactory raw = file -> new RawSide(file, mode);
        SideFactory store = file -> new StoreSide(file, mode);
        compare("append, 1 event per transaction, 1 writer", mode, raw, store, false, Workloads.appends(1, 1));
        compare("append, 1 event per transaction, 8 writers on distinct streams", mode, raw, store, false,
                Workloads.appends(8, 1));
        compare("append, batches of 10 events, 1 writer", mode, raw, store, false, Workloads.appends(1, 10));
        compare("load a 1,000-event stream", mode, raw, store, true, Workloads.loadStreams());
        compare("read the whole global log (100,000 events, pages of 1,000)", mode, raw, store, true,
                Workloads.readLog());
    }

    private void compare(String scenario, Synchronous mode, SideFactory rawFactory, SideFactory storeFactory,
                         boolean prefill, Workloads.Workload workload) throws Exception {
        Path rawFile = directory.resolve("raw.db");
        Path storeFile = directory.resolve("store.db");
        try (Side raw = rawFactory.open(rawFile); Side store = storeFactory.open(storeFile)) {
            Side[] sides = {raw, store};
            for (Side side : sides) {
                if (prefill) {
                    for (int stream = 0; stream < STREAMS; stream++) {
                        side.append(stream, STREAM_LENGTH);
                    }
                }
                workload.run(side, Math.min(5.0, seconds / 2)); // warm-up: let the JIT compile both paths
            }
            long[] events = new long[2];
            long[] nanos = new long[2];
            long[] cpu = new long[2];
            double slice = seconds / slices;
            for (int i = 0; i < slices; i++) {
                for (int turn = 0; turn < 2; turn++) {
                    int s = (i + turn) % 2; // raw, store | store, raw | raw, store ...
                    long start = System.nanoTime();
                    long cpuStart = PROCESS.getProcessCpuTime();
                    events[s] += workload.run(sides[s], slice);
                    cpu[s] += PROCESS.getProcessCpuTime() - cpuStart;
                    nanos[s] += System.nanoTime() - start;
                }
            }
            double rawRate = events[0] / (nanos[0] / 1e9);
            double storeRate = events[1] / (nanos[1] / 1e9);
            double rawCpu = cpu[0] / 1e3 / events[0];
            double storeCpu = cpu[1] / 1e3 / events[1];
            System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f |%n",
                    scenario, mode, rawRate, storeRate, storeRate / rawRate, rawCpu, storeCpu, rawCpu / storeCpu);
        } finally {
            for (Path file : List.of(rawFile, storeFile)) {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            }
        }
    }

    private static void printMachine(Path work, double seconds, int slices) throws Exception {
        var os = ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "java %s on %s %s, %d cores, load average %.2f at the start; files in %s (%s)%n",
                System.getProperty("java.version"), os.getName(), os.getArch(), os.getAvailableProcessors(),
                os.getSystemLoadAverage(), work, Files.getFileStore(work).type());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT sqlite_version()")) {
            rows.next();
            System.out.printf(Locale.ROOT, "SQLite %s; %.1f s per side per scenario in %d alternating slices%n%n",
                    rows.getString(1), seconds, slices);
        } catch (SQLException e) {
            System.out.println("SQLite version unknown: " + e);
        }
    }
}
