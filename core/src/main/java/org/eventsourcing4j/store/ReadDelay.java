package org.eventsourcing4j.store;

import java.time.Duration;

/**
 * Why readers of the global log cannot see past some point right now, and for how long
 * that has been so (on PostgreSQL: the oldest open transaction holding the visibility
 * horizon back, and its age).
 *
 * @param reason what holds readers back, for people (e.g. the blocking backend's pid, age,
 *               state, application and statement)
 * @param age    how long it has held them back
 */
public record ReadDelay(String reason, Duration age) {
    public ReadDelay {
        if (reason == null || reason.isBlank()) {
            throw new InvalidArgumentException("reason", "must not be blank");
        }
        if (age == null || age.isNegative()) {
            throw new InvalidArgumentException("age", "must be zero or positive, got " + age);
        }
    }
}
