package org.eventsourcing4j.postgres;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.eventsourcing4j.support.Checks;

/** Options of a {@link PostgresEventStore}; from {@link PostgresEventStore#builder(DataSource)}. */
public final class PostgresEventStoreBuilder {
    final DataSource dataSource;
    PostgresSchema schema = PostgresSchema.DEFAULT;
    Clock clock = Clock.systemUTC();
    boolean createSchema = true;
    int streamPageSize = 1000;
    boolean notify = true;
    Duration notifyInterval = Duration.ofMillis(10);
    Duration horizonWait = Duration.ofMillis(200);
    int connectionRetries = 3;
    int knownStreams = 10_000;

    PostgresEventStoreBuilder(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Where the tables live; default {@link PostgresSchema#DEFAULT}. */
    public PostgresEventStoreBuilder schema(PostgresSchema schema) {
        this.schema = Checks.notNull(schema, "schema");
        return this;
    }

    /** Where recorded-at timestamps come from (truncated to microseconds); default the UTC system clock. */
    public PostgresEventStoreBuilder clock(Clock clock) {
        this.clock = Checks.notNull(clock, "clock");
        return this;
    }

    /**
     * Whether to create and upgrade the tables on start (default true). When false the
     * store only checks that the schema is at the version it needs, for databases whose
     * schema is managed by a DBA.
     */
    public PostgresEventStoreBuilder createSchema(boolean createSchema) {
        this.createSchema = createSchema;
        return this;
    }

    /**
     * Events per page when reading a stream (default 1000): bounds the memory of a read.
     * Each page is one query; between pages a read holds no connection.
     */
    public PostgresEventStoreBuilder streamPageSize(int events) {
        if (events < 1 || events > 100_000) {
            throw new InvalidArgumentException("stream page size", "must be between 1 and 100000, got " + events);
        }
        this.streamPageSize = events;
        return this;
    }

    /**
     * Whether to announce appends to other processes with NOTIFY (default true), and at
     * most how often (default every 10 ms: bursts of appends share one notification).
     */
    public PostgresEventStoreBuilder notifications(boolean enabled, Duration minInterval) {
        Checks.notNull(minInterval, "notification interval");
        if (minInterval.isNegative()) {
            throw new InvalidArgumentException("notification interval", "must not be negative");
        }
        this.notify = enabled;
        this.notifyInterval = minInterval;
        return this;
    }

    /**
     * How long a global-log read that found committed events it may not return yet (still
     * above the transaction-id horizon) waits for the horizon to pass them before it
     * returns what it may (default 200 ms). Usually the transactions holding the horizon
     * end within milliseconds, so readers see what was just appended; only a long
     * transaction makes a read wait this long. Zero turns the wait off. Never affects
     * safety: nothing above the horizon is ever returned.
     */
    public PostgresEventStoreBuilder horizonWait(Duration wait) {
        Checks.notNull(wait, "horizon wait");
        if (wait.isNegative()) {
            throw new InvalidArgumentException("horizon wait", "must not be negative");
        }
        this.horizonWait = wait;
        return this;
    }

    /**
     * How often an operation runs again on a fresh connection when the one it got from the
     * data source turns out to be dead (default 3). Pools hand out connections that died
     * while idle, after a database restart or failover; these retries clear them. Appends
     * are safe to run again because they are idempotent by event id. Zero turns it off:
     * every lost connection then surfaces as a {@link StoreUnavailableException}.
     */
    public PostgresEventStoreBuilder connectionRetries(int retries) {
        if (retries < 0) {
            throw new InvalidArgumentException("connection retries", "must not be negative, got " + retries);
        }
        this.connectionRetries = retries;
        return this;
    }

    /**
     * For how many streams the store remembers the highest version it has seen committed
     * (default 10,000). An append {@code exactly(v)} whose version v is known to exist — as
     * after loading an aggregate, or after this store's previous append to the stream — is
     * then a plain INSERT at v + 1 without an existence check of v; the unique
     * (stream_id, version) index still refuses it when v is stale. Events are never
     * deleted, so what is remembered stays true whichever process appends — unless the
     * database is restored to an earlier state under a running store: restart the
     * application after such a restore. Zero turns it off: every {@code exactly(v)} append
     * then checks v in the statement.
     */
    public PostgresEventStoreBuilder knownStreams(int streams) {
        if (streams < 0 || streams > 10_000_000) {
            throw new InvalidArgumentException("known streams", "must be between 0 and 10000000, got " + streams);
        }
        this.knownStreams = streams;
        return this;
    }

    /** Creates the store; creates or checks its schema first. */
    public PostgresEventStore build() {
        return new PostgresEventStore(this);
    }
}
