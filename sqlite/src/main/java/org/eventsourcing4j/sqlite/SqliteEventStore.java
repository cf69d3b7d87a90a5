package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eventsourcing4j.sqlite.internal.Appender;
import org.eventsourcing4j.sqlite.internal.BorrowedConnections;
import org.eventsourcing4j.sqlite.internal.Connections;
import org.eventsourcing4j.sqlite.internal.EventRows;
import org.eventsourcing4j.sqlite.internal.FileConnections;
import org.eventsourcing4j.sqlite.internal.FileDataSource;
import org.eventsourcing4j.sqlite.internal.LazyRows;
import org.eventsourcing4j.sqlite.internal.Reads;
import org.eventsourcing4j.sqlite.internal.Schema;
import org.eventsourcing4j.sqlite.internal.Session;
import org.eventsourcing4j.sqlite.internal.SqliteErrors;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eventsourcing4j.jdbc.InlineProjection;
import org.eventsourcing4j.jdbc.InlineProjectionException;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.jdbc.SqlWork;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendNotifier;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.spi.AppendListeners;
import org.eventsourcing4j.support.Checks;
import org.sqlite.SQLiteErrorCode;

/**
 * An event store in one SQLite database file, in WAL mode: the embedded, zero-setup
 * durable default. Thread-safe; several processes may share the file.
 *
 * <p>SQLite has one writer per file. Appends of this store queue on an in-process lock
 * (waiting at most the busy timeout) and then run in a {@code BEGIN IMMEDIATE} transaction,
 * which takes the file's write lock before reading anything, so positions are allocated in
 * commit order across threads and processes. Reads run on their own connections and never
 * wait for the writer. See {@code docs/sqlite.md} for the file layout, pragmas, error
 * mapping and multi-process notes.
 *
 * <p>It is also the {@link JdbcTransactions} for read models kept in the same file (a
 * projection's changes and checkpoint commit in one transaction that queues with appends on
 * the same writer lock), and an {@link AppendNotifier} for appends made through this
 * store object; appends by other processes are seen by polling.
 */
public final class SqliteEventStore implements EventStore, AppendNotifier, JdbcTransactions {

    private final Connections connections;
    private final String database;
    private final Clock clock;
    private final long busyTimeoutNanos;
    private final SqliteErrors errors;
    /** One writer at a time in this process, so threads queue here instead of spinning on SQLITE_BUSY. */
    private final ReentrantLock writerLock = new ReentrantLock();
    private volatile boolean closed;
    private final AppendListeners appendListeners = new AppendListeners();
    private final List<InlineProjection> inlineProjections = new CopyOnWriteArrayList<>();

    private SqliteEventStore(Connections connections, String database, SqliteOptions options) {
        this.connections = connections;
        this.database = database;
        this.clock = options.clock();
        this.busyTimeoutNanos = options.busyTimeout().toNanos();
        this.errors = new SqliteErrors(database, options.busyTimeoutMillis());
    }

    /** Opens (creating if missing) the database file with default options. */
    public static SqliteEventStore open(Path file) {
        return open(file, SqliteOptions.defaults());
    }

    /**
     * Opens the database file, creating it and the store's tables if missing. Its directory
     * must exist. The store owns its connections: one writer and a few idle readers.
     */
    public static SqliteEventStore open(Path file, SqliteOptions options) {
        Checks.notNull(file, "file");
        Checks.notNull(options, "options");
        Path absolute = file.toAbsolutePath();
        return start(new FileConnections(FileDataSource.create(absolute, options), options.maxIdleReaders()),
                absolute.toString(), options);
    }

    /**
     * A store on connections from {@code dataSource}, one per operation, closed right after
     * it; {@link #close()} leaves the data source open. Configure its connections with the
     * pragmas of {@link #dataSource(Path, SqliteOptions)} (at least a busy timeout). The
     * options' busy timeout bounds the wait for this store's in-process writer lock.
     */
    public static SqliteEventStore open(DataSource dataSource, SqliteOptions options) {
        Checks.notNull(dataSource, "data source");
        Checks.notNull(options, "options");
        return start(new BorrowedConnections(dataSource), "(data source)", options);
    }

    /**
     * A data source for {@code file} whose connections use the store's pragmas: WAL, the
     * options' {@code synchronous} and {@code busy_timeout}, foreign keys on. For callers
     * that want to pool connections themselves or share them with a read model.
     */
    public static DataSource dataSource(Path file, SqliteOptions options) {
        Checks.notNull(file, "file");
        Checks.notNull(options, "options");
        return FileDataSource.create(file, options);
    }

