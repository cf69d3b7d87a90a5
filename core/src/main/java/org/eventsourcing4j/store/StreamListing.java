package org.eventsourcing4j.store;

import java.util.Optional;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Text;

/**
 * Which streams {@link StreamCatalog#listStreams} lists: those whose ids start with
 * {@code prefix} (taken literally: no wildcards), after the cursor {@code after} (a
 * {@link StreamPage#next()} of the previous page; empty for the first page), at most
 * {@code limit} of them.
 *
 * @param prefix "" for every stream
 * @param limit  1..{@link Limits#MAX_PAGE_SIZE}
 */
public record StreamListing(String prefix, Optional<StreamId> after, int limit) {

    /** Pages of this many streams unless told otherwise. */
    public static final int DEFAULT_LIMIT = 100;

    public StreamListing {
        Checks.notNull(prefix, "stream prefix");
        Text.checkCharacters(prefix, "stream prefix", false);
        Checks.notNull(after, "after");
        Checks.pageSize(limit);
    }

    /** The first page of every stream. */
    public static StreamListing all() {
        return new StreamListing("", Optional.empty(), DEFAULT_LIMIT);
    }

    /** The first page of the streams whose ids start with {@code prefix}. */
    public static StreamListing prefix(String prefix) {
        return new StreamListing(prefix, Optional.empty(), DEFAULT_LIMIT);
    }

    /** The same listing after {@code cursor} (the {@link StreamPage#next()} of a page). */
    public StreamListing after(StreamId cursor) {
        return new StreamListing(prefix, Optional.of(Checks.notNull(cursor, "after")), limit);
    }

    public StreamListing withLimit(int newLimit) {
        return new StreamListing(prefix, after, newLimit);
    }

    /** Whether {@code stream} belongs in this listing (prefix and cursor), whatever the limit. */
    public boolean matches(StreamId stream) {
        return stream.value().startsWith(prefix) && after.map(a -> stream.compareTo(a) > 0).orElse(true);
    }
}
