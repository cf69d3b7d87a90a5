package org.eventsourcing4j.postgres;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.InlineProjection;
import org.eventsourcing4j.jdbc.InlineProjectionException;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcDeadLetterStore;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjectionControl;
import org.eventsourcing4j.jdbc.JdbcDataKeyStore;
import org.eventsourcing4j.jdbc.JdbcSnapshotStore;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.jdbc.SqlWork;
import org.eventsourcing4j.jdbc.StoreCompanions;
import org.eventsourcing4j.postgres.internal.Appender;
import org.eventsourcing4j.postgres.internal.GlobalLog;
import org.eventsourcing4j.postgres.internal.GroupCommit;
import org.eventsourcing4j.postgres.internal.HorizonQueries;
import org.eventsourcing4j.postgres.internal.KnownHeads;
import org.eventsourcing4j.postgres.internal.PostgresLifecycle;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StreamLifecycle;
import org.eventsourcing4j.postgres.internal.Migrations;
import org.eventsourcing4j.postgres.internal.Notifications;
import org.eventsourcing4j.postgres.internal.StreamListings;
import org.eventsourcing4j.postgres.internal.ReadRouting;
import org.eventsourcing4j.postgres.internal.StreamReads;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.AtomicAppend;
import org.eventsourcing4j.postgres.internal.PostgresDcb;
import org.eventsourcing4j.postgres.internal.TagLocks;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.ReadDelay;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamPage;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.support.Checks;

/**
 * The PostgreSQL event store (PostgreSQL 13 or later).
 *
 * <p>It takes connections from the {@link DataSource} it is given (use a pool, such as
 * HikariCP) and never pools or closes it. On creation it creates or upgrades its tables
 * (see {@link PostgresOptions#createSchema()}). Appends are one statement each; the global
 * log is read below the transaction-id horizon so it never skips a committed event; see
 * {@code docs/postgres.md} for the design and for operations.
 *
 * <p>For projections it is also the {@link org.eventsourcing4j.jdbc.JdbcTransactions} of
 * read models in its database (their changes commit with their checkpoint); it wakes readers
 * after appends (from this instance and, by LISTEN/NOTIFY, from other processes) and names
 * the transaction that holds the global log back ({@link #readDelay()}). Inline projections
 * ({@link #addInlineProjection}) run inside the append's transaction. Its checkpoint,
 * dead-letter and snapshot tables are {@code <prefix>checkpoints}, {@code <prefix>dead_letters}
 * and {@code <prefix>snapshots} in its schema, and its projection leases are advisory locks
 * named after schema, prefix and projection.
 *
 * <p>With a {@link PostgresReplica} ({@link #create(DataSource, PostgresReplica, PostgresOptions)})
 * stream reads, and optionally the global log, come from a streaming replica, which shows the
 * primary's commits a little later; {@link #awaitReplication(Duration)} and
 * {@link #awaitReplayed(Lsn, Duration)} wait for it (see {@code docs/replicas.md}).
 */
public final class PostgresEventStore implements JdbcEventStore {

    private final PostgresSchema names;
    private final Appender appender;
    private final GroupCommit group; // null: off
    private final StreamReads streams;
    private final StreamListings listings;
    private final GlobalLog log;
    private final HorizonQueries horizon;
    private final Notifications notifications;
    private final Jdbc jdbc;
    private final PostgresOptions options;
    private final StoreCompanions companions;
    private final ReadRouting reads;
    private final PostgresReplica replica; // null: none
    private final PostgresLifecycle lifecycle;
    private final TagLocks tagLocks;
    private final PostgresDcb dcb;

