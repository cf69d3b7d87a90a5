package org.eventsourcing4j.jdbc;

import java.util.List;
import org.eventsourcing4j.projection.DeadLetterStore;
import org.eventsourcing4j.projection.ParkedEvent;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.support.Checks;

/**
 * A read model in the event store's own database: each page of events and the checkpoint
 * commit in one transaction, so every event takes effect exactly once, however often the
 * projection stops, crashes or fails over. The checkpoint is moved first: its row lock
 * fences a second instance out before any handler runs. A parked event replayed from a
 * dead-letter table in the same database is applied and removed in one transaction too.
 */
public final class JdbcProjectionTarget implements ProjectionTarget {
    private final String name;
    private final JdbcTransactions transactions;
    private final JdbcCheckpointStore checkpoints;
    private final JdbcPageHandler handler;
    private final SqlAction<RuntimeException> resetReadModel;

    /**
     * @param resetReadModel clears the read model for a rebuild (runs in the same transaction
     *                       that deletes the checkpoint)
     */
    public JdbcProjectionTarget(String name, JdbcTransactions transactions, JdbcCheckpointStore checkpoints,
                                JdbcEventHandler handler, SqlAction<RuntimeException> resetReadModel) {
        this(name, transactions, checkpoints, JdbcPageHandler.eachEvent(handler), resetReadModel);
    }

    private JdbcProjectionTarget(String name, JdbcTransactions transactions, JdbcCheckpointStore checkpoints,
                                 JdbcPageHandler handler, SqlAction<RuntimeException> resetReadModel) {
        this.name = Checks.notNull(name, "name");
        this.transactions = Checks.notNull(transactions, "transactions");
        this.checkpoints = Checks.notNull(checkpoints, "checkpoint store");
        this.handler = Checks.notNull(handler, "handler");
        this.resetReadModel = Checks.notNull(resetReadModel, "reset");
    }

    /** A target whose handler applies each page at once (e.g. as one JDBC batch): see {@link JdbcPageHandler}. */
    public static JdbcProjectionTarget ofPages(String name, JdbcTransactions transactions,
                                               JdbcCheckpointStore checkpoints, JdbcPageHandler handler,
                                               SqlAction<RuntimeException> resetReadModel) {
        return new JdbcProjectionTarget(name, transactions, checkpoints, handler, resetReadModel);
    }

    @Override
    public LogPosition checkpoint() {
        return checkpoints.load(name);
    }

    @Override
    public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
        return transactions.inTransaction(connection -> {
            if (!checkpoints.compareAndSet(connection, name, from, to)) {
                return false;
            }
            if (!events.isEmpty()) {
                try (PageStatements page = new PageStatements(connection)) {
                    handler.handle(events, page.connection());
                }
            }
            return true;
        });
    }

    @Override
    public void applyAgain(RecordedEvent event) {
        transactions.useTransaction(connection -> handler.handle(List.of(event), connection));
    }

    @Override
    public void replay(ParkedEvent parked, DeadLetterStore deadLetters) {
        if (!(deadLetters instanceof JdbcDeadLetterStore table) || !table.sharesTransactionsWith(transactions)) {
            ProjectionTarget.super.replay(parked, deadLetters);
            return;
        }
        transactions.useTransaction(connection -> {
            // Removed first: of two concurrent replays of one event, only one applies it.
            if (table.remove(connection, parked.projection(), parked.event().eventId())) {
                handler.handle(List.of(parked.event()), connection);
            }
        });
    }

    @Override
    public void reset() {
        transactions.useTransaction(connection -> {
            resetReadModel.run(connection);
            checkpoints.reset(connection, name);
        });
    }
}
