package org.eventsourcing4j.postgres;

import java.util.regex.Pattern;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * Where the store keeps its tables: a schema and a prefix for table names, e.g. schema
 * {@code "public"} and prefix {@code "es_"} give {@code public.es_events}.
 *
 * <p>Both are checked against a strict pattern — lower-case ASCII letters, digits and
 * underscores, starting with a letter or underscore — so configuration can never inject
 * SQL; they are double-quoted in every statement as well. The schema has at most 40
 * characters and must not start with {@code pg_}; the prefix at most 16 (it may be empty).
 * Together they name the notification channel, which PostgreSQL limits to 63 bytes.
 */
public record PostgresSchema(String schema, String tablePrefix) {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
    private static final Pattern PREFIX = Pattern.compile("([a-z_][a-z0-9_]{0,15})?");

    /** Schema {@code public}, prefix {@code es_}. */
    public static final PostgresSchema DEFAULT = new PostgresSchema("public", "es_");

    public PostgresSchema {
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new InvalidArgumentException("schema",
                    "must match " + SCHEMA.pattern() + " (lower-case letters, digits, underscores), got '" + schema + "'");
        }
        if (schema.startsWith("pg_")) {
            throw new InvalidArgumentException("schema", "names starting with pg_ are reserved by PostgreSQL");
        }
        if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches()) {
            throw new InvalidArgumentException("table prefix",
                    "must be empty or match [a-z_][a-z0-9_]{0,15}, got '" + tablePrefix + "'");
        }
    }

    public static PostgresSchema of(String schema, String tablePrefix) {
        return new PostgresSchema(schema, tablePrefix);
    }

    /** The quoted, schema-qualified name of the store's table {@code name}, e.g. {@code "public"."es_events"}. */
    public String qualified(String name) {
        return '"' + schema + "\".\"" + tablePrefix + name + '"';
    }

    /** The unquoted name of a table, index or constraint of the store ({@code prefix + name}). */
    public String local(String name) {
        return tablePrefix + name;
    }

    /** The LISTEN/NOTIFY channel on which appends are announced. */
    public String channel() {
        return schema + "." + tablePrefix + "events";
    }
}
