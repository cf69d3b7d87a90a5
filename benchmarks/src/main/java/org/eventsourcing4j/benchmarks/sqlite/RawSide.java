package org.eventsourcing4j.benchmarks.sqlite;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.eventsourcing4j.sqlite.SqliteOptions;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The baseline: what a careful hand-written JDBC event log on SQLite would do, and no
 * more. The same pragmas and durability as the store, a table with the same columns and
 * the same unique indexes (but a plain {@code INTEGER PRIMARY KEY}, no AUTOINCREMENT),
 * one writer connection shared under a lock with statements prepared once, versions
 * counted in memory instead of checked, no idempotency lookups, rows mapped to a plain
 * record. The driver's per-insert generated-keys query is off on both sides.
 */
final class RawSide implements Side {
    private static final String INSERT = "INSERT INTO events (stream_id, version, event_id, event_type, revision, "
            + "data, correlation_id, causation_id, headers, recorded_at) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?)";
    private static final String COLUMNS = "position, stream_id, version, event_id, event_type, revision, data, "
            + "correlation_id, causation_id, headers, recorded_at";

    /** One row, read the way a raw-JDBC application would map it. */
    record Row(long position, String stream, long version, UUID id, String type, int revision, byte[] data,
               String correlationId, String causationId, String headers, long recordedAtMicros) {
    }

    private final Connection writer;
    private final PreparedStatement begin;
    private final PreparedStatement insert;
    private final PreparedStatement commit;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The read scenarios run on one thread: one reader connection with its statements prepared once. */
    private final Connection reader;
    private final PreparedStatement streamQuery;
    private final PreparedStatement logQuery;
    private final long[] versions = new long[128];

    RawSide(Path file, SqliteOptions.Synchronous synchronous) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous == SqliteOptions.Synchronous.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout((int) SqliteOptions.DEFAULT_BUSY_TIMEOUT.toMillis());
        config.enforceForeignKeys(true);
        config.setGetGeneratedKeys(false); // not needed, and it costs a query per insert: as in the store
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath().toUri());
        writer = dataSource.getConnection();
        try (Statement ddl = writer.createStatement()) {
            ddl.execute("""
                CREATE TABLE events (
                  position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL,
                  event_id BLOB NOT NULL UNIQUE, event_type TEXT NOT NULL, revision INTEGER NOT NULL,
                  data TEXT NOT NULL, correlation_id TEXT, causation_id TEXT, headers TEXT,
                  recorded_at INTEGER NOT NULL, UNIQUE (stream_id, version)) STRICT""");
        }
        begin = writer.prepareStatement("BEGIN IMMEDIATE");
        insert = writer.prepareStatement(INSERT);
        commit = writer.prepareStatement("COMMIT");
        reader = dataSource.getConnection();
        streamQuery = reader.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE stream_id = ? ORDER BY version");
        logQuery = reader.prepareStatement(
                "SELECT " + COLUMNS + " FROM events WHERE position > ? ORDER BY position LIMIT 1000");
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public void append(int writer, int size) throws SQLException {
        String stream = "writer-" + writer;
        byte[][] payloads = new byte[size][];
        UUID[] ids = new UUID[size];
        long version = versions[writer];
        for (int k = 0; k < size; k++) {
            payloads[k] = Side.payload(writer, version + k + 1).getBytes(StandardCharsets.UTF_8);
            ids[k] = UUID.randomUUID();
        }
        writeLock.lock();
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            begin.execute();
            try {
                for (int k = 0; k < size; k++) {
                    insert.setString(1, stream);
                    insert.setLong(2, version + k + 1);
                    insert.setBytes(3, bytes(ids[k]));
                    insert.setString(4, "MoneyDeposited");
                    insert.setInt(5, 1);
                    insert.setBytes(6, payloads[k]);
                    insert.setString(7, "corr-" + writer);
                    insert.setNull(8, java.sql.Types.VARCHAR);
                    insert.setNull(9, java.sql.Types.VARCHAR);
                    insert.setLong(10, micros);
                    insert.executeUpdate();
                }
                commit.execute();
            } catch (SQLException e) {
                try (Statement rollback = this.writer.createStatement()) {
                    rollback.execute("ROLLBACK");
                }
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
        versions[writer] = version + size;
    }

    @Override
    public int loadStream(String stream) throws SQLException {
        int count = 0;
        streamQuery.setString(1, stream);
        try (ResultSet rows = streamQuery.executeQuery()) {
            while (rows.next()) {
                count += map(rows).data().length > 0 ? 1 : 0;
            }
        }
        return count;
    }

    @Override
    public long readWholeLog() throws SQLException {
        long count = 0;
        long after = 0;
        while (true) {
            logQuery.setLong(1, after);
            int page = 0;
            try (ResultSet rows = logQuery.executeQuery()) {
                while (rows.next()) {
                    after = map(rows).position();
                    page++;
                }
            }
            if (page == 0) {
                return count;
            }
            count += page;
        }
    }

    private static Row map(ResultSet rows) throws SQLException {
        ByteBuffer id = ByteBuffer.wrap(rows.getBytes(4));
        return new Row(rows.getLong(1), rows.getString(2), rows.getLong(3), new UUID(id.getLong(), id.getLong()),
                rows.getString(5), rows.getInt(6), rows.getBytes(7), rows.getString(8), rows.getString(9),
                rows.getString(10), rows.getLong(11));
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    @Override
    public void close() throws SQLException {
        begin.close();
        insert.close();
        commit.close();
        writer.close();
        streamQuery.close();
        logQuery.close();
        reader.close();
    }
}
