package org.eventsourcing4j.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.InlineProjection;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcDeadLetterStore;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjectionControl;
import org.eventsourcing4j.jdbc.JdbcDataKeyStore;
import org.eventsourcing4j.jdbc.JdbcSnapshotStore;
import org.eventsourcing4j.jdbc.SchemaMigrations;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.jdbc.SqlWork;
import org.eventsourcing4j.jdbc.StoreCompanions;
import org.eventsourcing4j.projection.InMemoryLeases;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.sqlite.internal.Appender;
import org.eventsourcing4j.sqlite.internal.BorrowedConnections;
import org.eventsourcing4j.sqlite.internal.Connections;
import org.eventsourcing4j.sqlite.internal.Database;
import org.eventsourcing4j.sqlite.internal.Session;
import org.eventsourcing4j.sqlite.internal.EventRows;
import org.eventsourcing4j.sqlite.internal.FileConnections;
import org.eventsourcing4j.sqlite.internal.FileDataSource;
import org.eventsourcing4j.sqlite.internal.LazyRows;
import org.eventsourcing4j.sqlite.internal.Reads;
import org.eventsourcing4j.sqlite.internal.Schema;
import org.eventsourcing4j.sqlite.internal.Session;
import org.eventsourcing4j.sqlite.internal.SqliteLifecycle;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StreamLifecycle;
import org.eventsourcing4j.store.StreamState;
import org.eventsourcing4j.store.spi.Lifecycles;
import org.eventsourcing4j.sqlite.internal.SqliteErrors;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.AtomicAppend;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamPage;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.spi.AppendListeners;
import org.eventsourcing4j.support.Checks;

/**
 * An event store in one SQLite database file, in WAL mode: the embedded, zero-setup
 * durable default. Thread-safe; several processes may share the file.
 *
 * <p>Appends queue on the store's writer (see {@link Database}) and then run in a
 * {@code BEGIN IMMEDIATE} transaction, which takes the file's write lock before reading
 * anything, so positions are allocated in commit order across threads and processes. Reads
 * run on their own connections and never wait for the writer. See {@code docs/sqlite.md}
 * for the file layout, pragmas, error mapping and multi-process notes.
 *
 * <p>It is also the {@link org.eventsourcing4j.jdbc.JdbcTransactions} for read models kept in
 * the same file (a projection's changes and checkpoint commit in one transaction that queues
 * with appends on the same writer), and wakes readers after appends made through this store
 * object; appends by other processes are seen by polling. Its checkpoint, dead-letter and
 * snapshot tables are {@code es_checkpoints}, {@code es_dead_letters} and
 * {@code es_snapshots}; its projection leases are file locks beside the database file.
 */
public final class SqliteEventStore implements JdbcEventStore {

    private final Database database;
    private final String name;
    private final Path file;
    private final Clock clock;
    private final AppendListeners appendListeners = new AppendListeners();
    private final StoreCompanions companions;
    private final InMemoryLeases leasesOfAnInMemoryDatabase = new InMemoryLeases();
    private final SqliteLifecycle lifecycle;
    private final SqliteConsistencyBoundaries consistencyBoundaries = new SqliteConsistencyBoundaries(this);

