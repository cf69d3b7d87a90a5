package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.dcb.AppendCondition;
import org.eventsourcing4j.store.dcb.EventQuery;
import org.eventsourcing4j.store.dcb.QueryItem;

/**
 * The append of tagged events, plain or conditional, as one call of a PL/pgSQL function of
 * the store ({@code <prefix>append_locked}, created by migration 4): one round trip, in
 * auto-commit mode one transaction (see docs/dcb.md, "PostgreSQL").
 *
 * <p>The function runs, each as a statement of its own: the locks of {@link TagLocks} (the
 * table lock, then the advisory keys in the order given, ascending); the condition's check,
 * if any; the store's atomic insert ({@link MultiAppendSql}'s statement). It returns the
 * inserted rows, or none when the condition failed or an expectation did not hold (the
 * caller tells which, as after the insert of a transaction). A VOLATILE function under READ
 * COMMITTED takes a new snapshot for each statement it runs, so the check and the insert see
 * every transaction that committed before the locks were granted; lock statements and the
 * check assign no transaction id, so the insert's transaction id is assigned during the
 * insert, after its snapshot, as for a plain auto-commit append.
 *
 * <p>The condition travels as arrays: for each query item with tags, its tags as one
 * space-separated text (tags contain no white space) and its types as (item number, type)
 * pairs (none: any type), answered by the tags' GIN index; the types of the type-only items
 * (looked for in the log after the position, under the table lock), and whether the query
 * matches every event.
 *
 * <p>One batch of one event (the common conditional append) calls migration 5's function
 * instead ({@code <prefix>append_one_locked}): the same locks and check, then the plain
 * one-event insert ({@link AppendSql}) with scalar parameters. Measured with pgbench (mixed
 * scripts in one run), the multi-batch insert with its eleven arrays made a conditional
 * append cost 1.25 to 1.45 times a plain append on the server; the one-event function 1.11
 * to 1.19 times.
 */
final class LockedAppendSql {
    /** The function's name, unquoted, in the store's schema. */
    static final String FUNCTION = "append_locked";
    /** The one-event function's name (migration 5): one batch of one event, scalars instead of arrays. */
    static final String ONE_EVENT_FUNCTION = "append_one_locked";

    /** The condition's parameters ({@link #bindCondition}), the same in both functions. */
    private static final String CONDITION_CALL = "?::boolean, ?::xid8, ?::int8, ?::boolean, ?::text[], ?::int8[],"
            + " ?::text[], ?::text[]";
    private static final String CONDITION_TYPES = "boolean, xid8, int8, boolean, text[], int8[], text[], text[]";

    private final String call;
    private final String oneEventCall;

    LockedAppendSql(PostgresSchema names) {
        this.call = "select * from " + names.qualified(FUNCTION) + "(?::boolean, ?::int8[], ?::text[], ?::int8[],"
                + " ?::uuid[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[],"
                + " ?::timestamptz, " + CONDITION_CALL + ")";
        this.oneEventCall = "select * from " + names.qualified(ONE_EVENT_FUNCTION) + "(?::boolean, ?::int8[],"
                + " ?::text, ?::uuid, ?::text, ?::int4, ?::text, ?::text, ?::timestamptz, ?::text, ?::text, ?::int8,"
                + " ?::int8, " + CONDITION_CALL + ")";
    }

    /** The function's call: {@link #bindLocks}, then {@link MultiAppendSql}'s parameters, then {@link #bindCondition}. */
    String call() {
        return call;
    }

    /**
     * The one-event function's call: {@link #bindLocks}, then {@link AppendSql#bindOneEvent}'s
     * parameters, then {@link #bindCondition}; it returns (position, tx_id, version).
     */
    String oneEventCall() {
        return oneEventCall;
    }

    /**
     * The migration's statement: the function. Parameters $1, $2: the whole-log lock (SHARE
     * ROW EXCLUSIVE) or the advisory keys; $3 to $14: {@link MultiAppendSql}'s; $15 to $22:
     * the condition (checked or not, position, matches every event, tag items, their types,
     * the types of type-only items).
     */
    static String function(PostgresSchema names) {
        String events = names.qualified("events");
        String insert = MultiAppendSql.statement(events, false, i -> "$" + (i + 3));
        return function(names.qualified(FUNCTION), events, "text[], int8[], uuid[], text[], int4[], text[], text[],"
                + " text[], text[], int8[], int8[], timestamptz", "r_stream text, r_version int8, r_tx xid8,"
                + " r_position int8", insert, 15);
    }

