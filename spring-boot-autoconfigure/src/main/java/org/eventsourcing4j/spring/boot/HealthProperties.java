package org.eventsourcing4j.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventsourcing4j.health.*}: when the {@code eventsourcing4j} health contributor
 * reports {@code DOWN} besides an unreachable store or a failed projection.
 *
 * @param horizonMaxAge on PostgreSQL, a global log held back by a transaction open longer
 *                      than this is {@code DOWN}, naming the transaction's backend pid, age and
 *                      application (default 1m); a shorter hold is reported in the details only
 * @param maxLag        a projection whose oldest unprocessed event is older than this is
 *                      {@code DOWN} (default 0s: lag never makes it down, it is only reported)
 */
public record HealthProperties(@DefaultValue("1m") Duration horizonMaxAge, @DefaultValue("0s") Duration maxLag) {

    public HealthProperties {
        PropertyChecks.positive(horizonMaxAge, "eventsourcing4j.health.horizon-max-age");
        PropertyChecks.notNegative(maxLag, "eventsourcing4j.health.max-lag");
    }

    static HealthProperties defaults() {
        return new HealthProperties(Duration.ofMinutes(1), Duration.ZERO);
    }
}
