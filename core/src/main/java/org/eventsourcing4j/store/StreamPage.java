package org.eventsourcing4j.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a stream listing.
 *
 * @param streams the streams of the page, in the store's order of stream ids
 * @param next    the cursor for the next page ({@link StreamListing#after(StreamId)}): the
 *                last stream of this page when more streams follow, empty when this page is the last
 */
public record StreamPage(List<StreamSummary> streams, Optional<StreamId> next) {
    public StreamPage {
        if (streams == null || next == null) {
            throw new InvalidArgumentException("stream page", "fields must not be null");
        }
        streams = List.copyOf(streams);
    }

    /** A page of at most {@code limit} streams from {@code candidates} (up to limit + 1 of them, in order). */
    public static StreamPage of(List<StreamSummary> candidates, int limit) {
        if (candidates.size() <= limit) {
            return new StreamPage(candidates, Optional.empty());
        }
        List<StreamSummary> page = candidates.subList(0, limit);
        return new StreamPage(page, Optional.of(page.get(limit - 1).stream()));
    }
}
