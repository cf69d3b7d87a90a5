package org.eventsourcing4j.support;

import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;

/** Argument checks shared by the stores' read methods, so every store rejects alike. */
public final class Checks {
    private Checks() {
    }

    public static <T> T notNull(T value, String argument) {
        if (value == null) {
            throw new InvalidArgumentException(argument, "must not be null");
        }
        return value;
    }

    public static int pageSize(int limit) {
        if (limit < 1 || limit > Limits.MAX_PAGE_SIZE) {
            throw new InvalidArgumentException("limit",
                    "must be between 1 and " + Limits.MAX_PAGE_SIZE + ", got " + limit);
        }
        return limit;
    }
}
