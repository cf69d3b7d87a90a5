package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.AtomicAppend;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.LogPosition;

/**
 * Group commit in front of {@link Appender#append(AppendBatch)}: appends to different streams
 * that arrive while another append of this store object is in flight are written together, in
 * one transaction and one statement, when that one is done.
 *
 * <p>At most one append or group is in flight. A caller that finds none goes straight through
 * the {@link Appender}, exactly as without group commit (no added latency for a lone writer).
 * Callers that arrive meanwhile queue; when the one in flight is done it hands the queue to its
 * first caller, who writes it as one group and hands on what queued in the meantime, and so on.
 * A group holds at most one batch per stream (a second append to a stream of the group, which
 * would race it for the same version, is sent to run alone at once, as without group commit)
 * and at most {@link #MAX_GROUP} batches.
 *
 * <p>Only one-event batches are grouped (others go straight to the {@link Appender}): so a
 * batch is one row, written whole or not at all, and the group statement runs in auto-commit,
 * one round trip, one transaction. It checks each event's expectation on its own and inserts
 * the events whose expectation holds, with {@code ON CONFLICT DO NOTHING}: a conflict (a
 * version or an event id taken) skips that row instead of failing the statement, so it cannot
 * fail the others. An event the group did not write, and every event of a group statement that
 * failed (a value PostgreSQL refuses, a retired stream's trigger, a lost connection), sends its
 * caller back to run the append alone through the {@link Appender}, which gives each its own
 * result or its own typed failure (a conflict, an idempotent retry of a stored event, bad
 * input) as without group commit.
 *
 * <p>Why the global-log rule holds as for one auto-commit append (see {@link AppendSql}): the
 * statement is its own transaction, whose id is assigned during it, after its snapshot saw
 * each stream's head committed; an event goes right after that head or not at all. The batches are inserted in {@link org.eventsourcing4j.store.StreamId} order, as
 * atomic appends across streams are ({@link MultiAppendSql}), so waits on each other's
 * versions cannot form a cycle.
 */
public final class GroupCommit {
    /** The most batches one group writes. */
    static final int MAX_GROUP = 64;

    private final Appender appender;
    private final Jdbc jdbc;
    private final Clock clock;
    private final KnownHeads known;
    private final String sql;
    private final MultiAppendSql multi;

    private final Object lock = new Object();
    /** Whether an append or a group is in flight (guarded by {@link #lock}). */
    private boolean busy;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();

    public GroupCommit(PostgresSchema names, Appender appender, Jdbc jdbc, Clock clock, KnownHeads known) {
        this.appender = appender;
        this.jdbc = jdbc;
        this.clock = clock;
        this.known = known;
        this.multi = new MultiAppendSql(names);
        String events = names.qualified("events");
        // The tags' parameter is bound (MultiAppendSql binds it) but unused: tagged events are not grouped.
        this.sql = "with b as (select * from unnest(?::text[], ?::int8[], ?::uuid[], ?::text[], ?::int4[], ?::text[],"
                + " ?::text[], ?::text[]) with ordinality as b(stream, ord, id, type, revision, data, metadata, tags, n)),"
                + " x as (select * from unnest(?::text[], ?::int8[], ?::int8[]) as x(stream, lo, hi)),"
                + " h as (select x.stream, coalesce(last.head, 0) as head from x"
                + " left join lateral (select version as head from " + events
                + " where stream_id = x.stream order by version desc limit 1) as last on true"
                + " where coalesce(last.head, 0) between x.lo and x.hi)"
                + " insert into " + events
                + " (stream_id, version, event_id, event_type, revision, data, metadata, recorded_at)"
                + " select b.stream, h.head + b.ord, b.id, b.type, b.revision, b.data::jsonb, b.metadata::jsonb,"
                + " ?::timestamptz from b join h on h.stream = b.stream order by b.n"
                + " on conflict do nothing returning stream_id, version, tx_id, position";
    }

    /** What a queued caller is told to do. */
    private enum Verdict { WAIT, DONE, ALONE, LEAD }

    private static final class Request {
        final AppendBatch batch;
        final Thread thread = Thread.currentThread();
        volatile Verdict verdict = Verdict.WAIT;
        /** Set before verdict DONE. */
        Appender.Outcome outcome;
        /** Set before verdict LEAD: the group this caller writes, itself first. */
        List<Request> group;

        Request(AppendBatch batch) {
            this.batch = batch;
        }

        void tell(Verdict to) {
            verdict = to;
            LockSupport.unpark(thread);
        }

        Verdict await() {
            boolean interrupted = false;
            while (verdict == Verdict.WAIT) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true; // another caller's group may hold this batch: wait for its verdict
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return verdict;
        }
    }

