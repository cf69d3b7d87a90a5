package org.eventsourcing4j.cli.internal.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamPage;
import org.eventsourcing4j.store.StreamSummary;

/**
 * Writes streams as NDJSON, one envelope per line ({@link Envelopes}), stream after stream in
 * the store's order of stream ids and each stream in version order — the order an import
 * needs to write each stream in one transaction. Memory stays bounded: streams are listed a
 * page at a time and read lazily.
 */
public final class Export {
    private static final int PAGE = 1000;

    private Export() {
    }

    /** How many events the streams with {@code prefix} hold now (for a progress bar). */
    public static long count(EventStore store, String prefix) {
        long events = 0;
        StreamListing listing = StreamListing.prefix(prefix).withLimit(PAGE);
        while (true) {
            StreamPage page = store.listStreams(listing);
            for (StreamSummary stream : page.streams()) {
                events += stream.eventCount();
            }
            if (page.next().isEmpty()) {
                return events;
            }
            listing = listing.after(page.next().get());
        }
    }

    /**
     * @param exported told the number of events written so far, now and then
     * @return how many events were written
     */
    public static long run(EventStore store, String prefix, OutputStream out, LongConsumer exported)
            throws IOException {
        long events = 0;
        StreamListing listing = StreamListing.prefix(prefix).withLimit(PAGE);
        while (true) {
            StreamPage page = store.listStreams(listing);
            for (StreamSummary stream : page.streams()) {
                try (Stream<RecordedEvent> read = store.readStream(stream.stream())) {
                    Iterator<RecordedEvent> it = read.iterator();
                    while (it.hasNext()) {
                        Envelopes.write(it.next(), out);
                        out.write('\n');
                        if (++events % 1000 == 0) {
                            exported.accept(events);
                        }
                    }
                }
            }
            if (page.next().isEmpty()) {
                out.flush();
                exported.accept(events);
                return events;
            }
            listing = listing.after(page.next().get());
        }
    }
}
