package org.eventsourcing4j.postgres.internal;

import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.AtomicAppend;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.AppendConditionFailedException;
import org.eventsourcing4j.store.dcb.ConsistencyBoundaries;
import org.eventsourcing4j.store.dcb.Decision;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.support.Checks;

/**
 * Dynamic Consistency Boundaries on PostgreSQL (docs/dcb.md).
 *
 * <p>Reads and decisions stay below the transaction-id horizon, like the global log: a
 * decision's position is the head below the horizon (after the global log's read-your-writes
 * wait), and every event at or before it belongs to a transaction that has ended, so the
 * decision saw all the matching ones; any event it did not see is after that position in
 * {@code (tx_id, position)} order, including one a transaction still running will commit.
 *
 * <p>A conditional append is one call of the store's function ({@link LockedAppendSql}), in
 * auto-commit mode one transaction: {@link TagLocks} first, then the check (a new statement
 * of a VOLATILE function, so a snapshot taken after the locks were granted: every conflicting
 * writer has committed before it or waits until this transaction commits), then the store's
 * normal atomic insert. The check reads the table itself, above the horizon too.
 */
public final class PostgresDcb implements ConsistencyBoundaries {
    private static final int PAGE = 512;

    private final ReadSource primary;
    private final GlobalLog log;
    private final DcbSql sql;
    private final TagLocks locks;
    private final AppendDiagnosis diagnosis;
    private final BiFunction<AtomicAppend, Appender.Locking, List<AppendResult>> appendAll;

    /**
     * @param appendAll the store's atomic append with a guard (lifecycle explanations and wake-ups included)
     */
    public PostgresDcb(PostgresSchema names, ReadRouting reads, GlobalLog log, TagLocks locks,
                       BiFunction<AtomicAppend, Appender.Locking, List<AppendResult>> appendAll) {
        this.primary = reads.primary();
        this.log = log;
        this.sql = new DcbSql(names);
        this.locks = locks;
        this.diagnosis = new AppendDiagnosis(names);
        this.appendAll = appendAll;
    }

    @Override
    public Stream<RecordedEvent> read(EventQuery query, LogPosition after) {
        Checks.notNull(query, "query");
        Checks.notNull(after, "after");
        // The first page now (errors surface here), after the wait for recent commits to pass the horizon.
        List<RecordedEvent> first = primary.autoCommit("reading the events matching a query", connection -> {
            log.head(connection);
            return sql.page(connection, query, after, PAGE);
        });
        Spliterator<RecordedEvent> pages = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private List<RecordedEvent> page = first;
            private int next;

            @Override
            public boolean tryAdvance(Consumer<? super RecordedEvent> action) {
                if (next == page.size()) {
                    if (page.size() < PAGE) {
                        return false;
                    }
                    LogPosition last = page.get(page.size() - 1).logPosition();
                    page = primary.autoCommit("reading the events matching a query",
                            connection -> sql.page(connection, query, last, PAGE));
                    next = 0;
                    if (page.isEmpty()) {
                        return false;
                    }
                }
                action.accept(page.get(next++));
                return true;
            }
        };
        return StreamSupport.stream(pages, false);
    }

    @Override
    public Decision decide(EventQuery query) {
        Checks.notNull(query, "query");
        return primary.autoCommit("deciding on the events matching a query", connection -> {
            LogPosition head = log.head(connection);
            List<RecordedEvent> events = head.equals(LogPosition.START) ? List.of() : sql.upTo(connection, query, head);
            return new Decision(query, events, head);
        });
    }

    @Override
    public List<AppendResult> appendAll(List<AppendBatch> batches, AppendCondition condition) {
        AtomicAppend append = AtomicAppend.of(batches);
        Checks.notNull(condition, "condition");
        Appender.Guard check = connection -> {
            Optional<LogPosition> conflict = sql.firstAfter(connection, condition.failIfEventsMatch(), condition.after());
            if (conflict.isEmpty()) {
                return null;
            }
            // An exact retry of a stored call is answered before the condition, which its own events would fail.
            return diagnosis.retryOf(connection, append)
                    .orElseThrow(() -> new AppendConditionFailedException(condition, conflict.get()));
        };
        // The function checks the condition itself, after its locks (one round trip); only when
        // it wrote nothing does the check run alone, to tell why.
        return appendAll.apply(append, locks.forCondition(condition, append.batches(), check));
    }
}
