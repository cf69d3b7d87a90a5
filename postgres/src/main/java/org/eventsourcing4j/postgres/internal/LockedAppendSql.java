package org.eventsourcing4j.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.postgres.PostgresSchema;
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
 */
final class LockedAppendSql {
    /** The function's name, unquoted, in the store's schema. */
    static final String FUNCTION = "append_locked";

    private final String call;

    LockedAppendSql(PostgresSchema names) {
        this.call = "select * from " + names.qualified(FUNCTION) + "(?::boolean, ?::int8[], ?::text[], ?::int8[],"
                + " ?::uuid[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[],"
                + " ?::timestamptz, ?::boolean, ?::xid8, ?::int8, ?::boolean, ?::text[], ?::int8[], ?::text[],"
                + " ?::text[])";
    }

    /** The function's call: {@link #bindLocks}, then {@link MultiAppendSql}'s parameters, then {@link #bindCondition}. */
    String call() {
        return call;
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
        return "create or replace function " + names.qualified(FUNCTION) + "(boolean, int8[], text[], int8[], uuid[],"
                + " text[], int4[], text[], text[], text[], text[], int8[], int8[], timestamptz, boolean, xid8, int8,"
                + " boolean, text[], int8[], text[], text[])"
                + " returns table (r_stream text, r_version int8, r_tx xid8, r_position int8)"
                // Generic plans, made once per session: with custom ones (the default's choice for
                // the insert, whose arrays' sizes it cannot know) each call planned the insert again,
                // which halved the function's rate (measured with pgbench).
                + " language plpgsql volatile set plan_cache_mode = force_generic_plan as $body$"
                + " declare matched boolean;"
                + " begin"
                + " if $1 then"
                + "  lock table " + events + " in share row exclusive mode;"
                + " else"
                + "  lock table " + events + " in row exclusive mode;"
                + "  perform pg_advisory_xact_lock(k) from unnest($2) with ordinality as u(k, n) order by n;"
                + " end if;"
                + " if $15 then"
                // Type-only items (and the query of every event) scan the log from the position:
                // planned with the position's value each time, so near the head it is a short index range.
                + "  if $18 or cardinality($22) > 0 then"
                + "   execute 'select exists (select 1 from " + events.replace("'", "''")
                + " where (tx_id, position) > ($1, $2) and ($3 or event_type = any($4)))'"
                + "    into matched using $16, $17, $18, $22;"
                + "   if matched then return; end if;"
                + "  end if;"
                + "  if exists (select 1 from unnest($19) with ordinality as q(tags, n)"
                + "    where exists (select 1 from " + events + " e where e.tags @> string_to_array(q.tags, ' ')"
                + "     and (e.tx_id, e.position) > ($16, $17)"
                + "     and (not (q.n = any($20)) or e.event_type in"
                + "      (select t.type from unnest($20, $21) as t(i, type) where t.i = q.n)))) then"
                + "   return;"
                + "  end if;"
                + " end if;"
                + " return query " + insert + ";"
                + " end $body$";
    }

    /** Binds the locks ($1, $2) from index {@code first} on; returns the next free index. */
    static int bindLocks(Connection connection, PreparedStatement statement, int first, boolean wholeLog,
                         Long[] keys) throws SQLException {
        statement.setBoolean(first, wholeLog);
        statement.setArray(first + 1, connection.createArrayOf("int8", keys));
        return first + 2;
    }

    /** Binds the condition ($15 to $22; null: none) from index {@code first} on; returns the next free index. */
    static int bindCondition(Connection connection, PreparedStatement statement, int first, AppendCondition condition)
            throws SQLException {
        EventQuery query = condition == null ? EventQuery.all() : condition.failIfEventsMatch();
        LogPosition after = condition == null ? LogPosition.START : condition.after();
        List<String> itemTags = new ArrayList<>();
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
        statement.setArray(first + 4, connection.createArrayOf("text", itemTags.toArray()));
        statement.setArray(first + 5, connection.createArrayOf("int8", typeItems.toArray()));
        statement.setArray(first + 6, connection.createArrayOf("text", itemTypes.toArray()));
        statement.setArray(first + 7, connection.createArrayOf("text", scanTypes.toArray()));
        return first + 8;
    }
}
