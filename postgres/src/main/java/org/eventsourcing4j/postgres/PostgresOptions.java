package org.eventsourcing4j.postgres;

import java.time.Clock;
import java.time.Duration;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StoreUnavailableException;

/**
 * How a {@link PostgresEventStore} works; immutable, change a copy with the {@code with…}
 * methods. {@link #DEFAULTS} suit most applications.
 *
 * @param schema            where the tables live; default {@link PostgresSchema#DEFAULT}
 * @param clock             where recorded-at timestamps come from (truncated to microseconds);
 *                          default the UTC system clock
 * @param createSchema      whether to create and upgrade the tables on start (default true).
 *                          When false the store only checks that the schema is at the version
 *                          it needs, for databases whose schema is managed by a DBA
 * @param streamPageSize    events per fetch when reading a stream (default 1000): bounds the
 *                          memory of a read. A stream of up to this many events is one
 *                          auto-commit query; the rest of a longer one is one more query
 *                          whose rows arrive this many at a time, on a connection the read
 *                          holds until it reaches the end or its stream is closed
 * @param notifications     whether to announce appends to other processes with NOTIFY
 *                          (default true)
 * @param notifyInterval    at most how often to NOTIFY (default every 10 ms: bursts of
 *                          appends share one notification)
 * @param horizonWait       how long a global-log read that found committed events it may not
 *                          return yet (still above the transaction-id horizon) waits for the
 *                          horizon to pass them before it returns what it may (default 200 ms).
 *                          Usually the transactions holding the horizon end within
 *                          milliseconds, so readers see what was just appended; only a long
 *                          transaction makes a read wait this long. Zero turns the wait off.
 *                          Never affects safety: nothing above the horizon is ever returned
 * @param connectionRetries how often an operation runs again on a fresh connection when the one
 *                          it got from the data source turns out to be dead (default 3). Pools
 *                          hand out connections that died while idle, after a database restart
 *                          or failover; these retries clear them. Appends are safe to run again
 *                          because they are idempotent by event id. Zero turns it off: every
 *                          lost connection then surfaces as a {@link StoreUnavailableException}
 * @param knownStreams      for how many streams the store remembers the highest version it has
 *                          seen committed (default 10,000). An append {@code exactly(v)} whose
 *                          version v is known to exist — as after loading an aggregate, or after
 *                          this store's previous append to the stream — is then a plain INSERT
 *                          at v + 1 without an existence check of v; the unique (stream_id,
 *                          version) index still refuses it when v is stale. Events are never
 *                          deleted, so what is remembered stays true whichever process appends —
 *                          unless the database is restored to an earlier state under a running
 *                          store: restart the application after such a restore. Zero turns it
 *                          off: every {@code exactly(v)} append then checks v in the statement
 * @param groupCommit       whether one-event appends to different streams that arrive while
 *                          another append of this store object is committing are written
 *                          together, in one auto-commit statement (default false). A lone
 *                          writer's append goes straight through as without it; each caller still
 *                          gets its own result, and an append the group statement did not write
 *                          (a conflict, a stored event id, a value PostgreSQL refuses) runs again
 *                          alone and gets its own answer, without failing the others'. Batches of
 *                          more events and appends with inline projections are never grouped.
 *                          Measured slower than without it on a loaded machine: see
 *                          docs/benchmarks-postgres.md
 */
public record PostgresOptions(PostgresSchema schema, Clock clock, boolean createSchema, int streamPageSize,
                              boolean notifications, Duration notifyInterval, Duration horizonWait,
                              int connectionRetries, int knownStreams, boolean groupCommit) {

    public static final PostgresOptions DEFAULTS = new PostgresOptions(PostgresSchema.DEFAULT, Clock.systemUTC(),
            true, 1000, true, Duration.ofMillis(10), Duration.ofMillis(200), 3, 10_000, false);

    public PostgresOptions {
        if (schema == null) {
            throw new InvalidArgumentException("schema", "must not be null");
        }
        if (clock == null) {
            throw new InvalidArgumentException("clock", "must not be null");
        }
        if (streamPageSize < 1 || streamPageSize > 100_000) {
            throw new InvalidArgumentException("stream page size", "must be between 1 and 100000, got " + streamPageSize);
        }
        nonNegative(notifyInterval, "notification interval");
        nonNegative(horizonWait, "horizon wait");
        if (connectionRetries < 0) {
            throw new InvalidArgumentException("connection retries", "must not be negative, got " + connectionRetries);
        }
        if (knownStreams < 0 || knownStreams > 10_000_000) {
            throw new InvalidArgumentException("known streams", "must be between 0 and 10000000, got " + knownStreams);
        }
    }

    /** The options without {@code groupCommit} (off), as before it was added. */
    public PostgresOptions(PostgresSchema schema, Clock clock, boolean createSchema, int streamPageSize,
                           boolean notifications, Duration notifyInterval, Duration horizonWait,
                           int connectionRetries, int knownStreams) {
        this(schema, clock, createSchema, streamPageSize, notifications, notifyInterval, horizonWait,
                connectionRetries, knownStreams, false);
    }

    private static void nonNegative(Duration value, String name) {
        if (value == null) {
            throw new InvalidArgumentException(name, "must not be null");
        }
        if (value.isNegative()) {
            throw new InvalidArgumentException(name, "must not be negative, got " + value);
        }
    }

    public PostgresOptions withSchema(PostgresSchema newSchema) {
        return new PostgresOptions(newSchema, clock, createSchema, streamPageSize, notifications, notifyInterval,
                horizonWait, connectionRetries, knownStreams, groupCommit);
    }

    public PostgresOptions withClock(Clock newClock) {
        return new PostgresOptions(schema, newClock, createSchema, streamPageSize, notifications, notifyInterval,
                horizonWait, connectionRetries, knownStreams, groupCommit);
    }

    public PostgresOptions withCreateSchema(boolean create) {
        return new PostgresOptions(schema, clock, create, streamPageSize, notifications, notifyInterval,
                horizonWait, connectionRetries, knownStreams, groupCommit);
    }

    public PostgresOptions withStreamPageSize(int events) {
        return new PostgresOptions(schema, clock, createSchema, events, notifications, notifyInterval,
                horizonWait, connectionRetries, knownStreams, groupCommit);
    }

    public PostgresOptions withNotifications(boolean enabled, Duration minInterval) {
        return new PostgresOptions(schema, clock, createSchema, streamPageSize, enabled, minInterval,
                horizonWait, connectionRetries, knownStreams, groupCommit);
    }

    public PostgresOptions withHorizonWait(Duration wait) {
        return new PostgresOptions(schema, clock, createSchema, streamPageSize, notifications, notifyInterval,
                wait, connectionRetries, knownStreams, groupCommit);
    }

    public PostgresOptions withConnectionRetries(int retries) {
        return new PostgresOptions(schema, clock, createSchema, streamPageSize, notifications, notifyInterval,
                horizonWait, retries, knownStreams, groupCommit);
    }

    public PostgresOptions withKnownStreams(int streams) {
        return new PostgresOptions(schema, clock, createSchema, streamPageSize, notifications, notifyInterval,
                horizonWait, connectionRetries, streams, groupCommit);
    }

    public PostgresOptions withGroupCommit(boolean enabled) {
        return new PostgresOptions(schema, clock, createSchema, streamPageSize, notifications, notifyInterval,
                horizonWait, connectionRetries, knownStreams, enabled);
    }
}
