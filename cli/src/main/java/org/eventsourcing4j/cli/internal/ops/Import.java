package org.eventsourcing4j.cli.internal.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.AppendResult;
import org.eventsourcing4j.store.ConcurrencyConflictException;
import org.eventsourcing4j.store.DuplicateEventIdException;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.StreamId;

/**
 * Writes an NDJSON export into a store. Each run of consecutive lines of one stream is
 * written in one transaction ({@code appendInTransaction}, batch by batch, so memory holds
 * one batch): a stream is written whole or not at all. Batches are the lines of one stream
 * with the same recorded-at time (the original batches, or several of them), written with
 * {@link ImportClock} set to that time, so events keep their recorded-at times.
 *
 * <p>Idempotent by event id: a batch already stored at the same versions with the same
 * content is the store's idempotent retry and writes nothing, so an import can be run again
 * (after a failure, or to add what was appended to the source since). A stream whose events
 * conflict with what the target holds (other events at those versions, an id stored
 * elsewhere) is rolled back and reported, and the import goes on with the next stream. A
 * corrupt line ends the import: the stream it belongs to is rolled back, streams before it
 * stay written.
 */
public final class Import {
    private final Target target;
    private final ImportClock clock;
    private final boolean dryRun;
    private final LogPosition headBefore;
    private final ImportReport.Builder report = new ImportReport.Builder();
    private Segment segment;
    private long lineNumber;

    /** @param clock the clock {@code target}'s store was opened with */
    public Import(Target target, ImportClock clock, boolean dryRun) {
        this.target = target;
        this.clock = clock;
        this.dryRun = dryRun;
        this.headBefore = target.store().headPosition();
    }

    /**
     * @param progress told the number of bytes read so far, now and then
     * @throws CorruptLineException at the first line that is not a valid envelope
     */
    public ImportReport run(BufferedReader lines, LongConsumer progress) throws IOException {
        long bytes = 0;
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (!line.isBlank()) {
                    accept(parse(line));
                }
                if (lineNumber % 1000 == 0) {
                    progress.accept(bytes);
                }
            }
            finishSegment();
            progress.accept(bytes);
            return report.build(lineNumber);
        } catch (RuntimeException | IOException e) {
            abandonSegment();
            throw e;
        }
    }

    private Line parse(String text) {
        try {
            Envelopes.Envelope e = Envelopes.read(text);
            EventData data = new EventData(e.eventId(), e.type(), e.revision(), e.data(), e.metadata());
            return new Line(lineNumber, StreamId.of(e.stream()), e.version(), e.recordedAt(), data);
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            throw new CorruptLineException(lineNumber, e.getMessage());
        }
    }

    private void accept(Line line) {
        if (segment == null || !segment.stream.equals(line.stream())) {
            finishSegment();
            segment = new Segment(line.stream(), line.number(), line.version());
        } else if (line.version() != segment.nextVersion) {
            throw new CorruptLineException(line.number(), "stream '" + line.stream() + "' jumps from version "
                    + (segment.nextVersion - 1) + " to " + line.version());
        }
        segment.nextVersion++;
        segment.lastLine = line.number();
        if (segment.refusal != null) {
            return;
        }
        if (!segment.batch.isEmpty() && (!line.recordedAt().equals(segment.batchRecordedAt)
                || segment.batch.size() == Limits.MAX_BATCH_SIZE)) {
            flushBatch();
        }
        if (segment.batch.isEmpty()) {
            segment.batchRecordedAt = line.recordedAt();
            segment.batchFirstVersion = line.version();
        }
        segment.batch.add(line.data());
    }

    private void flushBatch() {
        if (segment.batch.isEmpty() || segment.refusal != null) {
            return;
        }
        List<EventData> events = segment.batch;
        segment.batch = new ArrayList<>();
        if (dryRun) {
            segment.events += events.size();
            return;
        }
        AppendBatch batch = new AppendBatch(segment.stream, ExpectedVersion.exactly(segment.batchFirstVersion - 1),
                events);
        try {
            clock.set(segment.batchRecordedAt);
            AppendResult result = target.store().appendInTransaction(segment.connection(), batch);
            if (result.lastPosition().isAfter(headBefore)) {
                segment.written += events.size();
            } else {
                segment.present += events.size();
            }
            segment.events += events.size();
        } catch (ConcurrencyConflictException | DuplicateEventIdException e) {
            segment.refusal = e.getMessage();
            segment.rollback();
        }
    }

    private void finishSegment() {
        if (segment == null) {
            return;
        }
        flushBatch();
        if (segment.refusal != null) {
            report.refused(segment.stream, segment.firstLine, segment.lastLine, segment.refusal);
        } else {
            segment.commit();
            report.imported(segment.events, segment.written, segment.present);
        }
        segment = null;
    }

    private void abandonSegment() {
        if (segment != null) {
            segment.rollback();
            segment = null;
        }
    }

    private record Line(long number, StreamId stream, long version, Instant recordedAt, EventData data) {
    }

    /** The lines of one stream in a row, written in one transaction. */
    private final class Segment {
        final StreamId stream;
        final long firstLine;
        long lastLine;
        long nextVersion;
        List<EventData> batch = new ArrayList<>();
        Instant batchRecordedAt;
        long batchFirstVersion;
        long events;
        long written;
        long present;
        String refusal;
        private Connection connection;

        Segment(StreamId stream, long firstLine, long firstVersion) {
            this.stream = stream;
            this.firstLine = firstLine;
            this.nextVersion = firstVersion;
        }

        Connection connection() {
            if (connection == null) {
                try {
                    connection = target.transaction();
                } catch (SQLException e) {
                    throw target.store().dialect().translate(e, "opening a connection for the import");
                }
            }
            return connection;
        }

        void commit() {
            if (connection == null) {
                return;
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                throw target.store().dialect().translate(e, "committing stream '" + stream + "'");
            } finally {
                close();
            }
        }

        void rollback() {
            if (connection == null) {
                return;
            }
            try {
                connection.rollback();
            } catch (SQLException e) {
                // the connection is closed below; nothing of the stream was committed
            } finally {
                close();
            }
        }

        private void close() {
            try {
                connection.setAutoCommit(true);
                connection.close();
            } catch (SQLException e) {
                Jdbc.isClosed(connection); // a broken connection: the pool discards it
            }
            connection = null;
        }
    }

    /** A line that is not a valid envelope. */
    public static final class CorruptLineException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptLineException(long line, String problem) {
            super("line " + line + ": " + problem);
        }
    }
}