    private static SqliteEventStore start(Connections connections, String database, SqliteOptions options) {
        SqliteEventStore store = new SqliteEventStore(connections, database, options);
        try {
            store.write("opening the event store", session -> {
                Schema.ensure(session, database);
                return null;
            });
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    @Override
    public AppendResult append(AppendBatch batch) {
        Checks.notNull(batch, "batch");
        AppendResult result = write("appending " + batch.size() + " event(s) to stream '" + batch.stream() + "'",
                session -> Appender.append(session, batch, recordedAtMicros(), inlineProjections));
        appendListeners.wakeAll();
        return result;
    }

    /**
     * Runs {@code projection} inside every later append's transaction, on its connection,
     * after the events are inserted and before the commit: its read model (in this file) is
     * never behind the events, and if it throws, the append is rolled back and fails with
     * {@link InlineProjectionException}. Closing the registration removes it.
     */
    public Registration addInlineProjection(InlineProjection projection) {
        Checks.notNull(projection, "projection");
        inlineProjections.add(projection);
        return () -> inlineProjections.remove(projection);
    }

    /**
     * Runs {@code listener} on the appending thread after each append through this store
     * object. A listener that throws is logged; the append still succeeds.
     */
    @Override
    public Registration onAppend(Runnable listener) {
        return appendListeners.add(listener);
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction on the store's writer
     * connection, queued with appends on the writer lock: commits when it returns, rolls
     * back when it throws. SQLite errors come out typed (busy beyond the timeout is a
     * retryable {@code StoreUnavailableException}); anything else {@code work} throws comes
     * out unchanged. {@code work} must not commit, roll back or close the connection.
     */
    @Override
    public <T> T inTransaction(SqlWork<T> work) throws Exception {
        Checks.notNull(work, "work");
        Object[] result = new Object[1];
        Exception[] failure = new Exception[1];
        write("running a read-model transaction", session -> {
            session.beginImmediate();
            try {
                result[0] = work.run(session.connection());
            } catch (SQLException e) {
                session.rollbackAfter(e);
                throw e;
            } catch (Exception e) {
                session.rollbackAfter(e);
                failure[0] = e;
                return null;
            }
            session.commit();
            return null;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    @Override
    public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
        Checks.notNull(stream, "stream id");
        Checks.notNull(query, "query");
        if (query.fromVersion() > query.toVersion()) {
            return Stream.empty();
        }
        String action = "reading stream '" + stream + "'";
        Connection connection = reader(action);
        PreparedStatement statement;
        try {
            statement = Reads.streamQuery(connection, stream, query);
        } catch (SQLException e) {
            connections.releaseReader(connection);
            throw errors.translate(e, action, false);
        } catch (RuntimeException e) {
            connections.releaseReader(connection);
            throw e;
        }
        return LazyRows.stream(connection, statement, stream, connections::releaseReader,
                e -> errors.translate(e, action, false));
    }

    @Override
    public long currentVersion(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return read("reading the version of stream '" + stream + "'", c -> Reads.currentVersion(c, stream));
    }

    @Override
    public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
        Checks.notNull(after, "after");
        Checks.pageSize(limit);
        Checks.notNull(filter, "filter");
        return read("reading the global log after " + after, c -> Reads.page(c, after, limit, filter));
    }

    @Override
    public LogPosition headPosition() {
        return LogPosition.of(read("reading the head of the global log", Reads::head));
    }

    /**
     * Closes the store's own connections after any running append finished. Streams still
     * open keep their connection until they are closed. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        writerLock.lock();
        try {
            connections.close();
        } finally {
            writerLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SqliteEventStore[" + database + "]";
    }

    private long recordedAtMicros() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            return EventRows.toMicros(now);
        } catch (ArithmeticException e) {
            throw new StorageException("the clock returned " + now + ", outside the range of timestamps the "
                    + "SQLite store records (microseconds since 1970 in a signed 64-bit integer)", e);
        }
    }

    @FunctionalInterface
    private interface Work<C, T> {
        T run(C resource) throws SQLException;
    }

    private <T> T write(String action, Work<Session, T> work) {
        ensureOpen();
        try {
            if (!writerLock.tryLock(busyTimeoutNanos, TimeUnit.NANOSECONDS)) {
                throw errors.writerLockTimeout(action);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting to write to SQLite database "
                    + database + " (" + action + "); nothing was written", e);
        }
        try {
            ensureOpen();
            Session session;
            try {
                session = connections.writer();
            } catch (SQLException e) {
                throw errors.translate(e, action, true);
            }
            boolean discard = false;
            try {
                return work.run(session);
            } catch (SQLException e) {
                // A driver-level failure (no SQLite result code) may have left the connection unusable.
                discard = SqliteErrors.primaryCode(e) == SQLiteErrorCode.UNKNOWN_ERROR;
                throw errors.translate(e, action, true);
            } finally {
                connections.releaseWriter(session, discard);
            }
        } finally {
            writerLock.unlock();
        }
    }

    private <T> T read(String action, Work<Connection, T> work) {
        Connection connection = reader(action);
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw errors.translate(e, action, false);
        } finally {
            connections.releaseReader(connection);
        }
    }

    private Connection reader(String action) {
        ensureOpen();
        try {
            return connections.reader();
        } catch (SQLException e) {
            throw errors.translate(e, action, false);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }
}
