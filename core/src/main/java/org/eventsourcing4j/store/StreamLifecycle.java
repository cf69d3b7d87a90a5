package org.eventsourcing4j.store;

import java.util.List;

/**
 * Retiring streams: soft delete, truncation, hard delete for legal erasure, and archiving.
 * A store that has it answers it from {@link EventStore#lifecycle()}; see
 * {@code docs/compliance.md} ("Stream lifecycle", "Archiving") for what each operation keeps.
 *
 * <p>What every store guarantees (checked by the testkit's {@code StreamLifecycleContract}):
 * <ul>
 * <li>A retired stream's name is never reused by accident: appends to a deleted, erased or
 *     archived stream are refused with a typed error, whatever their expected version, also
 *     when the store remembered the stream's head from an earlier append.</li>
 * <li>Global-log readers stay gap-safe: removing events never moves a surviving event's
 *     position, so a reader paging on from its checkpoint never skips a surviving event and
 *     never sees one twice; a restored stream comes back at its original positions, which
 *     readers past them do not read again.</li>
 * <li>Each operation is atomic and serialized with appends to the stream.</li>
 * </ul>
 * The operations are for operators and compliance jobs, not the hot path: each is a few
 * statements in one transaction.
 */
public interface StreamLifecycle {

    /** Type of the marker event {@link #softDelete} appends, so that projections can react. */
    String DELETED_MARKER = "$stream-deleted";
    /** Type of the marker event {@link #hardDelete} leaves in place of the erased events; payload {@code {}}. */
    String ERASED_MARKER = "$stream-erased";

    /** The stream's lifecycle state; {@link StreamState#live} for a stream never retired (or unknown). */
    StreamState state(StreamId stream);

    /**
     * Tombstones the stream: appends a {@link #DELETED_MARKER} event (payload
     * {@code {"reason": ...}}) after its last event, then refuses reads
     * ({@link StreamDeletedException}) and appends. The events stay stored: the global log
     * still holds them and the marker.
     *
     * @return the marker's append result
     * @throws InvalidArgumentException when the stream has no events or the reason is blank
     * @throws StreamDeletedException   when it is deleted already
     * @throws StreamArchivedException  when it is archived (restore it first)
     */
    AppendResult softDelete(StreamId stream, String reason);

    /**
     * Removes the stream's events below {@code version} from the stream and the global log.
     * Reads must then start at {@code version} or later; a read from a lower version, also
     * time travel, answers {@link StreamTruncatedException}. The stream's head and its later
     * appends are unchanged. Take a snapshot at {@code version - 1} or later first (or append
     * a summary event): the repository then loads from it.
     *
     * @param version 2..current version (the last event always stays)
     * @return how many events were removed (0 when the stream was truncated there already)
     */
    long truncateBefore(StreamId stream, long version);

    /**
     * Erases the stream for a legal erasure request: every event is removed from the stream,
     * the global log and the archive, an {@link #ERASED_MARKER} event takes the version after
     * the last one (so projections can erase their copies), and an {@link ErasureRecord}
     * (who, when, why, how many events — never their content) is kept. Reads answer
     * {@link StreamDeletedException}; the name cannot be appended to again. Works on deleted,
     * truncated and archived streams.
     *
     * @throws InvalidArgumentException when the stream has no events, or is erased already
     */
    ErasureRecord hardDelete(StreamId stream, ErasureRequest request);

    /** The erasure records, oldest first. */
    List<ErasureRecord> erasures();

    /**
     * Moves the stream's events out of the live tables into the archive. Reads
     * ({@link StreamReader#readStream}, {@link StreamReader#readEvent},
     * {@link StreamReader#currentVersion}) still answer from the archive; the global log no
     * longer holds them; appends are refused with {@link StreamArchivedException} until
     * {@link #restore}.
     *
     * @return how many events were moved
     * @throws InvalidArgumentException when the stream has no live events
     * @throws StreamDeletedException   when it is deleted or erased
     */
    long archive(StreamId stream);

    /**
     * Moves an archived stream back into the live tables, at its original versions and
     * global positions; appends are accepted again.
     *
     * @return how many events were restored
     * @throws InvalidArgumentException when the stream is not archived
     */
    long restore(StreamId stream);
}
