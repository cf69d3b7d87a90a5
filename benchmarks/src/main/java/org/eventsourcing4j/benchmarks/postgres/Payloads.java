package org.eventsourcing4j.benchmarks.postgres;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both sides write: a payload of a typical size (about 120 bytes of JSON) and a
 * correlation id. Ids come from a counter, not {@code UUID.randomUUID()}, so that neither
 * side measures SecureRandom.
 */
final class Payloads {
    static final String TYPE = "MoneyDeposited";
    private static final AtomicLong IDS = new AtomicLong();
    private static final long RUN = System.nanoTime();

    private Payloads() {
    }

    static UUID nextId() {
        return new UUID(RUN, IDS.incrementAndGet());
    }

    static String json(long n) {
        return "{\"amount\":" + (1000 + n % 9000) + ",\"currency\":\"EUR\",\"reference\":\"invoice-" + n
                + "\",\"note\":\"a payload of a typical size for a domain event\"}";
    }

    static String correlationId(String stream) {
        return "corr-" + stream;
    }

    /** The metadata column as the store writes it for a correlation id alone. */
    static String metadataJson(String stream) {
        return "{\"correlationId\":\"" + correlationId(stream) + "\"}";
    }
}
