package org.eventsourcing4j.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import org.eventsourcing4j.internal.json.JsonPayload;
import org.eventsourcing4j.support.Text;

/**
 * One event to append: its id, stored type name, schema revision, JSON payload and
 * metadata. Validated on construction; immutable (the payload is copied in and out).
 *
 * <p>The payload must be one strict RFC 8259 JSON object in UTF-8 (no byte order mark) of
 * at most {@link Limits#MAX_EVENT_DATA_BYTES}, without duplicate keys and without NUL or
 * lone surrogates in any key or string, nested at most {@link Limits#MAX_EVENT_DATA_DEPTH}
 * levels deep, with numbers of at most {@link Limits#MAX_EVENT_DATA_NUMBER_DIGITS} digits
 * and keys of at most {@link Limits#MAX_EVENT_DATA_KEY_BYTES}.
 *
 * <p>{@link #of(String, String)} gives the event a time-ordered id ({@link EventIds#timeOrdered()},
 * an RFC 9562 version-7 UUID that begins with the time it was made): both SQL stores keep a
 * unique index on the event id, and random ids put each new entry at a random place in it,
 * so that a batch touches as many index pages as it has events, while time-ordered ids are
 * added next to each other at its end. Measured with batches of 10 events (docs/benchmarks-sqlite.md
 * and docs/benchmarks-postgres.md, "Event ids: random vs time-ordered"): on SQLite 1.6 to 2.0
 * times the events per second; on PostgreSQL 0.16 instead of 0.22 ms of server time per INSERT,
 * a tenth of the index pages dirtied, and with a million events in the table 0.73 instead of 0.64
 * of raw JDBC's rate; single-event appends were about the same either way (within the noise).
 * The id reveals when the event was made, to the millisecond, as its recorded time does anyway;
 * pass an id of your own ({@link #of(UUID, String, String)}, e.g. {@link EventIds#random()}) where
 * that matters.
 *
 * @param eventId  unique across the store; appending it again is an idempotent retry
 * @param type     stable stored type name, e.g. {@code "MoneyDeposited"}
 * @param revision schema revision of the payload, at least 1
 * @param tags     what the event is about, for {@link org.eventsourcing4j.store.dcb dynamic consistency
 *                 boundaries}, e.g. {@code account:42}; validated by {@link Tags#of}; empty by default
 */
public record EventData(UUID eventId, String type, int revision, byte[] data, Metadata metadata, Set<String> tags) {

    public EventData {
        if (eventId == null) {
            throw new InvalidArgumentException("event id", "must not be null");
        }
        Text.identifier(type, "event type", Limits.MAX_EVENT_TYPE_LENGTH);
        if (revision < 1) {
            throw new InvalidArgumentException("revision", "must be at least 1, got " + revision);
        }
        if (data != null) {
            data = data.clone(); // copy before validating, so the caller cannot change it after
        }
        JsonPayload.validate(data, "event data");
        if (metadata == null) {
            throw new InvalidArgumentException("metadata", "must not be null (use Metadata.empty())");
        }
        tags = Tags.of(tags);
    }

    /** An event without tags. */
    public EventData(UUID eventId, String type, int revision, byte[] data, Metadata metadata) {
        this(eventId, type, revision, data, metadata, Set.of());
    }

    /** A revision-1 event with a time-ordered id ({@link EventIds#timeOrdered()}) and no metadata. */
    public static EventData of(String type, String json) {
        return of(EventIds.timeOrdered(), type, json);
    }

    public static EventData of(UUID eventId, String type, String json) {
        if (json == null) {
            throw new InvalidArgumentException("event data", "must not be null");
        }
        return new EventData(eventId, type, 1, json.getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);
    }

    /** A copy of the payload. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    public int dataLength() {
        return data.length;
    }

    public EventData withMetadata(Metadata newMetadata) {
        return new EventData(eventId, type, revision, data, newMetadata, tags);
    }

    public EventData withRevision(int newRevision) {
        return new EventData(eventId, type, newRevision, data, metadata, tags);
    }

    /** This event with {@code newTags} instead of its tags. */
    public EventData withTags(String... newTags) {
        if (newTags == null) {
            throw new InvalidArgumentException("tags", "must not be null");
        }
        return new EventData(eventId, type, revision, data, metadata, Tags.of(Arrays.asList(newTags)));
    }

    /** Whether {@code other} has the same type, revision, payload bytes and metadata. */
    public boolean sameContentAs(String otherType, int otherRevision, byte[] otherData, Metadata otherMetadata) {
        return type.equals(otherType) && revision == otherRevision
                && Arrays.equals(data, otherData) && metadata.equals(otherMetadata);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventData other && eventId.equals(other.eventId)
                && sameContentAs(other.type, other.revision, other.data, other.metadata) && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return eventId.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EventData[" + type + " r" + revision + " " + eventId + ", " + data.length + " bytes]";
    }
}
