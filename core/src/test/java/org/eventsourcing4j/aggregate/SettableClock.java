package org.eventsourcing4j.aggregate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test sets by hand (core's tests cannot use the testkit's MutableClock). */
final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant start) {
        now = start;
    }

    void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
