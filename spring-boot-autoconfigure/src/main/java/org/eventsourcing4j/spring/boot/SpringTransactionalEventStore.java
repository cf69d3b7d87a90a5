package org.eventsourcing4j.spring.boot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.InlineProjection;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcDeadLetterStore;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjectionControl;
import org.eventsourcing4j.jdbc.JdbcDataKeyStore;
import org.eventsourcing4j.jdbc.JdbcSnapshotStore;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.jdbc.SqlWork;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ForwardingEventStore;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.store.spi.AppendListeners;
import org.eventsourcing4j.support.Checks;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A SQL event store whose appends join the Spring transaction of the calling thread: inside
 * a {@code @Transactional} method (or a {@code TransactionTemplate}) whose transaction
 * manager holds a connection of the store's {@code DataSource}, an append runs on that
 * connection ({@link JdbcEventStore#appendInTransaction}), so the events commit or roll
 * back with the method's other JDBC or JPA writes. Outside such a transaction it appends
 * as the store always does, in a transaction of its own.
 *
 * <p>Readers in this process are woken only when the transaction commits
 * ({@link TransactionSynchronization#afterCommit()}); a rolled-back transaction leaves no
 * event, and no projection ever sees one. Read-model work through {@link #inTransaction}
 * joins the same way. Reads (streams, the global log) always run on connections of their
 * own: a command that loads an aggregate it already changed in the same transaction sees
 * the committed state, and its append is then refused as a conflict.
 *
 * <p>Inside a transaction there is no retry of the append itself: a retryable conflict
 * fails the call, and the whole transaction is the unit to run again. On SQLite the
 * transaction holds the database's only write lock from the append until it ends, so keep
 * such transactions short.
 */
public final class SpringTransactionalEventStore extends ForwardingEventStore implements JdbcEventStore {
    private final JdbcEventStore store;
    private final DataSource dataSource;
    private final AppendListeners committed = new AppendListeners();
    /**
     * Whether the store wakes its readers itself after an append outside a transaction; when
     * it cannot for some listener, this class wakes them after every append instead.
     */
    private volatile boolean storeMissesAppends;

    private SpringTransactionalEventStore(JdbcEventStore store, DataSource dataSource) {
        super(store);
        this.store = store;
        this.dataSource = Checks.notNull(dataSource, "data source");
    }

    /** {@code store}, joining the Spring transactions that hold a connection of {@code dataSource} (the store's). */
    public static SpringTransactionalEventStore of(JdbcEventStore store, DataSource dataSource) {
        return new SpringTransactionalEventStore(Checks.notNull(store, "store"), dataSource);
    }

    /** The store this one hands its calls to. */
    public JdbcEventStore store() {
        return store;
    }

    @Override
    public AppendResult append(AppendBatch batch) {
        Connection transaction = transactionConnection();
        if (transaction == null) {
            AppendResult result = store.append(batch);
            if (storeMissesAppends) {
                committed.wakeAll();
            }
            return result;
        }
        try {
            AppendResult result = store.appendInTransaction(transaction, batch);
            wakeReadersAfterCommit();
            return result;
        } finally {
            DataSourceUtils.releaseConnection(transaction, dataSource);
        }
    }

    /** As {@link #append(AppendBatch)}: joins the Spring transaction when there is one. */
    @Override
    public java.util.List<AppendResult> appendAll(java.util.List<AppendBatch> batches) {
        Connection transaction = transactionConnection();
        if (transaction == null) {
            java.util.List<AppendResult> results = store.appendAll(batches);
            if (storeMissesAppends) {
                committed.wakeAll();
            }
            return results;
        }
        try {
            java.util.List<AppendResult> results = store.appendAllInTransaction(transaction, batches);
            wakeReadersAfterCommit();
            return results;
        } finally {
            DataSourceUtils.releaseConnection(transaction, dataSource);
        }
    }

    @Override
    public java.util.List<AppendResult> appendAllInTransaction(Connection transaction,
                                                               java.util.List<AppendBatch> batches) {
        return store.appendAllInTransaction(transaction, batches);
    }

    @Override
    public <T, X extends Exception> T inTransaction(SqlWork<T, X> work) throws X {
        Connection transaction = transactionConnection();
        if (transaction == null) {
            return store.inTransaction(work);
        }
        try {
            return work.run(transaction);
        } catch (SQLException e) {
            throw store.dialect().translate(e, "running work in the Spring transaction");
        } finally {
            DataSourceUtils.releaseConnection(transaction, dataSource);
        }
    }

    @Override
    public AppendResult appendInTransaction(Connection transaction, AppendBatch batch) {
        return store.appendInTransaction(transaction, batch);
    }

    /**
     * Wakes {@code listener} after appends: the store's own notifications (which may cover
     * other processes) for appends outside a transaction, and this class's after each commit
     * of a Spring transaction that appended here (the store cannot see that commit). Each
     * append wakes a listener once: a runner woken twice would read the log twice.
     */
    @Override
    public Optional<Registration> onAppend(Runnable listener) {
        Registration own = committed.add(listener);
        Optional<Registration> store = super.onAppend(listener);
        if (store.isEmpty()) {
            storeMissesAppends = true;
        }
        return Optional.of(() -> {
            own.close();
            store.ifPresent(Registration::close);
        });
    }

    @Override
    public Registration addInlineProjection(InlineProjection projection) {
        return store.addInlineProjection(projection);
    }

    @Override
    public ProjectionLease lease(String name) {
        return store.lease(name);
    }

    @Override
    public JdbcCheckpointStore checkpoints() {
        return store.checkpoints();
    }

    @Override
    public JdbcDeadLetterStore deadLetters() {
        return store.deadLetters();
    }

    @Override
    public JdbcDataKeyStore dataKeys() {
        return store.dataKeys();
    }

    @Override
    public JdbcSnapshotStore snapshots() {
        return store.snapshots();
    }

    @Override
    public JdbcProjectionControl projectionControl() {
        return store.projectionControl();
    }

    @Override
    public SqlDialect dialect() {
        return store.dialect();
    }

    /**
     * The connection of the current Spring transaction on this store's data source, or null
     * when there is none: no transaction, a transaction on another resource, or a
     * synchronization scope without a transaction (auto-commit on).
     */
    private Connection transactionConnection() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder)) {
            return null;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (connection.getAutoCommit()) {
                DataSourceUtils.releaseConnection(connection, dataSource);
                return null;
            }
            return connection;
        } catch (SQLException e) {
            DataSourceUtils.releaseConnection(connection, dataSource);
            throw store.dialect().translate(e, "joining the Spring transaction");
        }
    }

    private void wakeReadersAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    committed.wakeAll();
                }
            });
        }
    }
}
