package org.eventsourcing4j.examples.bank;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.StoreUnavailableException;

/**
 * {@link AtomicAppends} as one JDBC transaction (auto-commit off, on a connection of the
 * events' database) holding one {@link JdbcEventStore#appendInTransaction} per batch, in the
 * streams' canonical (name) order, so that two such transactions over the same streams lock
 * them in the same order and cannot deadlock. A refusal of any batch, or a failure to commit,
 * rolls the whole transaction back: nothing of it is stored.
 */
public final class JdbcAtomicAppends implements AtomicAppends {
    private final JdbcEventStore store;
    private final DataSource dataSource;

    public JdbcAtomicAppends(JdbcEventStore store, DataSource dataSource) {
        this.store = store;
        this.dataSource = dataSource;
    }

    @Override
    public List<AppendResult> appendAll(List<AppendBatch> batches) {
        List<Integer> order = IntStream.range(0, batches.size()).boxed()
                .sorted(Comparator.comparing(i -> batches.get(i).stream().value())).toList();
        AppendResult[] appended = new AppendResult[batches.size()];
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (int i : order) {
                    appended[i] = store.appendInTransaction(connection, batches.get(i));
                }
                connection.commit();
            } catch (RuntimeException | SQLException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("appending a transfer's events: " + e.getMessage(), e);
        }
        return new ArrayList<>(List.of(appended));
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