    /**
     * Migration 5's function for one batch of one event, the common case of a conditional
     * append: the locks and the check as {@link #function}'s, then the plain one-event insert
     * ({@link AppendSql#oneEventStatement}) with scalar parameters $3 to $13, no arrays to
     * unnest; the condition is $14 to $21.
     */
    static String oneEventFunction(PostgresSchema names, AppendSql plain) {
        String events = names.qualified("events");
        StringBuilder insert = new StringBuilder();
        String statement = plain.oneEventStatement();
        int parameter = 3;
        for (int i = 0; i < statement.length(); i++) {
            char c = statement.charAt(i);
            if (c == '?') {
                insert.append('$').append(parameter++);
            } else {
                insert.append(c);
            }
        }
        return function(names.qualified(ONE_EVENT_FUNCTION), events, "text, uuid, text, int4, text, text,"
                + " timestamptz, text, text, int8, int8", "r_position int8, r_tx xid8, r_version int8",
                insert.toString(), parameter);
    }

    /**
     * How many of the events after a condition's position its check reads in log order before
     * it asks the tags' GIN index instead. A decider's position is usually close to the head,
     * so the few events after it answer the check without the index, whose answer for a tag
     * is every event that ever carried it (a check of a tag with a long history read them all).
     */
    static final int RECENT_EVENTS = 64;

    /**
     * The function {@code name}: locks ($1, $2), then the condition ($c to $c+7), then {@code insert}.
     *
     * <p>The tag items' check reads the events after the position in log order, at most
     * {@link #RECENT_EVENTS} of them (the primary key's range), and tests each; when there are
     * more, or the position is the log's start, it asks the GIN index, which finds every event
     * with the items' tags, before the position too, and keeps those after it. Either way the
     * answer is exact. Each step is a statement of its own, run only when needed: every statement
     * costs the function an executor start for its whole plan (subqueries in untaken branches
     * included), a snapshot and its locks, the larger part of a check's cost (measured: one
     * statement holding both ways made every tagged append slower, conditional or not).
     */
    private static String function(String name, String events, String insertTypes, String returns, String insert,
                                   int c) {
        String checked = "$" + c;
        String tx = "$" + (c + 1);
        String position = "$" + (c + 2);
        String all = "$" + (c + 3);
        String items = "$" + (c + 4);
        String typeItems = "$" + (c + 5);
        String itemTypes = "$" + (c + 6);
        String scanTypes = "$" + (c + 7);
        String typeMatches = "(not (q.n = any(" + typeItems + ")) or %s.event_type in (select t.type from unnest("
                + typeItems + ", " + itemTypes + ") as t(i, type) where t.i = q.n))";
        String after = "(e.tx_id, e.position) > (" + tx + ", " + position + ")";
        String recentRows = " from (select e.tags, e.event_type from " + events + " e where " + after
                + " order by e.tx_id, e.position limit " + RECENT_EVENTS + ") as r;";
        return "create or replace function " + name + "(boolean, int8[], " + insertTypes + ", " + CONDITION_TYPES
                + ") returns table (" + returns + ")"
                // Generic plans, made once per session: with custom ones (the default's choice for
                // the insert, whose arrays' sizes it cannot know) each call planned the insert again,
                // which halved the function's rate (measured with pgbench). No JIT: a generic plan's
                // estimates grow with the table, and past jit_above_cost every call compiled its
                // check again (about 8 ms a call at 1.4 million events, measured). No sequential
                // scans: a session's generic plans are made at its first call, and made on a small
                // table (a new store) the check of the recent events was a sequential scan and a
                // sort, which stayed the plan as the table grew until an analyze replaced it (0.5 ms
                // a call became 21 ms at 200,000 events, measured); every statement here has an
                // index for its rows, and the type scans (EXECUTE) are near the head.
                + " language plpgsql volatile set plan_cache_mode = force_generic_plan set jit = off"
                + " set enable_seqscan = off as $body$"
                + " declare matched boolean; k int8; recent int8;"
                + " begin"
                + " if $1 then"
                + "  lock table " + events + " in share row exclusive mode;"
                + " else"
                + "  lock table " + events + " in row exclusive mode;"
                // In the array's order (ascending), one simple expression each: no query, no sort.
                + "  foreach k in array $2 loop perform pg_advisory_xact_lock(k); end loop;"
                + " end if;"
                + " if " + checked + " then"
                // Type-only items (and the query of every event) scan the log from the position:
                // planned with the position's value each time, so near the head it is a short index range.
                + "  if " + all + " or cardinality(" + scanTypes + ") > 0 then"
                + "   execute 'select exists (select 1 from " + events.replace("'", "''")
                + " where (tx_id, position) > ($1, $2) and ($3 or event_type = any($4)))'"
                + "    into matched using " + tx + ", " + position + ", " + all + ", " + scanTypes + ";"
                + "   if matched then return; end if;"
                + "  end if;"
                + "  if cardinality(" + items + ") > 0 then"
                + "   recent := " + RECENT_EVENTS + ";"
                + "   if " + position + " > 0 then"
                // The common item, tags without types, tests each row without a subquery.
                + "    if cardinality(" + items + ") = 1 and cardinality(" + typeItems + ") = 0 then"
                + "     select count(*), coalesce(bool_or(r.tags @> string_to_array(" + items + "[1], ' ')), false)"
                + "      into recent, matched" + recentRows
                + "    else"
                + "     select count(*), coalesce(bool_or(exists (select 1 from unnest(" + items + ") with ordinality"
                + "      as q(tags, n) where r.tags @> string_to_array(q.tags, ' ') and " + typeMatches.formatted("r")
                + ")), false) into recent, matched" + recentRows
                + "    end if;"
                + "    if matched then return; end if;"
                + "   end if;"
                + "   if recent = " + RECENT_EVENTS + " and exists (select 1 from unnest(" + items + ")"
                + "     with ordinality as q(tags, n) where exists (select 1 from " + events + " e"
                + "     where e.tags @> string_to_array(q.tags, ' ') and " + after + " and "
                + typeMatches.formatted("e") + ")) then"
                + "    return;"
                + "   end if;"
                + "  end if;"
                + " end if;"
                + " return query " + insert + ";"
                + " end $body$";
    }

