package org.eventsourcing4j.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventsourcing4j.sqlite.*}: the SQLite store on the application's {@code DataSource}.
 * The connections' own pragmas (WAL, {@code busy_timeout}, {@code synchronous}) come from the
 * {@code DataSource}; see docs/spring-boot.md.
 *
 * @param busyTimeout how long an append waits for SQLite's one writer (this process's
 *                    other writers, then other processes') before it fails, retryably
 *                    (default 5s)
 */
public record SqliteStoreProperties(@DefaultValue("5s") Duration busyTimeout) {

    public SqliteStoreProperties {
        PropertyChecks.positive(busyTimeout, "eventsourcing4j.sqlite.busy-timeout");
    }

    static SqliteStoreProperties defaults() {
        return new SqliteStoreProperties(Duration.ofSeconds(5));
    }
}
