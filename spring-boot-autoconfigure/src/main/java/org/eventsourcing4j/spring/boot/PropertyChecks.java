package org.eventsourcing4j.spring.boot;

import java.time.Duration;

/** The checks of the {@code eventsourcing4j.*} properties; each message starts with the property's name. */
final class PropertyChecks {
    private PropertyChecks() {
    }

    static <T> T notNull(T value, String property) {
        if (value == null) {
            throw new IllegalArgumentException(property + " must be set");
        }
        return value;
    }

    static int between(int value, int min, int max, String property) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    static Duration positive(Duration value, String property) {
        notNull(value, property);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, got " + value);
        }
        return value;
    }

    static Duration notNegative(Duration value, String property) {
        notNull(value, property);
        if (value.isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative, got " + value);
        }
        return value;
    }

    /** {@code max} is at least {@code min}, both not negative. */
    static void ordered(Duration min, Duration max, String minProperty, String maxProperty) {
        notNegative(min, minProperty);
        notNegative(max, maxProperty);
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException(maxProperty + " must be at least " + minProperty + " (" + min
                    + "), got " + max);
        }
    }
}
