package org.eventsourcing4j.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;

/**
 * One writer of {@link TwoProcessWritersTest}: until the stream reaches the target version,
 * reads its version v and appends one event expecting exactly v. Prints {@code WON v id}
 * for every append that succeeded. Runs in the test JVM and, through {@link #main}, in a
 * second JVM.
 */
final class ExpectedVersionWriter {

    record Win(long version, String eventId) {
    }

    private ExpectedVersionWriter() {
    }

    static List<Win> race(PostgresEventStore store, StreamId stream, long target, String writer, PrintStream out) {
        List<Win> wins = new ArrayList<>();
        while (true) {
            long version = store.currentVersion(stream);
            if (version >= target) {
                return wins;
            }
            EventData event = EventData.of("Won", "{\"writer\":\"" + writer + "\",\"expected\":" + version + "}");
            try {
                long written = store.append(stream, ExpectedVersion.exactly(version), event).streamVersion();
                wins.add(new Win(written, event.eventId().toString()));
                if (out != null) {
                    out.println("WON " + written + " " + event.eventId());
                }
            } catch (ConcurrencyConflictException lost) {
                // the other process won this version: read again
            }
        }
    }

    /** Arguments: JDBC URL, schema, table prefix, stream id, target version. Starts on "go" from stdin. */
    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setMaximumPoolSize(3);
        try (HikariDataSource dataSource = new HikariDataSource(config);
             PostgresEventStore store = PostgresEventStore.create(dataSource, PostgresOptions.DEFAULTS.withSchema(PostgresSchema.of(args[1], args[2])))) {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            // Warm up (class loading, JIT, prepared statements) so that this JVM races at full speed.
            race(store, StreamId.of(args[3] + "-warm-up"), 300, "child", null);
            out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"go".equals(in.readLine())) {
                throw new IllegalStateException("expected 'go' on stdin");
            }
            race(store, StreamId.of(args[3]), Long.parseLong(args[4]), "child", out);
            out.println("DONE");
        }
    }
}
