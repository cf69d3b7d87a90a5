package org.eventsourcing4j.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * A stored event: the envelope the store assigned (stream, version, global position,
 * recorded-at timestamp) around what was appended. Immutable to its readers: the payload
 * is copied out. Stores construct it and hand it a payload array that nobody else holds
 * (the constructor takes the array over instead of copying it again).
 *
 * @param version     1-based position in its stream, assigned by the store
 * @param logPosition position in the global log; {@link #position()} is its plain number
 * @param recordedAt  when the store recorded it, from the store's clock, microsecond precision
 * @param tags        the tags it was appended with (empty on stores without tags)
 */
public record RecordedEvent(
        UUID eventId,
        String type,
        StreamId streamId,
        long version,
        LogPosition logPosition,
        Instant recordedAt,
        int revision,
        byte[] data,
        Metadata metadata,
        Set<String> tags) {

    /** An event without tags. */
    public RecordedEvent(UUID eventId, String type, StreamId streamId, long version, LogPosition logPosition,
                         Instant recordedAt, int revision, byte[] data, Metadata metadata) {
        this(eventId, type, streamId, version, logPosition, recordedAt, revision, data, metadata, Set.of());
    }

    public RecordedEvent {
        if (eventId == null || type == null || streamId == null || logPosition == null
                || recordedAt == null || data == null || metadata == null) {
            throw new InvalidArgumentException("recorded event", "fields must not be null");
        }
        if (version < 1) {
            throw new InvalidArgumentException("version", "must be at least 1, got " + version);
        }
        tags = Tags.of(tags);
    }

    /** The plain numeric global position. */
    public long position() {
        return logPosition.position();
    }

    /** A copy of the JSON payload. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Whether this stored event has the content of {@code event} (id, type, revision, payload, metadata). */
    public boolean hasContentOf(EventData event) {
        return eventId.equals(event.eventId())
                && event.sameContentAs(type, revision, data, metadata) && tags.equals(event.tags());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedEvent other
                && eventId.equals(other.eventId) && type.equals(other.type)
                && streamId.equals(other.streamId) && version == other.version
                && logPosition.equals(other.logPosition) && recordedAt.equals(other.recordedAt)
                && revision == other.revision && Arrays.equals(data, other.data)
                && metadata.equals(other.metadata) && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return eventId.hashCode();
    }

    @Override
    public String toString() {
        return "RecordedEvent[" + streamId + "@" + version + " #" + logPosition + " " + type
                + " r" + revision + " " + eventId + "]";
    }
}
