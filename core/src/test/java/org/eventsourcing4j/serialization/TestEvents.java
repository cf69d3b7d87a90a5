package org.eventsourcing4j.serialization;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/** Small event records and helpers for the serialization tests. */
final class TestEvents {
    record ItemAdded(String sku, int quantity, BigDecimal price) {
    }

    record ItemRemoved(String sku) {
    }

    record DeliveryBooked(LocalDate day, Instant bookedAt) {
    }

    record Priced(BigDecimal price) {
        /** Not a component: must not be written. */
        public boolean isFree() {
            return price.signum() == 0;
        }
    }

    static final StreamId STREAM = StreamId.of("cart-7");

    private TestEvents() {
    }

    /** What a store would hand back for this raw JSON at {@code version}. */
    static RecordedEvent stored(long version, String type, int revision, String json) {
        return new RecordedEvent(UUID.randomUUID(), type, STREAM, version, LogPosition.of(version),
                Instant.parse("2026-01-01T00:00:00Z"), revision, json.getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);
    }
}
