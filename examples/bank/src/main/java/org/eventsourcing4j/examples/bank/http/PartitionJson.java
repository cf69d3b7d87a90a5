package org.eventsourcing4j.examples.bank.http;

import org.eventsourcing4j.projection.PartitionStatus;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A partitioned projection in {@code GET /projections}: the total, then each segment. */
final class PartitionJson {
    private PartitionJson() {
    }

    static ObjectNode status(PartitionStatus status) {
        ObjectNode json = Json.object()
                .put("name", status.name())
                .put("state", state(status))
                .put("checkpoint", status.checkpoint().asString())
                .put("head", status.head().asString())
                .put("lagEvents", status.lagEvents())
                .put("processed", status.processed())
                .put("partitioned", true)
                .put("generation", status.layout().generation())
                .put("unclaimed", status.unclaimed());
        ArrayNode segments = json.putArray("segments");
        for (PartitionStatus.Segment segment : status.segments()) {
            segments.addObject()
                    .put("segment", segment.segment())
                    .put("owner", segment.owner().orElse(null))
                    .put("epoch", segment.epoch())
                    .put("checkpoint", segment.checkpoint().asString())
                    .put("lagEvents", segment.lagEvents())
                    .put("state", segment.local().map(local -> OperationsController.stateName(local.state()))
                            .orElse(segment.owner().isPresent() ? "elsewhere" : "unclaimed"));
        }
        return json;
    }

    /** Waiting while a segment has no owner, catching up while one lags, else running. */
    static String state(PartitionStatus status) {
        return status.unclaimed() > 0 ? "waiting-for-claims" : status.lagEvents() > 0 ? "catching-up" : "running";
    }
}