    /**
     * One call of the one-event function for the one event of {@code batch}: the inserted row,
     * or none when the condition failed or the expectation did not hold.
     */
    List<MultiAppendSql.Row> insertOne(Connection connection, AppendBatch batch, Instant recordedAt,
                                       Appender.Locking locking) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(oneEventCall)) {
            int next = bindLocks(connection, insert, 1, locking.wholeLog, locking.keys);
            next = AppendSql.bindOneEvent(insert, next, batch, recordedAt);
            bindCondition(connection, insert, next, locking.condition);
            List<MultiAppendSql.Row> rows = new ArrayList<>(1);
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    rows.add(new MultiAppendSql.Row(batch.stream().value(), rs.getLong(3), rs.getLong(2),
                            rs.getLong(1)));
                }
            }
            return rows;
        }
    }

    /** Binds the locks ($1, $2) from index {@code first} on; returns the next free index. */
    static int bindLocks(Connection connection, PreparedStatement statement, int first, boolean wholeLog,
                         long[] keys) throws SQLException {
        statement.setBoolean(first, wholeLog);
        statement.setString(first + 1, ArrayText.ofLongs(keys));
        return first + 2;
    }

    /** Binds the condition ($15 to $22; null: none) from index {@code first} on; returns the next free index. */
    static int bindCondition(Connection connection, PreparedStatement statement, int first, AppendCondition condition)
            throws SQLException {
        EventQuery query = condition == null ? EventQuery.all() : condition.failIfEventsMatch();
        LogPosition after = condition == null ? LogPosition.START : condition.after();
        List<String> itemTags = new ArrayList<>(query.items().size());
        List<Long> typeItems = new ArrayList<>();
        List<String> itemTypes = new ArrayList<>();
        List<String> scanTypes = new ArrayList<>();
        for (QueryItem item : query.items()) {
            if (item.tags().isEmpty()) {
                scanTypes.addAll(item.types());
                continue;
            }
            itemTags.add(String.join(" ", item.tags()));
            for (String type : item.types()) {
                typeItems.add((long) itemTags.size());
                itemTypes.add(type);
            }
        }
        statement.setBoolean(first, condition != null);
        statement.setString(first + 1, Long.toString(after.txId()));
        statement.setLong(first + 2, after.position());
        statement.setBoolean(first + 3, query.isAll());
        statement.setString(first + 4, ArrayText.ofText(itemTags));
        statement.setString(first + 5, ArrayText.ofLongs(typeItems.stream().mapToLong(Long::longValue).toArray()));
        statement.setString(first + 6, ArrayText.ofText(itemTypes));
        statement.setString(first + 7, ArrayText.ofText(scanTypes));
        return first + 8;
    }
}
