package org.eventsourcing4j.store.spi;

import java.nio.charset.StandardCharsets;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.StreamArchivedException;
import org.eventsourcing4j.store.StreamDeletedException;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamLifecycle;
import org.eventsourcing4j.store.StreamQuery;
import org.eventsourcing4j.store.StreamState;
import org.eventsourcing4j.store.StreamTruncatedException;
import org.eventsourcing4j.support.Text;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules of {@link StreamLifecycle} every store applies the same way: which reads and
 * appends a state refuses, with which error, and the marker events.
 */
public final class Lifecycles {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Lifecycles() {
    }

    /** Refuses a read the state does not allow: deleted streams, and versions below a truncation. */
    public static void checkRead(StreamId stream, StreamState state, StreamQuery query) {
        if (state.isDeleted()) {
            throw new StreamDeletedException(stream, state.status() == StreamState.Status.ERASED);
        }
        if (query.fromVersion() < state.firstVersion() && query.toVersion() >= query.fromVersion()) {
            throw new StreamTruncatedException(stream, state.firstVersion(), query.fromVersion());
        }
    }

    /**
     * Refuses an append the state does not allow: any append to a retired stream, and one
     * whose first event would go below the truncation (a retry of truncated events).
     * Call it after the idempotent-retry check: a retry of events that are still stored
     * (a soft-deleted stream keeps them) succeeds as before.
     */
    public static void checkAppend(StreamState state, AppendBatch batch) {
        refuseRetired(batch.stream(), state);
        if (state.isTruncated()) {
            long first = firstVersionOf(batch.expected());
            if (first > 0 && first < state.firstVersion()) {
                throw new StreamTruncatedException(batch.stream(), state.firstVersion(), first);
            }
        }
    }

    /** Refuses any write to a deleted, erased or archived stream. */
    public static void refuseRetired(StreamId stream, StreamState state) {
        switch (state.status()) {
            case DELETED -> throw new StreamDeletedException(stream, false);
            case ERASED -> throw new StreamDeletedException(stream, true);
            case ARCHIVED -> throw new StreamArchivedException(stream);
            case LIVE -> {
            }
        }
    }

    /** The version a batch with this expectation would start at; 0 when it depends on the head. */
    private static long firstVersionOf(ExpectedVersion expected) {
        if (expected instanceof ExpectedVersion.Exactly exactly) {
            return exactly.version() + 1;
        }
        return expected == ExpectedVersion.noStream() ? 1 : 0;
    }

    /** Checks the version of {@link StreamLifecycle#truncateBefore} against the stream's head. */
    public static void checkTruncation(StreamId stream, long version, long head) {
        if (head == 0) {
            throw new InvalidArgumentException("stream", "'" + stream.value() + "' has no events to truncate");
        }
        if (version < 2 || version > head) {
            throw new InvalidArgumentException("truncation version", "must be 2.." + head
                    + " for stream '" + stream.value() + "' (its last event always stays), got " + version);
        }
    }

    /** Refuses a lifecycle operation on a stream without events. */
    public static void requireEvents(StreamId stream, long head, String operation) {
        if (head == 0) {
            throw new InvalidArgumentException("stream", "'" + stream.value() + "' has no events to " + operation);
        }
    }

    /** The marker of {@link StreamLifecycle#softDelete}, payload {@code {"reason": ...}}. */
    public static EventData deletedMarker(String reason) {
        Text.identifier(reason, "deletion reason", 1000);
        byte[] json = JSON.writeValueAsBytes(JSON.createObjectNode().put("reason", reason));
        return EventData.of(StreamLifecycle.DELETED_MARKER, new String(json, StandardCharsets.UTF_8));
    }

    /** The marker of {@link StreamLifecycle#hardDelete}: payload {@code {}}, nothing of the content. */
    public static EventData erasedMarker() {
        return EventData.of(StreamLifecycle.ERASED_MARKER, "{}");
    }
}
