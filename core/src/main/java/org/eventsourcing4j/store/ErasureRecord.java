package org.eventsourcing4j.store;

import java.time.Instant;

/**
 * The audit record of a hard delete: who, when, why, and how many events — never their content.
 *
 * @param erasedAt     from the store's clock
 * @param eventsErased events removed from the live tables and the archive
 * @param lastVersion  the version the stream had reached; its erasure marker is at {@code lastVersion + 1}
 */
public record ErasureRecord(StreamId stream, String requestedBy, String reason, Instant erasedAt,
                            long eventsErased, long lastVersion) {
}
