package org.eventsourcing4j.cli.internal;

import java.time.Instant;
import java.util.Iterator;
import java.util.stream.Stream;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Envelopes;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stream", description = "Show a stream's events in version order: a range of versions, or the"
        + " stream as of an instant (time travel).")
final class StreamCommand extends Base {
    @Mixin
    StoreOptions store;

    @Parameters(paramLabel = "STREAM_ID", description = "the stream, e.g. account-42")
    String stream;

    @Option(names = "--from-version", defaultValue = "1", description = "the first version to show (default 1)")
    long fromVersion;

    @Option(names = "--to-version", description = "the last version to show (default: the last)")
    Long toVersion;

    @Option(names = "--as-of", paramLabel = "INSTANT", converter = Converters.InstantConverter.class,
            description = "only events recorded at or before this ISO-8601 instant, e.g. 2026-01-01T10:00:00Z")
    Instant asOf;

    @Option(names = "--data", description = "show each event's JSON data in the table")
    boolean data;

    @Override
    public Integer call() {
        StreamId id = StreamId.of(stream);
        StreamQuery query = new StreamQuery(fromVersion, toVersion == null ? Long.MAX_VALUE : toVersion, asOf);
        try (Target target = store.open()) {
            long version = target.store().currentVersion(id);
            if (version == 0) {
                throw new CliException(ExitCodes.NOT_FOUND, "no stream '" + id + "' in " + target.description());
            }
            Table table = data ? new Table("VERSION", "POSITION", "TYPE", "REV", "RECORDED", "EVENT ID", "DATA")
                    : new Table("VERSION", "POSITION", "TYPE", "REV", "RECORDED", "EVENT ID");
            try (Stream<RecordedEvent> events = target.store().readStream(id, query)) {
                Iterator<RecordedEvent> it = events.iterator();
                while (it.hasNext()) {
                    RecordedEvent e = it.next();
                    if (json()) {
                        out().println(Envelopes.toJson(e));
                    } else {
                        table.row(e.version(), e.logPosition(), e.type(), e.revision(), e.recordedAt(), e.eventId(),
                                e.dataAsString());
                    }
                }
            }
            if (!json()) {
                if (table.isEmpty()) {
                    out().println("stream '" + id + "' (version " + version + ") has no events in that range");
                } else {
                    table.print(out());
                }
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
