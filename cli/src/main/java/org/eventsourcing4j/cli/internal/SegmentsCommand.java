package org.eventsourcing4j.cli.internal;

import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.ProjectionView;
import org.eventsourcing4j.cli.internal.ops.Projections;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.projection.PartitionStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "segments", description = "Show the segments of a partitioned projection: the instance holding each"
        + " one, its claim's epoch, its checkpoint and lag (from the store's claims table).")
final class SegmentsCommand extends Base {
    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "NAME", description = "the partitioned projection")
    String name;

    @Override
    public Integer call() {
        try (Target target = store.open()) {
            ProjectionView view = new Projections(target.store(), context().clock()).find(name)
                    .orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND,
                            "no projection '" + name + "' in " + target.description()));
            PartitionStatus partition = view.partition().orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND,
                    "projection '" + name + "' has no segments in " + target.description()
                            + " (not partitioned, or its claims are not in the store's claims table)"));
            if (json()) {
                ArrayNode array = Json.MAPPER.createArrayNode();
                partition.segments().forEach(s -> array.add(ViewJson.segment(s)));
                out().println(Json.write(Json.object().put("name", name)
                        .put("generation", partition.layout().generation()).put("checkpoint",
                                partition.checkpoint().asString()).put("lagEvents", partition.lagEvents())
                        .set("segments", array)));
            } else {
                out().println("projection '" + name + "': generation " + partition.layout().generation() + ", "
                        + partition.segments().size() + " segments, " + partition.unclaimed() + " unclaimed, lowest"
                        + " checkpoint " + partition.checkpoint() + " (" + partition.lagEvents() + " behind)");
                Table table = new Table("SEGMENT", "OWNER", "EPOCH", "CHECKPOINT", "LAG");
                for (PartitionStatus.Segment s : partition.segments()) {
                    table.row(s.segment(), s.owner().orElse("-"), s.epoch(), s.checkpoint(), s.lagEvents());
                }
                table.print(out());
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
