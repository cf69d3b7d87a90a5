package org.eventsourcing4j.cli.internal.ops;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock an import hands the store it writes to: it reads the recorded-at time of the
 * batch being written, so imported events keep the times they were first recorded at (stores
 * take recorded-at times from their clock, never from the caller). Set by the importing
 * thread right before each append, which reads it on the same thread.
 */
public final class ImportClock extends Clock {
    private volatile Instant now = Instant.now();

    public void set(Instant instant) {
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
        throw new UnsupportedOperationException("the import clock is always UTC");
    }
}
