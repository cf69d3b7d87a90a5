package org.eventsourcing4j.cli.internal;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.Envelopes;
import org.eventsourcing4j.cli.internal.ops.Projections;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.projection.ParkedEvent;
import org.eventsourcing4j.projection.ProjectionRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "parked", description = {"The events a projection parked (policy PARK).",
        "  list    the parked events, in log order, with their errors",
        "  replay  apply them again after the cause was fixed (carried out by the running instance)",
        "  skip    remove one without applying it: it will never be applied"})
final class ParkedCommand extends Base {
    enum Action { list, replay, skip }

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "NAME", description = "the projection")
    String name;

    @Parameters(index = "1", paramLabel = "ACTION", description = "list, replay or skip")
    Action action;

    @Parameters(index = "2", arity = "0..1", paramLabel = "EVENT_ID", converter = Converters.UuidConverter.class,
            description = "for skip: the parked event's id")
    UUID eventId;

    @Option(names = "--wait", defaultValue = "30s", converter = Converters.DurationConverter.class,
            description = "for replay: how long to wait for the running instance (default 30s)")
    Duration wait;

    @Override
    public Integer call() throws InterruptedException {
        if (action == Action.skip && eventId == null) {
            throw new CliException(ExitCodes.USAGE, "parked " + name + " skip needs the EVENT_ID of the parked event");
        }
        try (Target target = store.open()) {
            List<ParkedEvent> parked = target.store().deadLetters().list(name);
            switch (action) {
                case list -> list(parked);
                case skip -> {
                    if (!target.store().deadLetters().remove(name, eventId)) {
                        throw new CliException(ExitCodes.NOT_FOUND, "projection '" + name
                                + "' has no parked event " + eventId);
                    }
                    out().println("skipped parked event " + eventId + " of projection '" + name
                            + "': it will not be applied");
                }
                default -> {
                    if (parked.isEmpty()) {
                        out().println("projection '" + name + "' has no parked events");
                        break;
                    }
                    ProjectionRequest request = new Projections(target.store(), context().clock())
                            .requestAndWait(name, ProjectionRequest.Action.REPLAY_PARKED, Requester.name(), wait);
                    return Requester.report(out(), request, false);
                }
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    private void list(List<ParkedEvent> parked) {
        if (json()) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (ParkedEvent p : parked) {
                array.addObject().put("error", p.error()).put("attempts", p.attempts())
                        .put("parkedAt", p.parkedAt().toString())
                        .set("event", Json.MAPPER.readTree(Envelopes.toJson(p.event())));
            }
            out().println(Json.write(array));
            return;
        }
        if (parked.isEmpty()) {
            out().println("projection '" + name + "' has no parked events");
            return;
        }
        Table table = new Table("POSITION", "STREAM", "VERSION", "TYPE", "EVENT ID", "ATTEMPTS", "PARKED AT", "ERROR");
        for (ParkedEvent p : parked) {
            table.row(p.event().logPosition(), p.event().streamId(), p.event().version(), p.event().type(),
                    p.event().eventId(), p.attempts(), p.parkedAt(), p.error());
        }
        table.print(out());
    }
}