    private PostgresEventStore(DataSource dataSource, PostgresReplica replica, PostgresOptions options) {
        this.options = options;
        this.replica = replica;
        this.names = options.schema();
        this.jdbc = new Jdbc(dataSource, PostgresDialect.INSTANCE, options.connectionRetries());
        Migrations migrations = new Migrations(names);
        if (options.createSchema()) {
            jdbc.inTransaction("creating the event store schema", migrations::migrate);
        } else {
            jdbc.autoCommit("checking the event store schema", connection -> {
                migrations.verify(connection);
                return null;
            });
        }
        KnownHeads known = new KnownHeads(options.knownStreams());
        this.reads = replica == null ? new ReadRouting(jdbc)
                : new ReadRouting(jdbc, replica, options.connectionRetries(), options.clock());
        this.appender = new Appender(names, jdbc, options.clock(), known);
        this.group = options.groupCommit() ? new GroupCommit(names, appender, jdbc, options.clock(), known) : null;
        this.streams = new StreamReads(names, reads, options.streamPageSize(), options.connectionRetries(), known);
        this.listings = new StreamListings(names, jdbc);
        this.log = new GlobalLog(names, reads, options.horizonWait());
        this.horizon = new HorizonQueries(names, jdbc);
        this.notifications = new Notifications(jdbc, names.channel(),
                options.notifications() ? options.notifyInterval() : null);
        this.companions = new StoreCompanions(this, names.schema() + "." + names.tablePrefix(),
                Migrations.history(names));
        this.lifecycle = new PostgresLifecycle(names, jdbc, options.clock(),
                stream -> companions.snapshots().deleteStream(stream));
        this.tagLocks = new TagLocks(names);
        this.dcb = new PostgresDcb(names, reads, log, tagLocks, this::appendAll);
    }

    /** A store with {@link PostgresOptions#DEFAULTS}: schema {@code public}, prefix {@code es_}, the UTC system clock. */
    public static PostgresEventStore create(DataSource dataSource) {
        return create(dataSource, PostgresOptions.DEFAULTS);
    }

    /** A store on {@code dataSource} (a pool, such as HikariCP); creates or checks its schema first. */
    public static PostgresEventStore create(DataSource dataSource, PostgresOptions options) {
        return new PostgresEventStore(Checks.notNull(dataSource, "data source"), null,
                Checks.notNull(options, "options"));
    }

    /**
     * A store that appends to {@code primary} and reads from {@code replica} as it says; creates
     * or checks its schema on the primary first. The replica is not needed to start: a read
     * finds out whether it answers.
     */
    public static PostgresEventStore create(DataSource primary, PostgresReplica replica, PostgresOptions options) {
        return new PostgresEventStore(Checks.notNull(primary, "primary data source"),
                Checks.notNull(replica, "replica"), Checks.notNull(options, "options"));
    }

    public PostgresOptions options() {
        return options;
    }

    /** The replica reads come from; empty when every read goes to the primary. */
    public Optional<PostgresReplica> replica() {
        return Optional.ofNullable(replica);
    }

    /**
     * A position of the primary's WAL at or after the commit of every append that has returned,
     * in this process or any other: the flush position, or with {@code synchronous_commit = off}
     * in the store's sessions the insert position. One query on the primary, only when asked:
     * appends pay nothing for read your writes. Hand it to {@link #awaitReplayed(Lsn, Duration)},
     * in this process or another one.
     */
    public Lsn currentLsn() {
        return reads.primaryLsn();
    }

    /**
     * Waits until the replica has replayed the WAL up to {@code lsn}, so that its reads show
     * every commit before it. Returns at once without a replica, and while a replica that is
     * down is skipped ({@link PostgresReplica.WhenDown#READ_PRIMARY}).
     *
     * @throws org.eventsourcing4j.store.ReplicaLagException when it has not within {@code timeout}
     *         (it lags, or its replay is paused); retryable
     * @throws org.eventsourcing4j.store.StoreUnavailableException when the replica cannot be
     *         reached and reads fail while it is down ({@link PostgresReplica.WhenDown#FAIL})
     */
    public void awaitReplayed(Lsn lsn, Duration timeout) {
        Checks.notNull(lsn, "LSN");
        nonNegative(timeout);
        reads.awaitReplayed(lsn, timeout);
    }

    /**
     * {@link #awaitReplayed} of {@link #currentLsn()}: reads then show every append that had
     * returned when the call began. One query on the primary, and one or more on the replica
     * (every 1 to 16 ms) until it has caught up. Without a replica: false, at once.
     */
    @Override
    public boolean awaitReplication(Duration timeout) {
        nonNegative(timeout);
        return reads.awaitCaughtUp(timeout);
    }

