package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eventsourcing4j.postgres.PostgresDialect;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.QueryItem;

/**
 * The locks that make a conditional append atomic with its check under READ COMMITTED,
 * without SERIALIZABLE (see docs/dcb.md, "PostgreSQL").
 *
 * <ul>
 * <li>Every append of tagged events, conditional or not, takes a transaction-scoped advisory
 *     lock per tag of its events (a 64-bit hash of schema, prefix and tag) before it inserts.
 *     Untagged appends take none: their fast path is unchanged.</li>
 * <li>A conditional append whose query items all name tags takes, besides its events' keys,
 *     the key of one tag of each item (an event matching the item has all of its tags, so its
 *     writer holds that key too). Then it checks the condition in a new statement, whose
 *     snapshot is taken after the locks were granted ({@link LockedAppendSql}: one function
 *     call takes the locks, checks and inserts).</li>
 * <li>A conditional append whose query has a type-only item, or matches every event, cannot
 *     know the writers of matching events by their tags (an untagged plain append may match).
 *     It locks the events table in SHARE ROW EXCLUSIVE mode instead: it waits for every
 *     transaction that has inserted events to end, and keeps every other insert out until it
 *     commits. It needs no advisory keys then.</li>
 * </ul>
 * Lock order, for no deadlocks: the table lock first (ROW EXCLUSIVE, taken explicitly by
 * every locker before its advisory keys, or SHARE ROW EXCLUSIVE), then the advisory keys in
 * ascending order, in one statement: {@link #lockForWrite} for a single-batch append with
 * inline projections and in a caller's transaction, {@link LockedAppendSql}'s function for
 * every other append of tagged events and every conditional one.
 */
public final class TagLocks {
    private final String namespace;
    private final String rowExclusive;
    private final String newerEvent;
    private final String head;

    public TagLocks(PostgresSchema names) {
        this.namespace = "eventsourcing4j-dcb:" + names.schema() + "." + names.tablePrefix() + ":tag:";
        String events = names.qualified("events");
        this.rowExclusive = "lock table " + events + " in row exclusive mode;"
                + " select pg_advisory_xact_lock(k) from unnest(?::int8[]) with ordinality as u(k, n) order by n";
        this.newerEvent = "select pg_current_xact_id_if_assigned() is not null and exists (select 1 from " + events
                + " where tx_id > pg_current_xact_id_if_assigned())";
        this.head = "select coalesce(max(version), 0) from " + events + " where stream_id = ?";
    }

    /** Whether an event of {@code batches} has tags. */
    public static boolean tagged(List<AppendBatch> batches) {
        for (AppendBatch batch : batches) {
            for (EventData event : batch.events()) {
                if (!event.tags().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The locking of a plain atomic append of {@code batches}; null when no event has tags. */
    public Appender.Locking forWrite(List<AppendBatch> batches) {
        if (!tagged(batches)) {
            return null;
        }
        Set<String> tags = new HashSet<>();
        addEventTags(tags, batches);
        return new Appender.Locking(false, keys(tags), null, null);
    }

    /** Takes the locks of a plain append of {@code batches}, which must have tagged events. */
    public void lockForWrite(Connection connection, List<AppendBatch> batches) throws SQLException {
        Set<String> tags = new HashSet<>();
        addEventTags(tags, batches);
        lock(connection, keys(tags));
    }

    /**
     * {@link #lockForWrite} in a caller's transaction, which may have its transaction id
     * already (it wrote before): then a conditional append that committed while this one
     * waited for its locks may have a newer id, and this transaction's events would go
     * before that append's in the log although its check did not see them. So, after the
     * locks, it is refused (retryably) when any event of a newer transaction is stored. A
     * transaction whose first write this append is gets its id at the insert: no refusal.
     *
     * @throws ConcurrencyConflictException when a newer transaction's event is stored; retry in a new transaction
     */
    public void lockForWriteInTransaction(Connection connection, List<AppendBatch> batches) throws SQLException {
        lockForWrite(connection, batches);
        try (PreparedStatement check = connection.prepareStatement(newerEvent);
             ResultSet rs = check.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return;
            }
        }
        AppendBatch first = batches.get(0);
        try (PreparedStatement version = connection.prepareStatement(head)) {
            version.setString(1, first.stream().value());
            try (ResultSet rs = version.executeQuery()) {
                rs.next();
                throw new ConcurrencyConflictException(first.stream(), first.expected(), rs.getLong(1),
                        "this transaction wrote before and a newer transaction has appended since; its tagged events"
                                + " could go before a conditional append that did not see them: retry in a new"
                                + " transaction");
            }
        }
    }

    /** Whether the condition's query has a type-only item or matches every event: then only the table lock covers it. */
    static boolean needsWholeLog(AppendCondition condition) {
        List<QueryItem> items = condition.failIfEventsMatch().items();
        return items.isEmpty() || items.stream().anyMatch(item -> item.tags().isEmpty());
    }

    private static void addItemTags(Set<String> tags, AppendCondition condition) {
        for (QueryItem item : condition.failIfEventsMatch().items()) {
            tags.add(item.tags().iterator().next());
        }
    }

    /**
     * The locking of a conditional append of {@code batches}, which checks the condition after
     * its locks ({@link LockedAppendSql}); {@code whenRefused} tells why the insert wrote nothing.
     */
    Appender.Locking forCondition(AppendCondition condition, List<AppendBatch> batches, Appender.Guard whenRefused) {
        if (needsWholeLog(condition)) {
            return new Appender.Locking(true, new long[0], condition, whenRefused);
        }
        // Usually the condition names the appended events' tags: each distinct tag is hashed once.
        Set<String> tags = new HashSet<>();
        addItemTags(tags, condition);
        addEventTags(tags, batches);
        return new Appender.Locking(false, keys(tags), condition, whenRefused);
    }

    private static void addEventTags(Set<String> tags, List<AppendBatch> batches) {
        for (AppendBatch batch : batches) {
            for (EventData event : batch.events()) {
                tags.addAll(event.tags());
            }
        }
    }

    /** The advisory keys of {@code tags}, ascending (the lock order), each once. */
    private long[] keys(Set<String> tags) {
        return tags.stream().mapToLong(this::key).sorted().distinct().toArray();
    }

    private void lock(Connection connection, long[] keys) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(rowExclusive)) {
            lock.setString(1, ArrayText.ofLongs(keys));
            lock.execute();
        }
    }

    /** The advisory-lock key of a tag in this store. */
    long key(String tag) {
        return PostgresDialect.lockKey(namespace + tag);
    }
}
