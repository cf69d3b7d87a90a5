package org.eventsourcing4j.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventsourcing4j.sqlite.*}: the SQLite store on the application's {@code DataSource}.
 * The connections' own pragmas (WAL, {@code busy_timeout}, {@code synchronous}) come from the
 * {@code DataSource}; see docs/spring-boot.md.
 *
 * @param busyTimeout    how long an append waits for SQLite's one writer (this process's
 *                       other writers, then other processes') before it fails, retryably
 *                       (default 5s)
 * @param ownConnections whether the store opens connections of its own to the
 *                       {@code DataSource}'s database file (default true): one writer whose
 *                       statements stay prepared and a few readers, with the store's pragmas
 *                       (WAL, {@code synchronous=FULL}). Appends in a Spring transaction still
 *                       run on the transaction's connection. False: the store takes one
 *                       connection of the {@code DataSource} per operation (an in-memory
 *                       database always does), and prepares its statements on each
 */
public record SqliteStoreProperties(@DefaultValue("5s") Duration busyTimeout,
                                    @DefaultValue("true") boolean ownConnections) {

    public SqliteStoreProperties {
        PropertyChecks.positive(busyTimeout, "eventsourcing4j.sqlite.busy-timeout");
    }

    static SqliteStoreProperties defaults() {
        return new SqliteStoreProperties(Duration.ofSeconds(5), true);
    }
}