    private static void nonNegative(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidArgumentException("timeout", "must be zero or positive, got " + timeout);
        }
    }

    @Override
    public AppendResult append(AppendBatch batch) {
        Checks.notNull(batch, "batch");
        List<InlineProjection> inline = companions.inlineProjections();
        Appender.Locking locking = tagLocks.forWrite(List.of(batch));
        // Without inline projections an append stays one auto-commit statement: the fast path for
        // untagged events, one call of the store's function that locks and inserts for tagged ones.
        Appender.Outcome outcome;
        try {
            outcome = !inline.isEmpty() ? appender.append(batch, inline, tagLocks(List.of(batch)))
                    : locking != null ? appender.append(batch, locking)
                    : group != null ? group.append(batch) : appender.append(batch);
        } catch (ConcurrencyConflictException | StorageException refused) {
            // Only a refused append looks at the stream's lifecycle state (the trigger refused it, or a truncation).
            return lifecycle.explainRefusal(batch).orElseThrow(() -> refused);
        }
        if (outcome.wrote()) {
            notifications.appended();
        }
        return outcome.result();
    }

    /** How many appends wait in the group-commit queue; 0 with group commit off (for tests). */
    int groupCommitWaiting() {
        return group == null ? 0 : group.waiting();
    }

    /**
     * {@inheritDoc}
     *
     * <p>On PostgreSQL: one statement for all batches (auto-commit, or with inline
     * projections a transaction), the batches written in {@link StreamId#compareTo} order, so
     * concurrent atomic appends over overlapping streams wait for each other in one order and
     * never deadlock.
     */
    @Override
    public List<AppendResult> appendAll(List<AppendBatch> batches) {
        AtomicAppend append = AtomicAppend.of(batches);
        return appendAll(append, tagLocks.forWrite(append.batches()));
    }

    /** The locks of an append of tagged events ({@link TagLocks}); null when no event has tags. */
    private Appender.Guard tagLocks(List<AppendBatch> batches) {
        return !TagLocks.tagged(batches) ? null : connection -> {
            tagLocks.lockForWrite(connection, batches);
            return null;
        };
    }

    /** {@link #tagLocks} in a caller's transaction ({@link TagLocks#lockForWriteInTransaction}). */
    private Appender.Guard tagLocksInTransaction(List<AppendBatch> batches) {
        return !TagLocks.tagged(batches) ? null : connection -> {
            tagLocks.lockForWriteInTransaction(connection, batches);
            return null;
        };
    }

    /** {@link #appendAll(List)} with {@code locking} (null: none, for untagged events). */
    private List<AppendResult> appendAll(AtomicAppend append, Appender.Locking locking) {
        boolean[] wrote = new boolean[1];
        List<AppendResult> results;
        try {
            results = appender.appendAll(append, companions.inlineProjections(), wrote, locking);
        } catch (ConcurrencyConflictException | StorageException refused) {
            // A retired or truncated stream's trigger refused the rows: say which (only on this failure path).
            for (AppendBatch batch : append.batches()) {
                lifecycle.explainRefusal(batch);
            }
            throw refused;
        }
        if (wrote[0]) {
            notifications.appended();
        }
        return results;
    }

    /** {@link #appendAll(List)} in the caller's transaction, with the same order check as {@link #appendInTransaction}. */
    @Override
    public List<AppendResult> appendAllInTransaction(Connection transaction, List<AppendBatch> batches) {
        Checks.notNull(transaction, "connection");
        AtomicAppend append = AtomicAppend.of(batches);
        return appender.appendAllInTransaction(transaction, append, tagLocksInTransaction(append.batches()));
    }

    /**
     * Runs {@code projection} inside every later {@link #append(AppendBatch)} of this store
     * object: the append then runs in a transaction in which the handler sees each appended
     * event (with its real log position) on the same connection, after the insert and
     * before the commit. Its read model, in this database, is never behind the events; if it
     * throws, the append is rolled back, nothing is stored, and the append fails with
     * {@link InlineProjectionException}. A retried append whose events are stored already
     * runs no handler. {@link #appendInTransaction} runs none either: the caller's own
     * transaction is the place for such writes. Closing the registration removes it.
     *
     * <p>The event's payload is the one appended; events read back from the store carry
     * PostgreSQL's normalized {@code jsonb} form of the same JSON.
     */
    @Override
    public Registration addInlineProjection(InlineProjection projection) {
        return companions.addInlineProjection(projection);
    }

    /**
     * Runs {@code work} in one transaction on a connection of the store's data source:
     * commits when it returns, rolls back when it throws. Driver errors come out typed by
     * SQLSTATE (connection loss, serialization failures and deadlocks as a retryable
     * {@link org.eventsourcing4j.store.StoreUnavailableException}); anything else
     * {@code work} throws comes out unchanged. For read models in the event store's
     * database, whose changes commit together with their checkpoint. {@code work} must not
     * commit, roll back or close the connection. Not retried: the caller decides.
     */
    @Override
    public <T, X extends Exception> T inTransaction(SqlWork<T, X> work) throws X {
        return jdbc.inTransaction(work);
    }

    /**
     * {@link #inTransaction(SqlWork)} with {@code synchronous_commit = off} for this
     * transaction only: its commit does not wait for the WAL flush; the next synchronous
     * commit flushes the WAL past it (PostgreSQL flushes in WAL order), so it is durable
     * no later than that one.
     */
    @Override
    public <T, X extends Exception> T inTransactionDurableWithNext(SqlWork<T, X> work) throws X {
        Checks.notNull(work, "work");
        return jdbc.inTransaction(connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("set local synchronous_commit = off");
            }
            return work.run(connection);
        });
    }

    @Override
    public SqlDialect dialect() {
        return PostgresDialect.INSTANCE;
    }

    /** An advisory-lock lease on projection {@code name}, keyed by this store's schema and prefix too. */
    @Override
    public ProjectionLease lease(String name) {
        return new PostgresProjectionLease(jdbc.dataSource(), names, name);
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

    /**
     * Why global-log readers are held back right now, naming the oldest open transaction
     * (backend pid, age, state, application, statement); empty when nothing holds them back.
     * From {@link #horizonStatus()}; projections show it in their status when caught up.
     */
    @Override
    public Optional<ReadDelay> readDelay() {
        if (!horizon.heldBack()) {
            return Optional.empty(); // the common case: one cheap query
        }
        HorizonStatus status = horizon.status();
        return status.heldBack() ? Optional.of(new ReadDelay(status.describe(),
                status.oldestTransaction().map(HorizonStatus.OpenTransaction::age).orElse(Duration.ZERO)))
                : Optional.empty();
    }

    /**
     * The last committed event's position, above the horizon too: how far a reader really
     * is behind while a long transaction holds the horizon back. One index entry, no wait.
     */
    @Override
    public LogPosition lastCommittedPosition() {
        return log.lastCommitted();
    }

    /**
     * Appends inside the caller's transaction on {@code transaction} (auto-commit off), so
     * that the events commit or roll back together with the caller's other writes. The
     * caller commits; the store does not close the connection. A refused append (conflict,
     * duplicate id) leaves the transaction usable.
     *
     * <p>Two things differ from {@link #append(AppendBatch)}: there is no internal retry,
     * and the append is refused with a retryable
     * {@link org.eventsourcing4j.store.ConcurrencyConflictException} when the stream's last
     * event was committed by a transaction that started after this one — appending would put
     * the stream out of order in the global log. Retry in a new transaction. Readers are not
     * woken (the store cannot see the commit); they find the events by polling.
     */
    @Override
    public AppendResult appendInTransaction(Connection transaction, AppendBatch batch) {
        Checks.notNull(transaction, "connection");
        Checks.notNull(batch, "batch");
        try {
            return appender.appendInTransaction(transaction, batch, tagLocksInTransaction(List.of(batch))).result();
        } catch (ConcurrencyConflictException | StorageException refused) {
            return lifecycle.explainRefusal(batch).orElseThrow(() -> refused);
        }
    }

    @Override
    public Stream<RecordedEvent> readStream(StreamId stream, StreamQuery query) {
        Checks.notNull(stream, "stream id");
        Checks.notNull(query, "query");
        if (query.toVersion() < query.fromVersion()) {
            lifecycle.checkRead(stream, query); // a deleted stream refuses even a read of nothing
            return Stream.empty();
        }
        // One round trip for the state and the first page (see StreamReads).
        return streams.read(stream, query, () -> lifecycle.readArchived(stream, query));
    }

    @Override
    public long currentVersion(StreamId stream) {
        Checks.notNull(stream, "stream id");
        long version = streams.currentVersion(stream);
        return version != 0 ? version : lifecycle.archivedHead(stream);
    }

    @Override
    public Optional<RecordedEvent> readEvent(UUID eventId) {
        Checks.notNull(eventId, "event id");
        Optional<RecordedEvent> event = streams.readEvent(eventId);
        return event.isPresent() ? event : lifecycle.archivedEvent(eventId);
    }

    @Override
    public LogPage readAll(LogPosition after, int limit, EventFilter filter) {
        Checks.notNull(after, "after");
        Checks.pageSize(limit);
        Checks.notNull(filter, "filter");
        if (after.txId() == 0 && after.position() != 0) {
            // (0, p) reads as "before every transaction": it would silently read the whole log again.
            throw new InvalidArgumentException("log position", "'" + after + "' has no transaction id; positions of"
                    + " the PostgreSQL store are (transaction id, position) pairs: pass one this store returned,"
                    + " or LogPosition.START");
        }
        return log.read(after, limit, filter);
    }

    @Override
    public StreamPage listStreams(StreamListing listing) {
        Checks.notNull(listing, "listing");
        return listings.list(listing);
    }

    @Override
    public LogPosition headPosition() {
        return log.head();
    }

    /**
     * Whether global-log readers are held back by a long-running transaction, and which one.
     * Expose it as a health signal: the store never skips past such a transaction. Read on the
     * primary, where the transactions run (a standby's {@code pg_stat_activity} shows only its
     * own sessions), also when the log is read from a replica.
     */
    public HorizonStatus horizonStatus() {
        return horizon.status();
    }

    /**
     * Runs {@code listener} after every append that wrote events: appends of this instance
     * right after they return (on the appending thread), appends of other processes when
     * their notification arrives (on the store's listener thread, which holds one
     * connection of the data source from the first registration until {@link #close()}).
     * A wake-up means "read again"; keep polling as well, notifications can be lost.
     * Returns a handle that removes the listener.
     */
    @Override
    public Optional<Registration> onAppend(Runnable listener) {
        Checks.notNull(listener, "listener");
        return Optional.of(notifications.register(listener));
    }

    /** The backend pid of the connection listening for notifications; 0 when not connected. */
    public int listenerBackendPid() {
        return notifications.listenerBackendPid();
    }

    /**
     * Soft delete, truncation, hard delete and archiving (to table {@code <prefix>archived_events}
     * in the same schema); each operation is one transaction holding the stream's lock, which
     * the events table's trigger shares with every append. See {@code docs/compliance.md}.
     */
    @Override
    public Optional<StreamLifecycle> lifecycle() {
        return Optional.of(lifecycle);
    }

    public PostgresSchema schema() {
        return names;
    }

    /**
     * Dynamic Consistency Boundaries: tags in a {@code text[]} column with a partial GIN index;
     * reads and decisions below the transaction-id horizon; a conditional append takes
     * advisory locks keyed by tags (or, for a query with a type-only item, a table lock) and
     * checks its condition after them, in READ COMMITTED (see {@code docs/dcb.md}).
     */
    @Override
    public Optional<ConsistencyBoundaries> consistencyBoundaries() {
        return Optional.of(dcb);
    }

    /** Stops the notification threads. The data source stays open: it belongs to the caller. */
    @Override
    public void close() {
        notifications.close();
    }
}
