package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/** Helpers the SQLite-specific tests share: whole-log reads, log invariants, raw SQL. */
final class TestLogs {
    private TestLogs() {
    }

    static List<RecordedEvent> wholeLog(EventStore store) {
        List<RecordedEvent> all = new ArrayList<>();
        LogPosition after = LogPosition.START;
        while (true) {
            LogPage page = store.readAll(after, 500);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page.events());
            after = page.next();
        }
    }

    /** Positions strictly increase; every stream's versions are 1, 2, 3, ... in log order. */
    static void assertOneOrderWithDenseVersions(List<RecordedEvent> log) {
        Map<StreamId, Long> last = new HashMap<>();
        long previousPosition = 0;
        for (RecordedEvent event : log) {
            assertThat(event.position()).as("position after %d", previousPosition).isGreaterThan(previousPosition);
            previousPosition = event.position();
            long previousVersion = last.getOrDefault(event.streamId(), 0L);
            assertThat(event.version()).as("version after %d in %s", previousVersion, event.streamId())
                    .isEqualTo(previousVersion + 1);
            last.put(event.streamId(), event.version());
        }
    }

    static Connection raw(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri());
    }

    static String integrityCheck(Path file) throws SQLException {
        try (Connection connection = raw(file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            List<String> problems = new ArrayList<>();
            while (rows.next()) {
                problems.add(rows.getString(1));
            }
            return String.join("\n", problems);
        }
    }

    static long longQuery(Path file, String sql) throws SQLException {
        try (Connection connection = raw(file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = raw(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
