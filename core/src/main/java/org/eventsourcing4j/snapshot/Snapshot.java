package org.eventsourcing4j.snapshot;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.support.Text;

/**
 * One stored snapshot: the state of the aggregate in {@code stream} right after its event at
 * {@code version}, as JSON of a snapshot type at a schema revision. Stores handle it as
 * names and bytes; {@link SnapshotType} and the repository own the format.
 *
 * @param type          stable name of the snapshot's state type, e.g. {@code "AccountSnapshot"}
 * @param revision      schema revision of that type, at least 1
 * @param data          the state as UTF-8 JSON text (no NUL), at most {@link #MAX_DATA_BYTES};
 *                      it is not parsed here, so a store can hold (and a reader must survive)
 *                      data that is no longer readable
 * @param recordedUntil the latest recorded-at timestamp among the events 1..version: every
 *                      event in the snapshot was recorded at or before it, which is what
 *                      time travel by instant needs to know (see {@code docs/snapshots.md})
 * @param takenAt       when the snapshot was written
 */
public record Snapshot(StreamId stream, long version, String type, int revision, byte[] data,
        Instant recordedUntil, Instant takenAt) {

    /** Largest snapshot payload, in bytes of UTF-8 JSON (16 MiB). */
    public static final int MAX_DATA_BYTES = 16 * 1024 * 1024;

    /** Longest snapshot type name, in UTF-16 characters. */
    public static final int MAX_TYPE_LENGTH = Limits.MAX_EVENT_TYPE_LENGTH;

    /** Validates every field; instants are kept at microsecond precision, as stores keep them. */
    public Snapshot {
        if (stream == null) {
            throw new InvalidArgumentException("stream id", "must not be null");
        }
        if (version < 1) {
            throw new InvalidArgumentException("snapshot version", "must be at least 1, got " + version);
        }
        Text.identifier(type, "snapshot type", MAX_TYPE_LENGTH);
        if (revision < 1) {
            throw new InvalidArgumentException("snapshot revision", "must be at least 1, got " + revision);
        }
        data = checkedText(data);
        if (recordedUntil == null) {
            throw new InvalidArgumentException("recorded until", "must not be null");
        }
        if (takenAt == null) {
            throw new InvalidArgumentException("taken at", "must not be null");
        }
        recordedUntil = recordedUntil.truncatedTo(ChronoUnit.MICROS);
        takenAt = takenAt.truncatedTo(ChronoUnit.MICROS);
        requireRecordable(recordedUntil, "recorded until");
        requireRecordable(takenAt, "taken at");
    }

    private static void requireRecordable(Instant instant, String argument) {
        if (!Limits.clampRecordedAt(instant).equals(instant)) {
            throw new InvalidArgumentException(argument, instant + " is outside the times stores keep ("
                    + Limits.EARLIEST_RECORDED_AT + " to " + Limits.LATEST_RECORDED_AT + ")");
        }
    }

    /** A copy of the JSON payload. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot other
                && stream.equals(other.stream) && version == other.version && type.equals(other.type)
                && revision == other.revision && Arrays.equals(data, other.data)
                && recordedUntil.equals(other.recordedUntil) && takenAt.equals(other.takenAt);
    }

    @Override
    public int hashCode() {
        return stream.hashCode() * 31 + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return "Snapshot[" + stream + "@" + version + " " + type + " r" + revision + ", " + data.length
                + " bytes, taken " + takenAt + "]";
    }

    /** A private copy of {@code data}, which must be UTF-8 text without NUL (SQL text columns refuse NUL). */
    private static byte[] checkedText(byte[] data) {
        if (data == null) {
            throw new InvalidArgumentException("snapshot data", "must not be null");
        }
        if (data.length > MAX_DATA_BYTES) {
            throw new InvalidArgumentException("snapshot data",
                    "is " + data.length + " bytes, the limit is " + MAX_DATA_BYTES);
        }
        byte[] copy = data.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == 0) {
                throw new InvalidArgumentException("snapshot data", "contains a NUL byte at index " + i);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(copy));
        } catch (CharacterCodingException e) {
            throw new InvalidArgumentException("snapshot data", "is not UTF-8 text: " + e);
        }
        return copy;
    }
}
