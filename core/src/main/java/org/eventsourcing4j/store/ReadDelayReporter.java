package org.eventsourcing4j.store;

import java.util.Optional;

/**
 * A store whose global-log readers can be held back, and that can say why. On PostgreSQL
 * an open transaction older than the newest events holds the visibility horizon back; the
 * store names its backend and age instead of skipping past it.
 */
public interface ReadDelayReporter {

    /** Why readers of the global log cannot see past some point right now; empty when nothing holds them back. */
    Optional<String> readDelay();
}
