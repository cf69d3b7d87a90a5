package org.eventsourcing4j.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eventsourcing4j.support.Checks;

/**
 * Leases shared by the runners of one process: at most one lease per projection name is
 * held at a time. For one instance with several runners, and for tests; across processes
 * use the PostgreSQL lease.
 */
public final class InMemoryLeases {
    private final Map<String, ProjectionLease> holders = new ConcurrentHashMap<>();

    /** A lease on {@code projection}, competing with every other lease from this registry. */
    public ProjectionLease lease(String projection) {
        Checks.notNull(projection, "projection");
        return new ProjectionLease() {
            @Override
            public boolean tryAcquire() {
                ProjectionLease holder = holders.putIfAbsent(projection, this);
                return holder == null || holder == this;
            }

            @Override
            public boolean isHeld() {
                return holders.get(projection) == this;
            }

            @Override
            public void close() {
                holders.remove(projection, this);
            }
        };
    }

    /** Takes the lease away from whoever holds it, as a lost database session would. */
    public void revoke(String projection) {
        holders.remove(projection);
    }
}
