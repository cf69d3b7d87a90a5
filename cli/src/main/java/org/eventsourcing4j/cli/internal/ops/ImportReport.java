package org.eventsourcing4j.cli.internal.ops;

import java.util.ArrayList;
import java.util.List;
import org.eventsourcing4j.store.StreamId;

/**
 * What an import did.
 *
 * @param events   events of the streams imported (written now or found already stored)
 * @param written  of those, the events written now
 * @param present  of those, the events the target already held (same ids, same content)
 * @param refused  streams not written because they conflict with the target
 */
public record ImportReport(long lines, long streams, long events, long written, long present,
                           List<Refusal> refused) {

    /** A stream that was not written, with the lines it spans and why. */
    public record Refusal(StreamId stream, long firstLine, long lastLine, String reason) {
    }

    static final class Builder {
        private long streams;
        private long events;
        private long written;
        private long present;
        private final List<Refusal> refused = new ArrayList<>();

        void imported(long streamEvents, long streamWritten, long streamPresent) {
            streams++;
            events += streamEvents;
            written += streamWritten;
            present += streamPresent;
        }

        void refused(StreamId stream, long firstLine, long lastLine, String reason) {
            refused.add(new Refusal(stream, firstLine, lastLine, reason));
        }

        ImportReport build(long lines) {
            return new ImportReport(lines, streams, events, written, present, List.copyOf(refused));
        }
    }
}
