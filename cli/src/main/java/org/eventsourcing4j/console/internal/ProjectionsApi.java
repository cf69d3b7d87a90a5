package org.eventsourcing4j.console.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.eventsourcing4j.cli.internal.Json;
import org.eventsourcing4j.cli.internal.ViewJson;
import org.eventsourcing4j.cli.internal.ops.ProjectionView;
import org.eventsourcing4j.cli.internal.ops.Projections;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.projection.ParkedEvent;
import org.eventsourcing4j.projection.ProjectionReport;
import org.eventsourcing4j.projection.ProjectionRequest;
import org.eventsourcing4j.projection.ProjectionStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Projections: their status with the lag history, parked events, requests; the admin actions on them. */
final class ProjectionsApi {
    /** How long an admin action waits for the running instance before it answers "filed". */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final JdbcEventStore store;
    private final Projections projections;
    private final LagHistory history;

    ProjectionsApi(JdbcEventStore store, Projections projections, LagHistory history) {
        this.store = store;
        this.projections = projections;
        this.history = history;
    }

    void list(Http http) throws IOException {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ProjectionView v : projections.all()) {
            ObjectNode node = ViewJson.projection(v);
            array.add(node);
            ArrayNode points = node.putArray("history");
            for (LagHistory.Point p : history.of(v.name())) {
                points.addArray().add(p.epochMillis()).add(p.lagEvents()).add(p.lagMillis());
            }
        }
        http.json(200, array);
    }

    void parked(Http http) throws IOException {
        String name = http.required("projection");
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ParkedEvent p : store.deadLetters().list(name)) {
            array.addObject().put("error", p.error()).put("attempts", p.attempts())
                    .put("parkedAt", p.parkedAt().toString())
                    .set("event", ReadApi.envelope(p.event()));
        }
        http.json(200, array);
    }

    void requests(Http http) throws IOException {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ProjectionRequest r : projections.control().requests(http.required("projection"), 20)) {
            array.add(request(r));
        }
        http.json(200, array);
    }

    /** POST {"projection": NAME, "action": rebuild|reset|pause|resume|replay}. */
    void act(Http http, String by) throws IOException, InterruptedException {
        JsonNode body = body(http);
        String name = text(body, "projection");
        String action = text(body, "action").toLowerCase(Locale.ROOT);
        ProjectionView view = projections.find(name)
                .orElseThrow(() -> new Http.HttpError(404, "no projection '" + name + "'"));
        switch (action) {
            case "pause" -> {
                projections.pause(name, by);
                http.json(200, Json.object().put("outcome", "paused"));
            }
            case "resume" -> {
                projections.control().resume(name);
                boolean failed = view.holder().map(r -> r.status().state() == ProjectionStatus.State.FAILED)
                        .orElse(false);
                if (failed) {
                    wait(http, name, ProjectionRequest.Action.RESTART, by);
                } else {
                    http.json(200, Json.object().put("outcome", "resumed"));
                }
            }
            case "rebuild" -> wait(http, name, ProjectionRequest.Action.REBUILD, by);
            case "reset" -> wait(http, name, ProjectionRequest.Action.RESET, by);
            case "replay" -> wait(http, name, ProjectionRequest.Action.REPLAY_PARKED, by);
            default -> throw new Http.HttpError(400, "unknown action '" + action
                    + "': rebuild, reset, pause, resume or replay");
        }
    }

    /** POST {"projection": NAME, "eventId": ID}: removes a parked event without applying it. */
    void skip(Http http) throws IOException {
        JsonNode body = body(http);
        String name = text(body, "projection");
        UUID eventId;
        try {
            eventId = UUID.fromString(text(body, "eventId"));
        } catch (IllegalArgumentException e) {
            throw new Http.HttpError(400, "'eventId' is not an event id");
        }
        if (!store.deadLetters().remove(name, eventId)) {
            throw new Http.HttpError(404, "projection '" + name + "' has no parked event " + eventId);
        }
        http.json(200, Json.object().put("outcome", "skipped " + eventId));
    }

    private void wait(Http http, String name, ProjectionRequest.Action action, String by)
            throws IOException, InterruptedException {
        ProjectionRequest request = projections.requestAndWait(name, action, by, WAIT);
        http.json(request.isFinished() ? 200 : 202, request(request));
    }

    private static ObjectNode request(ProjectionRequest r) {
        return Json.object().put("id", r.id().toString()).put("projection", r.projection())
                .put("action", r.action().name()).put("requestedBy", r.requestedBy())
                .put("requestedAt", r.requestedAt().toString()).put("claimedBy", r.claimedBy().orElse(null))
                .put("outcome", r.outcome().orElse(null))
                .put("finishedAt", r.finishedAt().map(Object::toString).orElse(null));
    }

    private static JsonNode body(Http http) throws IOException {
        try {
            byte[] bytes = http.exchange().body().readNBytes(64 * 1024);
            JsonNode body = Json.MAPPER.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new Http.HttpError(400, "the body must be a JSON object");
            }
            return body;
        } catch (RuntimeException e) {
            if (e instanceof Http.HttpError) {
                throw e;
            }
            throw new Http.HttpError(400, "the body is not JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new Http.HttpError(400, "the body needs a string '" + field + "'");
        }
        return value.asString();
    }
}
