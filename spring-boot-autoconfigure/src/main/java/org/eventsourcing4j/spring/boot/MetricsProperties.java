package org.eventsourcing4j.spring.boot;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventsourcing4j.metrics.*}: the store's and the projections' meters in the
 * application's {@code MeterRegistry} (so {@code /actuator/prometheus} shows them).
 *
 * @param enabled   meter the store and bind every projection's meters (default true, when
 *                  there is a {@code MeterRegistry})
 * @param storeName when set, every store meter carries the tag {@code store=<name>}
 */
public record MetricsProperties(@DefaultValue("true") boolean enabled, String storeName) {

    public MetricsProperties {
        if (storeName != null && storeName.isBlank()) {
            throw new IllegalArgumentException("eventsourcing4j.metrics.store-name must not be blank when set");
        }
    }

    static MetricsProperties defaults() {
        return new MetricsProperties(true, null);
    }
}
