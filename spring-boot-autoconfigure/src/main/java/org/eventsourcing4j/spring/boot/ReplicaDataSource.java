package org.eventsourcing4j.spring.boot;

import java.time.Duration;
import javax.sql.DataSource;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * A streaming replica of the application's PostgreSQL database, to read events from:
 * declare one as a bean and the starter opens the PostgreSQL store with it — stream reads
 * (and the repositories' loads) go to the replica, writes, projections and health stay on
 * the primary, and read-your-writes waits for the replica to replay the commit (see
 * {@code docs/replicas.md}). While the replica cannot be reached, reads go to the primary and
 * the replica is tried again after {@code retryAfter}. Not a {@code DataSource} itself, so
 * the application's one {@code DataSource} stays the primary. Closing it closes the replica's
 * {@code DataSource} when that can be closed (a pool).
 *
 * @param retryAfter how long reads stay on the primary after the replica failed
 */
public record ReplicaDataSource(DataSource dataSource, Duration retryAfter) implements AutoCloseable {
    public ReplicaDataSource {
        if (dataSource == null) {
            throw new InvalidArgumentException("replica data source", "must not be null");
        }
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            throw new InvalidArgumentException("retry after", "must be positive, got " + retryAfter);
        }
    }

    @Override
    public void close() throws Exception {
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
