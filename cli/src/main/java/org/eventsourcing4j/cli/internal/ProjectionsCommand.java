package org.eventsourcing4j.cli.internal;

import java.util.List;
import org.eventsourcing4j.cli.ExitCodes;
import org.eventsourcing4j.cli.internal.ops.ProjectionView;
import org.eventsourcing4j.cli.internal.ops.Projections;
import org.eventsourcing4j.cli.internal.ops.Target;
import org.eventsourcing4j.projection.ProjectionReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "projections", description = "List the projections: state, checkpoint, lag, the instance holding"
        + " the lease, failures and parked events. A partitioned projection is one row (its lowest segment"
        + " checkpoint); 'es4j segments NAME' shows its segments.")
final class ProjectionsCommand extends Base {
    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        try (Target target = store.open()) {
            List<ProjectionView> views = new Projections(target.store(), context().clock()).all();
            if (json()) {
                ArrayNode array = Json.MAPPER.createArrayNode();
                views.forEach(v -> array.add(ViewJson.projection(v)));
                out().println(Json.write(array));
            } else if (views.isEmpty()) {
                out().println("no projections have run on " + target.description());
            } else {
                Table table = new Table("PROJECTION", "STATE", "CHECKPOINT", "LAG", "LAG TIME", "HOLDER", "INSTANCES",
                        "PARKED", "RETRIED", "SKIPPED", "LAST ERROR");
                for (ProjectionView v : views) {
                    String state = v.state() + v.partition().map(p -> " (" + p.segments().size() + " segments)").orElse("")
                            + v.pause().map(p -> " (paused by " + p.pausedBy() + ")").orElse("");
                    table.row(v.name(), state, v.checkpoint(), v.lagEvents(), age(v.lag()),
                            v.holder().map(ProjectionReport::instance).orElse("-"), v.reports().size(), v.parked(),
                            v.retried(), v.skipped(), v.lastError().orElse(""));
                }
                table.print(out());
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    /** {@code 0 s}, {@code 850 ms}, {@code 42 s}, {@code 7 min}. */
    static String age(java.time.Duration lag) {
        long millis = lag.toMillis();
        if (millis == 0) {
            return "0 s";
        }
        return millis < 1000 ? millis + " ms" : millis < 120_000 ? millis / 1000 + " s" : millis / 60_000 + " min";
    }
}
