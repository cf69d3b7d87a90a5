package org.eventsourcing4j.benchmarks.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.eventsourcing4j.benchmarks.sidebyside.RawDatabase;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteOptions;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A raw log on SQLite: a file of its own with the store's pragmas (WAL, the same
 * {@code synchronous} and busy timeout, from {@link SqliteEventStore#dataSource}). SQLite
 * has one writer per file, so, as the store does, writes share one connection under a lock
 * instead of contending for the file lock; reads use a second connection. Each connection
 * keeps its statements prepared (SQLite compiles a statement at every prepare).
 */
final class SqliteRawDatabase implements RawDatabase {
    private final Held writer;
    private final Held reader;

    SqliteRawDatabase(Path file, SqliteOptions options) throws SQLException {
        DataSource dataSource = SqliteEventStore.dataSource(file, options);
        writer = new Held(dataSource.getConnection());
        reader = new Held(dataSource.getConnection());
    }

    @Override
    public String table(String name) {
        return name;
    }

    @Override
    public String createEvents(String table) {
        return "create table " + table + " (position integer primary key, stream_id text not null,"
                + " version integer not null, event_type text not null, payload text not null, unique (stream_id, version))";
    }

    @Override
    public String jsonParameter() {
        return "?";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return e instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
    }

    @Override
    public <T> T write(Work<T> work) throws SQLException {
        return writer.run(work);
    }

    @Override
    public <T> T read(Work<T> work) throws SQLException {
        return reader.run(work);
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws SQLException {
        return writer.run(statements -> {
            statements.prepare("begin immediate").execute();
            try {
                T result = work.run(statements);
                statements.prepare("commit").execute();
                return result;
            } catch (SQLException | RuntimeException e) {
                statements.prepare("rollback").execute();
                throw e;
            }
        });
    }

    @Override
    public void close() throws SQLException {
        writer.close();
        reader.close();
    }

    /** One connection, used by one thread at a time, with the statements prepared on it. */
    private static final class Held {
        private final Connection connection;
        private final ReentrantLock lock = new ReentrantLock();
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Held(Connection connection) {
            this.connection = connection;
        }

        <T> T run(Work<T> work) throws SQLException {
            lock.lock();
            try {
                return work.run(this::prepared);
            } finally {
                lock.unlock();
            }
        }

        private PreparedStatement prepared(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        void close() throws SQLException {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
            connection.close();
        }
    }
}
