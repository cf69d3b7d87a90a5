package org.eventsourcing4j.testkit.publishing;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.projection.CheckpointStore;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.StorageException;

/** {@link OpenTransactionLog#inSchema}: appends held open on a connection of the pool, the schema dropped at the end. */
final class SchemaTransactionLog implements OpenTransactionLog {
    private final JdbcEventStore store;
    private final DataSource pool;
    private final Closeable closePool;
    private final String schema;

    <P extends DataSource & Closeable> SchemaTransactionLog(JdbcEventStore store, P pool, String schema) {
        this.store = store;
        this.pool = pool;
        this.closePool = pool;
        this.schema = schema;
    }

    @Override
    public EventStore store() {
        return store;
    }

    @Override
    public CheckpointStore checkpoints() {
        return store.checkpoints();
    }

    @Override
    public OpenAppend appendAndHold(AppendBatch batch) {
        Connection transaction = null;
        try {
            transaction = pool.getConnection();
            transaction.setAutoCommit(false);
            store.appendInTransaction(transaction, batch);
            return held(transaction);
        } catch (SQLException | RuntimeException e) {
            if (transaction != null) {
                close(transaction, e);
            }
            throw e instanceof RuntimeException unchecked ? unchecked
                    : new StorageException("cannot hold an append open in " + schema, e);
        }
    }

    private OpenAppend held(Connection transaction) {
        return new OpenAppend() {
            @Override
            public void commit() {
                end(true);
            }

            @Override
            public void rollback() {
                end(false);
            }

            private void end(boolean commit) {
                try (transaction) {
                    if (commit) {
                        transaction.commit();
                    } else {
                        transaction.rollback();
                    }
                    transaction.setAutoCommit(true);
                } catch (SQLException e) {
                    throw new StorageException("ending the held transaction failed", e);
                }
            }
        };
    }

    private static void close(Connection connection, Exception failure) {
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        store.close();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists \"" + schema + "\" cascade");
        } catch (SQLException e) {
            throw new StorageException("cannot drop test schema " + schema, e);
        } finally {
            try {
                closePool.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing the pool of " + schema + " failed", e);
            }
        }
    }
}
