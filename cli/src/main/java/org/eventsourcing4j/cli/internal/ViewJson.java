package org.eventsourcing4j.cli.internal;

import org.eventsourcing4j.cli.internal.ops.ProjectionView;
import org.eventsourcing4j.postgres.HorizonStatus;
import org.eventsourcing4j.projection.PartitionStatus;
import org.eventsourcing4j.projection.ProjectionReport;
import org.eventsourcing4j.store.StreamSummary;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON of what both the CLI's {@code --json} and the console's API show: the same fields in both. */
public final class ViewJson {
    private ViewJson() {
    }

    public static ObjectNode stream(StreamSummary s) {
        return Json.object().put("stream", s.stream().value()).put("version", s.version())
                .put("events", s.eventCount()).put("firstRecordedAt", s.firstRecordedAt().toString())
                .put("lastRecordedAt", s.lastRecordedAt().toString());
    }

    public static ObjectNode projection(ProjectionView v) {
        ObjectNode node = Json.object().put("name", v.name()).put("state", v.state())
                .put("checkpoint", v.checkpoint().asString()).put("head", v.head().asString())
                .put("lagEvents", v.lagEvents()).put("lagMillis", v.lag().toMillis())
                .put("holder", v.holder().map(ProjectionReport::instance).orElse(null))
                .put("paused", v.pause().isPresent())
                .put("pausedBy", v.pause().map(p -> p.pausedBy()).orElse(null))
                .put("parked", v.parked()).put("retried", v.retried()).put("skipped", v.skipped())
                .put("processed", v.holder().map(r -> r.status().processed()).orElse(0L))
                .put("lastError", v.lastError().orElse(null))
                .put("waitingFor", v.holder().map(r -> r.status().waitingFor()).orElse(null));
        node.put("partitioned", v.partition().isPresent());
        v.partition().ifPresent(partition -> {
            node.put("generation", partition.layout().generation());
            ArrayNode segments = node.putArray("segments");
            partition.segments().forEach(s -> segments.add(segment(s)));
        });
        ArrayNode instances = node.putArray("instances");
        for (ProjectionReport r : v.reports()) {
            instances.addObject().put("instance", r.instance()).put("state", r.status().state().name())
                    .put("checkpoint", r.status().checkpoint().asString()).put("processed", r.status().processed())
                    .put("reportedAt", r.reportedAt().toString()).put("waitingFor", r.status().waitingFor());
        }
        return node;
    }

    public static ObjectNode segment(PartitionStatus.Segment s) {
        return Json.object().put("segment", s.segment()).put("owner", s.owner().orElse(null)).put("epoch", s.epoch())
                .put("checkpoint", s.checkpoint().asString()).put("lagEvents", s.lagEvents());
    }

    public static ObjectNode horizon(HorizonStatus status) {
        ObjectNode node = Json.object().put("applies", true).put("heldBack", status.heldBack())
                .put("horizonTxId", status.horizonTxId()).put("description", status.describe());
        status.oldestTransaction().ifPresent(t -> node.putObject("oldestTransaction").put("pid", t.pid())
                .put("xid", t.xid()).put("ageMillis", t.age().toMillis()).put("state", t.state())
                .put("applicationName", t.applicationName()).put("database", t.database()).put("user", t.user())
                .put("query", t.query()));
        return node;
    }
}
