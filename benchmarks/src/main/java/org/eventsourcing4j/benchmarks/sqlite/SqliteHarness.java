package org.eventsourcing4j.benchmarks.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.eventsourcing4j.benchmarks.sidebyside.RawSide;
import org.eventsourcing4j.benchmarks.sidebyside.Settings;
import org.eventsourcing4j.benchmarks.sidebyside.SideBySide;
import org.eventsourcing4j.benchmarks.sidebyside.StoreSide;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;

/**
 * {@code SqliteEventStore} side by side with the fair raw-JDBC baseline on SQLite, in the
 * same run (see {@link SideBySide} and docs/benchmarks-sqlite.md). Every log of each side
 * is a fresh file with the store's pragmas, in a temporary directory deleted at the end.
 *
 * <pre>
 * mvn -o -q -pl benchmarks -am package -DskipTests
 * java [-Dharness.scenarios=A,B,...] [-Dharness.synchronous=FULL,NORMAL] [-Dharness.dir=/tmp] ... \
 *      -cp benchmarks/target/benchmarks.jar org.eventsourcing4j.benchmarks.sqlite.SqliteHarness
 * </pre>
 *
 * {@code harness.synchronous} lists the modes to run, one report each (default {@code FULL},
 * the store's default); the other properties are those of {@link Settings}.
 */
public final class SqliteHarness {
    private SqliteHarness() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        List<SqliteOptions.Synchronous> modes = Arrays.stream(System.getProperty("harness.synchronous", "FULL").split(","))
                .map(mode -> SqliteOptions.Synchronous.valueOf(mode.trim().toUpperCase(Locale.ROOT))).toList();
        Path work = Files.createTempDirectory(Path.of(System.getProperty("harness.dir",
                System.getProperty("java.io.tmpdir"))), "sqlite-harness");
        try {
            System.out.printf(Locale.ROOT, "SQLite %s; files in %s (%s)%n", sqliteVersion(), work,
                    Files.getFileStore(work).type());
            for (SqliteOptions.Synchronous mode : modes) {
                System.out.printf(Locale.ROOT, "%nsynchronous = %s%n", mode);
                SqliteOptions options = SqliteOptions.defaults().withSynchronous(mode);
                Path files = Files.createDirectory(work.resolve(mode.name().toLowerCase(Locale.ROOT)));
                try (StoreSide store = new StoreSide("eventsourcing4j", settings.eventIds(), log -> {
                         SqliteEventStore each = SqliteEventStore.open(files.resolve("store-" + log + ".db"), options);
                         return new StoreSide.Log(each, each);
                     });
                     RawSide raw = new RawSide("raw JDBC",
                             log -> new SqliteRawDatabase(files.resolve("raw-" + log + ".db"), options))) {
                    new SideBySide(settings, null).run(store, raw);
                }
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private static String sqliteVersion() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select sqlite_version()")) {
            row.next();
            return row.getString(1);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
