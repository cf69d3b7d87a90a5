package org.eventsourcing4j.spring.boot;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventsourcing4j.postgres.*}: the PostgreSQL store's tables and behaviour (see
 * {@code PostgresOptions} for what each does).
 *
 * @param schema          where the store's tables live; unset: the connection's current schema
 *                        ({@code currentSchema} in the JDBC URL, else {@code public})
 * @param tablePrefix     start of every table name of the store (default {@code es_})
 * @param createSchema    create and upgrade the tables on start (default true); false only checks
 *                        that they are at the version the store needs (a schema a DBA manages)
 * @param knownStreams    for how many streams the store remembers the last committed version (default 10000)
 * @param streamPageSize  events per query when reading a stream (default 1000)
 * @param notifications   announce appends to other processes with NOTIFY (default true)
 * @param horizonWait     how long a global-log read waits for a transaction holding the horizon (default 200ms)
 * @param groupCommit     write one-event appends to different streams that arrive while another append
 *                        commits together, in one statement (default false; see {@code PostgresOptions#withGroupCommit})
 */
public record PostgresStoreProperties(
        String schema,
        @DefaultValue("es_") String tablePrefix,
        @DefaultValue("true") boolean createSchema,
        @DefaultValue("10000") int knownStreams,
        @DefaultValue("1000") int streamPageSize,
        @DefaultValue("true") boolean notifications,
        @DefaultValue("200ms") Duration horizonWait,
        @DefaultValue("false") boolean groupCommit) {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,15}");

    public PostgresStoreProperties {
        if (schema != null && (!SCHEMA.matcher(schema).matches() || schema.startsWith("pg_"))) {
            throw new IllegalArgumentException("eventsourcing4j.postgres.schema must be a lower-case SQL identifier"
                    + " (letters, digits, _; at most 63 characters; not pg_...), got '" + schema + "'");
        }
        PropertyChecks.notNull(tablePrefix, "eventsourcing4j.postgres.table-prefix");
        if (!tablePrefix.isEmpty() && !PREFIX.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException("eventsourcing4j.postgres.table-prefix must be empty or a lower-case"
                    + " SQL identifier of at most 16 characters (letters, digits, _), got '" + tablePrefix + "'");
        }
        PropertyChecks.between(knownStreams, 0, 10_000_000, "eventsourcing4j.postgres.known-streams");
        PropertyChecks.between(streamPageSize, 1, 10_000, "eventsourcing4j.postgres.stream-page-size");
        PropertyChecks.notNegative(horizonWait, "eventsourcing4j.postgres.horizon-wait");
    }

    static PostgresStoreProperties defaults() {
        return new PostgresStoreProperties(null, "es_", true, 10_000, 1000, true, Duration.ofMillis(200), false);
    }
}
