package org.eventsourcing4j.projection;

/**
 * The right to run a projection: with several application instances, exactly one holds it
 * at a time (on PostgreSQL an advisory lock on a dedicated connection). Losing it — the
 * connection died, another instance took over — is noticed by {@link #isHeld()}; the
 * checkpoint's compare-and-set fences off anything the old holder still tries to commit.
 */
public interface ProjectionLease extends AutoCloseable {

    /** Takes the lease if it is free; does not wait. */
    boolean tryAcquire();

    /** Whether this instance still holds the lease. */
    boolean isHeld();

    /** Gives the lease up (if held). */
    @Override
    void close();

    /** A lease for a single instance: always held. */
    static ProjectionLease alwaysHeld() {
        return new ProjectionLease() {
            @Override
            public boolean tryAcquire() {
                return true;
            }

            @Override
            public boolean isHeld() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
