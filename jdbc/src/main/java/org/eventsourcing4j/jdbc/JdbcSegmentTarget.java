package org.eventsourcing4j.jdbc;

import java.util.List;
import java.util.function.Function;
import org.eventsourcing4j.projection.FencedTarget;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.projection.SegmentClaim;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.support.Checks;

/**
 * One segment of a partitioned read model in the event store's own database: each page
 * commits in one transaction with the claim's fence ({@link JdbcSegmentClaims#fence}) and the
 * segment's checkpoint, so every event takes effect exactly once however segments move
 * between instances, and an owner whose claim was taken over commits nothing.
 */
public final class JdbcSegmentTarget implements FencedTarget {
    private final SegmentClaim claim;
    private final JdbcTransactions transactions;
    private final JdbcSegmentClaims claims;
    private final JdbcPageHandler handler;
    private final SqlAction<RuntimeException> resetReadModel;

    public JdbcSegmentTarget(SegmentClaim claim, JdbcTransactions transactions, JdbcSegmentClaims claims,
                             JdbcEventHandler handler, SqlAction<RuntimeException> resetReadModel) {
        this(claim, transactions, claims, JdbcPageHandler.eachEvent(handler), resetReadModel);
    }

    private JdbcSegmentTarget(SegmentClaim claim, JdbcTransactions transactions, JdbcSegmentClaims claims,
                              JdbcPageHandler handler, SqlAction<RuntimeException> resetReadModel) {
        this.claim = Checks.notNull(claim, "claim");
        this.transactions = Checks.notNull(transactions, "transactions");
        this.claims = Checks.notNull(claims, "claims");
        this.handler = Checks.notNull(handler, "handler");
        this.resetReadModel = Checks.notNull(resetReadModel, "reset");
    }

    /**
     * The targets of a partitioned projection: {@code handlers} gets each segment's claim (for
     * its epoch), {@code resetReadModel} clears the whole read model for a rebuild.
     */
    public static Function<SegmentClaim, ProjectionTarget> factory(JdbcTransactions transactions,
                                                                   JdbcSegmentClaims claims,
                                                                   Function<SegmentClaim, JdbcEventHandler> handlers,
                                                                   SqlAction<RuntimeException> resetReadModel) {
        Checks.notNull(handlers, "handlers");
        return pageFactory(transactions, claims, claim -> JdbcPageHandler.eachEvent(handlers.apply(claim)),
                resetReadModel);
    }

    /**
     * {@link #factory} with handlers that apply each page of a segment at once (e.g. as one JDBC
     * batch, see {@link JdbcPageHandler}).
     */
    public static Function<SegmentClaim, ProjectionTarget> pageFactory(JdbcTransactions transactions,
                                                                       JdbcSegmentClaims claims,
                                                                       Function<SegmentClaim, JdbcPageHandler> handlers,
                                                                       SqlAction<RuntimeException> resetReadModel) {
        Checks.notNull(handlers, "handlers");
        return claim -> new JdbcSegmentTarget(claim, transactions, claims, handlers.apply(claim), resetReadModel);
    }

    @Override
    public LogPosition checkpoint() {
        return claims.checkpoints().load(claim.name());
    }

    @Override
    public boolean commit(List<RecordedEvent> events, LogPosition from, LogPosition to) {
        return transactions.inTransaction(connection -> {
            if (!claims.fence(connection, claim)
                    || !claims.checkpoints().compareAndSet(connection, claim.name(), from, to)) {
                return false;
            }
            if (!events.isEmpty()) {
                handler.handle(events, connection);
            }
            return true;
        });
    }

    @Override
    public void applyAgain(RecordedEvent event) {
        transactions.useTransaction(connection -> handler.handle(List.of(event), connection));
    }

    /** Clears the whole read model (every segment's), for a rebuild. */
    @Override
    public void reset() {
        transactions.useTransaction(resetReadModel::run);
    }
}
