package org.eventsourcing4j.spring.boot;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether global-log readers are held back, and by whom: on PostgreSQL, readers see only
 * events of transactions older than the oldest one still open, so one long transaction
 * delays every projection (it never makes one skip). The health contributor reports it.
 */
@FunctionalInterface
public interface ReadHorizon {

    /** The transaction holding readers back, or empty when nothing is held back. */
    Optional<HeldBack> heldBack();

    /**
     * @param pid             the backend process of the transaction ({@code pg_terminate_backend(pid)}
     *                        ends it); 0 when it has ended meanwhile or belongs to no backend
     * @param age             how long it has been open
     * @param applicationName its client's {@code application_name}
     * @param state           e.g. {@code idle in transaction}
     * @param description     one line with all of it, for logs
     */
    record HeldBack(int pid, Duration age, String applicationName, String state, String description) {
    }
}