    private SqliteEventStore(Connections connections, String name, SqliteOptions options) {
        this.name = name;
        this.clock = options.clock();
        this.database = new Database(connections, new SqliteErrors(name, options.busyTimeoutMillis()), name,
                options.busyTimeout().toNanos());
        this.file = databaseFile();
        this.companions = new StoreCompanions(this, "es_", new SchemaMigrations(Schema.HISTORY));
        this.lifecycle = new SqliteLifecycle(database, clock, stream -> companions.snapshots().deleteStream(stream));
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
        return start(new FileConnections(FileDataSource.create(absolute, options), options.maxIdleReaders(),
                options.busyTimeoutMillis()),
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

    private static SqliteEventStore start(Connections connections, String name, SqliteOptions options) {
        SqliteEventStore store;
        try {
            store = new SqliteEventStore(connections, name, options);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        try {
            store.database.write("opening the event store", session -> {
                Schema.ensure(session, name);
                return null;
            });
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The database's main file, from SQLite itself (so also for a store on a data source); null in memory. */
    private Path databaseFile() {
        String path = database.read("finding the database file", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT file FROM pragma_database_list WHERE name = 'main'");
                 ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        });
        return path == null || path.isEmpty() ? null : Path.of(path);
    }

    @Override
    public AppendResult append(AppendBatch batch) {
        Checks.notNull(batch, "batch");
        AppendResult result;
        try {
            result = database.write("appending " + batch.size() + " event(s) to stream '" + batch.stream()
                    + "'", session -> Appender.append(session, batch, recordedAtMicros(), companions.inlineProjections()));
        } catch (ConcurrencyConflictException | StorageException refused) {
            // A retired stream's trigger or a truncation refused it: say so (only on this failure path).
            Lifecycles.checkAppend(lifecycle.state(batch.stream()), batch);
            throw refused;
        }
        appendListeners.wakeAll();
        return result;
    }

    /** {@inheritDoc} On SQLite: one write transaction, the batches in the caller's order. */
    @Override
    public List<AppendResult> appendAll(List<AppendBatch> batches) {
        return appendAll(batches, null);
    }

    /** {@link #appendAll(List)} on a DCB condition, or none (null). */
    List<AppendResult> appendAll(List<AppendBatch> batches, AppendCondition condition) {
        AtomicAppend append = AtomicAppend.of(batches);
        List<AppendResult> results;
        try {
            results = database.write("appending " + append.size() + " event(s) to "
                    + append.batches().size() + " stream(s) atomically" + (condition == null ? "" : " on a condition"),
                    session -> Appender.appendAll(session, append, recordedAtMicros(), companions.inlineProjections(),
                            condition));
        } catch (ConcurrencyConflictException | StorageException refused) {
            // A retired stream's trigger or a truncation refused it: say which (only on this failure path).
            for (AppendBatch batch : append.batches()) {
                Lifecycles.checkAppend(lifecycle.state(batch.stream()), batch);
            }
            throw refused;
        }
        appendListeners.wakeAll();
        return results;
    }

    /** {@link #appendAll(List)} inside the caller's transaction, as {@link #appendInTransaction}. */
    @Override
    public List<AppendResult> appendAllInTransaction(Connection transaction, List<AppendBatch> batches) {
        Checks.notNull(transaction, "connection");
        AtomicAppend append = AtomicAppend.of(batches);
        try {
            if (transaction.getAutoCommit()) {
                throw new InvalidArgumentException("connection",
                        "must be in a transaction (auto-commit off); use appendAll(batches) otherwise");
            }
            return Appender.appendAllInTransaction(transaction, append, recordedAtMicros());
        } catch (SQLException e) {
            throw database.errors().translate(e, "appending " + append.size() + " event(s) atomically in the caller's"
                    + " transaction", true);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>On SQLite the caller's transaction takes the database's write lock at this call and
     * holds it until it ends, so positions stay in commit order; if the transaction had read
     * an older state of the database before, SQLite refuses the lock and the append fails
     * with a retryable {@code StoreUnavailableException}. Inline projections do not run here:
     * the caller's own transaction is the place for such writes.
     */
    @Override
    public AppendResult appendInTransaction(Connection transaction, AppendBatch batch) {
        Checks.notNull(transaction, "connection");
        Checks.notNull(batch, "batch");
        String action = "appending " + batch.size() + " event(s) to stream '" + batch.stream()
                + "' in the caller's transaction";
        try {
            if (transaction.getAutoCommit()) {
                throw new InvalidArgumentException("connection",
                        "must be in a transaction (auto-commit off); use append(batch) otherwise");
            }
            return Appender.appendInTransaction(transaction, batch, recordedAtMicros());
        } catch (SQLException e) {
            throw database.errors().translate(e, action, true);
        }
    }

    @Override
    public Registration addInlineProjection(InlineProjection projection) {
        return companions.addInlineProjection(projection);
    }

    /**
     * Runs {@code listener} on the appending thread after each append through this store
     * object. A listener that throws is logged; the append still succeeds.
     */
    @Override
    public Optional<Registration> onAppend(Runnable listener) {
        return Optional.of(appendListeners.add(listener));
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction on the store's writer
     * connection, queued with appends: commits when it returns, rolls back when it throws.
     * SQLite errors come out typed (busy beyond the timeout is a retryable
     * {@code StoreUnavailableException}); anything else {@code work} throws comes out
     * unchanged. {@code work} must not commit, roll back or close the connection.
     */
    @Override
    public <T, X extends Exception> T inTransaction(SqlWork<T, X> work) throws X {
        Checks.notNull(work, "work");
        return database.write("running a read-model transaction", session -> transaction(session, work));
    }

    /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction of {@code session}. */
    private static <T, X extends Exception> T transaction(Session session, SqlWork<T, X> work) throws X,
            java.sql.SQLException {
        session.beginImmediate();
        T result;
        try {
            result = work.run(session.connection());
            session.commit();
        } catch (Throwable e) {
            session.rollbackAfter(e);
            throw e;
        }
        return result;
    }

    /**
     * {@link #inTransaction(SqlWork)} committed with {@code synchronous=NORMAL} when the
     * database is in WAL mode and its connection syncs every commit: no fsync of its own; the
     * next commit that syncs (the writer's next append) makes it durable too, since SQLite
     * writes and syncs the WAL in commit order. The connection's setting is restored after.
     */
    @Override
    public <T, X extends Exception> T inTransactionDurableWithNext(SqlWork<T, X> work) throws X {
        Checks.notNull(work, "work");
        return database.write("running a transaction durable with the next", session -> {
            int synchronous = relaxSynchronous(session.connection());
            try {
                return transaction(session, work);
            } finally {
                if (synchronous > 1) {
                    session.execute("PRAGMA synchronous = " + synchronous);
                }
            }
        });
    }

    /** Sets {@code synchronous=NORMAL} on a WAL connection that syncs more; returns the setting to restore (0: none). */
    private static int relaxSynchronous(java.sql.Connection connection) throws java.sql.SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            String journal;
            try (java.sql.ResultSet row = statement.executeQuery("PRAGMA journal_mode")) {
                journal = row.next() ? row.getString(1) : "";
            }
            int synchronous;
            try (java.sql.ResultSet row = statement.executeQuery("PRAGMA synchronous")) {
                synchronous = row.next() ? row.getInt(1) : 0;
            }
            if (!"wal".equalsIgnoreCase(journal) || synchronous <= 1) {
                return 0;
            }
            statement.execute("PRAGMA synchronous = NORMAL");
            return synchronous;
        }
    }

    @Override
    public SqlDialect dialect() {
        return database.errors();
    }

    /**
     * A file lock beside the database file, shared with every process that opens it; for a
     * database in memory, a lease among the users of this store object.
     */
    @Override
    public ProjectionLease lease(String projection) {
        return file == null ? leasesOfAnInMemoryDatabase.lease(projection) : SqliteProjectionLease.of(file, projection);
    }

    @Override
    public JdbcCheckpointStore checkpoints() {
        return companions.checkpoints();
    }

    @Override
    public JdbcDeadLetterStore deadLetters() {
        return companions.deadLetters();
    }

    @Override
    public JdbcDataKeyStore dataKeys() {
        return companions.dataKeys();
    }

    @Override
    public JdbcSnapshotStore snapshots() {
        return companions.snapshots();
    }

    @Override
    public JdbcProjectionControl projectionControl() {
        return companions.projectionControl();
    }

    @Override
    public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
        Checks.notNull(stream, "stream id");
        Checks.notNull(query, "query");
        if (query.fromVersion() > query.toVersion()) {
            return Stream.empty();
        }
        String action = "reading stream '" + stream + "'";
        StreamState state = lifecycle.state(stream);
        Lifecycles.checkRead(stream, state, query);
        if (state.status() == StreamState.Status.ARCHIVED) {
            return database.read(action, c -> lifecycle.readArchived(c, stream, query)).stream();
        }
        return lazily(action, session -> Reads.streamQuery(session, stream, query), true, stream);
    }

    /**
     * The rows of the statement {@code prepare} makes, streamed on a reader session that the
     * stream holds until it is closed or read to its end.
     *
     * @param cached      {@code prepare} returns one of the session's cached statements (its SQL
     *                    from a fixed set), which is reset at the end instead of closed
     * @param knownStream the stream every row belongs to, or null
     */
    Stream<RecordedEvent> lazily(String action, Database.Work<Session, PreparedStatement, SQLException> prepare,
                                 boolean cached, StreamId knownStream) {
        Session session = database.reader(action);
        PreparedStatement statement;
        try {
            statement = prepare.run(session);
        } catch (SQLException e) {
            database.releaseReader(session, true);
            throw database.errors().translate(e, action, false);
        } catch (RuntimeException e) {
            database.releaseReader(session, false);
            throw e;
        }
        return LazyRows.stream(session, statement, cached, knownStream, database::releaseReader,
                e -> database.errors().translate(e, action, false));
    }

    @Override
    public long currentVersion(StreamId stream) {
        Checks.notNull(stream, "stream id");
        return database.read("reading the version of stream '" + stream + "'", c -> {
            long version = Reads.currentVersion(c, stream);
            return version != 0 ? version : SqliteLifecycle.archivedHead(c, stream);
        });
    }

    @Override
    public Optional<RecordedEvent> readEvent(UUID eventId) {
        Checks.notNull(eventId, "event id");
        return database.read("reading event " + eventId, c -> {
            Optional<RecordedEvent> event = Reads.event(c, eventId);
            return event.isPresent() ? event : SqliteLifecycle.archivedEvent(c, eventId);
        });
    }

    @Override
    public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
        Checks.notNull(after, "after");
        Checks.pageSize(limit);
        Checks.notNull(filter, "filter");
        return database.readSession("reading the global log after " + after, s -> Reads.page(s, after, limit, filter));
    }

    @Override
    public StreamPage listStreams(StreamListing listing) {
        Checks.notNull(listing, "listing");
        return database.read("listing the streams", c -> Reads.streams(c, listing));
    }

    @Override
    public LogPosition headPosition() {
        return LogPosition.of(database.readSession("reading the head of the global log", Reads::head));
    }

    /**
     * Closes the store's own connections after any running append finished. Streams still
     * open keep their connection until they are closed. Idempotent.
     */
    /**
     * Soft delete, truncation, hard delete and archiving (to table {@code es_archived_events}
     * in the same file), each one write transaction; see {@code docs/compliance.md}.
     */
    @Override
    public Optional<StreamLifecycle> lifecycle() {
        return Optional.of(lifecycle);
    }

    /**
     * Dynamic Consistency Boundaries: tags are stored and indexed, and a conditional append
     * checks its condition inside the {@code BEGIN IMMEDIATE} write transaction that appends
     * (see {@code docs/dcb.md}).
     */
    @Override
    public Optional<ConsistencyBoundaries> consistencyBoundaries() {
        return Optional.of(consistencyBoundaries);
    }

    Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
    }

    @Override
    public String toString() {
        return "SqliteEventStore[" + name + "]";
    }

    private long recordedAtMicros() {
        return EventRows.toMicros(Limits.recordedAt(clock.instant()));
    }
}