    /** Appends {@code batch} alone or in a group; the same result or failure as {@link Appender#append(AppendBatch)}. */
    public Appender.Outcome append(AppendBatch batch) {
        if (!groupable(batch)) {
            return appender.append(batch);
        }
        Request me = new Request(batch);
        boolean first;
        synchronized (lock) {
            first = !busy;
            if (first) {
                busy = true;
            } else {
                queue.add(me);
            }
        }
        if (first) {
            try {
                return appender.append(batch);
            } finally {
                handOn();
            }
        }
        Verdict verdict = me.await();
        if (verdict == Verdict.LEAD) {
            try {
                write(me.group);
            } finally {
                handOn();
            }
            verdict = me.verdict;
        }
        return verdict == Verdict.DONE ? me.outcome : appender.append(batch);
    }

    /** How many appends wait for the one in flight (for tests that need a group to form). */
    public int waiting() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /**
     * Only one-event batches are grouped: a row is written whole or not at all, so no batch
     * of a group can be torn, and the group statement can run in auto-commit (one round trip).
     * Events with tags are not grouped: the group statement has no tag columns.
     */
    private static boolean groupable(AppendBatch batch) {
        return batch.size() == 1 && batch.events().get(0).tags().isEmpty();
    }

    /** Passes the queue on to its first caller as the next group, or ends the flight when it is empty. */
    private void handOn() {
        List<Request> group = new ArrayList<>();
        List<Request> alone = new ArrayList<>();
        synchronized (lock) {
            Set<String> streams = new HashSet<>();
            for (Iterator<Request> it = queue.iterator(); it.hasNext() && group.size() < MAX_GROUP; ) {
                Request next = it.next();
                it.remove();
                (streams.add(next.batch.stream().value()) ? group : alone).add(next);
            }
            if (group.isEmpty()) {
                busy = false;
            }
        }
        // A second append to a stream of the group would race the group's for the same version:
        // it goes alone at once, as without group commit, instead of waiting for the next group.
        for (Request each : alone) {
            each.tell(Verdict.ALONE);
        }
        if (group.isEmpty()) {
            return;
        }
        Request leader = group.get(0);
        leader.group = group;
        leader.tell(Verdict.LEAD);
    }

    /**
     * Writes a group and tells every other member its verdict; the leader's own is left in its
     * request ({@link Verdict#DONE} or {@link Verdict#ALONE}). Never throws: whatever goes wrong
     * sends the members to run alone.
     */
    private void write(List<Request> group) {
        Request leader = group.get(0);
        if (group.size() == 1) {
            leader.verdict = Verdict.ALONE; // a group of one is a plain append
            return;
        }
        Map<String, Appender.Outcome> written;
        try {
            written = jdbc.autoCommit("append", connection -> insert(connection, group));
        } catch (Throwable e) {
            written = Map.of(); // each caller runs alone and meets its own failure, if it is one
        }
        for (Request member : group) {
            Appender.Outcome outcome = written.get(member.batch.stream().value());
            Verdict verdict = Verdict.ALONE;
            if (outcome != null) {
                known.committed(member.batch.stream(), outcome.result().streamVersion());
                member.outcome = outcome;
                verdict = Verdict.DONE;
            }
            if (member == leader) {
                member.verdict = verdict;
            } else {
                member.tell(verdict);
            }
        }
    }

    /** Runs the group statement in auto-commit on {@code connection}: the outcome of each stream whose event it wrote. */
    private Map<String, Appender.Outcome> insert(Connection connection, List<Request> group) throws SQLException {
        List<AppendBatch> batches = new ArrayList<>(group.size());
        for (Request member : group) {
            batches.add(member.batch);
        }
        Instant recordedAt = Limits.recordedAt(clock.instant());
        // The statement takes MultiAppendSql's parameters, which binds the batches in stream-id order.
        Map<String, List<MultiAppendSql.Row>> rows = MultiAppendSql.byStream(
                multi.insert(connection, AtomicAppend.of(batches), recordedAt, sql));
        Map<String, Appender.Outcome> written = new HashMap<>();
        for (AppendBatch batch : batches) {
            List<MultiAppendSql.Row> own = rows.get(batch.stream().value());
            if (own == null) {
                continue;
            }
            MultiAppendSql.Row last = own.get(own.size() - 1);
            long lastPosition = own.stream().mapToLong(MultiAppendSql.Row::position).max().orElseThrow();
            written.put(batch.stream().value(), new Appender.Outcome(
                    new AppendResult(last.version(), new LogPosition(last.txId(), lastPosition), recordedAt), true));
        }
        return written;
    }
}
