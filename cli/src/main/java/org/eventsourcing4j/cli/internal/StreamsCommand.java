package org.eventsourcing4j.cli.internal;

import java.util.Optional;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "streams", description = "List streams with their version, event count and first and last"
        + " recorded time, a page at a time.")
final class StreamsCommand extends Base {
    @Mixin
    StoreOptions store;

    @Option(names = "--prefix", defaultValue = "", description = "only streams whose ids start with this (literally)")
    String prefix;

    @Option(names = "--after", paramLabel = "STREAM_ID", description = "the page after this stream (printed as 'next')")
    String after;

    @Option(names = "--limit", defaultValue = "100", description = "streams per page, 1..10000 (default 100)")
    int limit;

    @Override
    public Integer call() {
        StreamListing listing = new StreamListing(prefix, Optional.ofNullable(after).map(StreamId::of), limit);
        try (Target target = store.open()) {
            StreamPage page = target.store().listStreams(listing);
            if (json()) {
                ObjectNode result = Json.object();
                ArrayNode streams = result.putArray("streams");
                page.streams().forEach(s -> streams.add(ViewJson.stream(s)));
                result.put("next", page.next().map(StreamId::value).orElse(null));
                out().println(Json.write(result));
            } else {
                Table table = new Table("STREAM", "VERSION", "EVENTS", "FIRST RECORDED", "LAST RECORDED");
                page.streams().forEach(s -> table.row(s.stream(), s.version(), s.eventCount(), s.firstRecordedAt(),
                        s.lastRecordedAt()));
                if (table.isEmpty()) {
                    out().println(prefix.isEmpty() ? "no streams" : "no streams start with '" + prefix + "'");
                } else {
                    table.print(out());
                }
                page.next().ifPresent(next -> out().println("next page: --after '" + next + "'"));
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
