package org.eventsourcing4j.cli.internal;

import java.util.UUID;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Envelopes;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.store.RecordedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "event", description = "Show one event, found by its id, with its whole envelope.")
final class EventCommand extends Base {
    @Mixin
    StoreOptions store;

    @Parameters(paramLabel = "EVENT_ID", converter = Converters.UuidConverter.class, description = "the event's id (a UUID)")
    UUID eventId;

    @Override
    public Integer call() {
        try (Target target = store.open()) {
            RecordedEvent e = target.store().readEvent(eventId).orElseThrow(() -> new CliException(
                    ExitCodes.NOT_FOUND, "no event " + eventId + " in " + target.description()));
            if (json()) {
                out().println(Envelopes.toJson(e));
            } else {
                out().println("event id     " + e.eventId());
                out().println("stream       " + e.streamId() + " at version " + e.version());
                out().println("type         " + e.type() + " (revision " + e.revision() + ")");
                out().println("position     " + e.position() + " (log position " + e.logPosition() + ")");
                out().println("recorded at  " + e.recordedAt());
                out().println("correlation  " + e.metadata().correlation().orElse("-"));
                out().println("causation    " + e.metadata().causation().orElse("-"));
                e.metadata().headers().forEach((name, value) -> out().println("header       " + name + ": " + value));
                out().println("data");
                out().println(Json.pretty(e.dataAsString()));
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
