package org.eventsourcing4j.console.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.eventsourcing4j.aggregate.AggregateNotFoundException;
import org.eventsourcing4j.cli.internal.Json;
import org.eventsourcing4j.cli.internal.ViewJson;
import org.eventsourcing4j.cli.internal.ops.Envelopes;
import org.eventsourcing4j.console.AggregateView;
import org.eventsourcing4j.console.ConsoleOptions;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.eventsourcing4j.store.StreamListing;
import org.eventsourcing4j.store.StreamPage;
import org.eventsourcing4j.store.StreamQuery;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The read-only API: streams, a stream's events and folded state, one event, the log, the horizon. */
final class ReadApi {
    private static final int MAX_EVENTS = 1000;

    private final JdbcEventStore store;
    private final ConsoleOptions options;
    private final boolean admin;

    ReadApi(JdbcEventStore store, ConsoleOptions options, boolean admin) {
        this.store = store;
        this.options = options;
        this.admin = admin;
    }

    void info(Http http) throws IOException {
        ObjectNode info = Json.object().put("store", options.description()).put("admin", admin)
                .put("horizon", options.horizon().isPresent());
        ArrayNode categories = info.putArray("aggregates");
        options.aggregates().forEach(view -> categories.add(view.type().category()));
        http.json(200, info);
    }

    void streams(Http http) throws IOException {
        StreamListing listing = new StreamListing(http.parameter("prefix").orElse(""),
                http.parameter("after").map(StreamId::of), (int) http.number("limit", 50));
        StreamPage page = store.listStreams(listing);
        ObjectNode result = Json.object();
        ArrayNode streams = result.putArray("streams");
        page.streams().forEach(s -> streams.add(ViewJson.stream(s)));
        result.put("next", page.next().map(StreamId::value).orElse(null));
        http.json(200, result);
    }

    void stream(Http http) throws IOException {
        StreamId id = StreamId.of(http.required("id"));
        long version = store.currentVersion(id);
        if (version == 0) {
            throw new Http.HttpError(404, "no stream '" + id + "'");
        }
        long from = http.number("from", 1);
        long to = http.number("to", Long.MAX_VALUE);
        Instant asOf = http.parameter("asOf").map(ReadApi::instant).orElse(null);
        ObjectNode result = Json.object().put("stream", id.value()).put("version", version)
                .put("aggregate", view(id).map(v -> v.type().category()).orElse(null));
        ArrayNode events = result.putArray("events");
        long next = 0;
        try (Stream<RecordedEvent> read = store.readStream(id, new StreamQuery(from, to, asOf))) {
            Iterator<RecordedEvent> it = read.iterator();
            while (it.hasNext()) {
                RecordedEvent e = it.next();
                if (events.size() == MAX_EVENTS) {
                    next = e.version();
                    break;
                }
                events.add(envelope(e));
            }
        }
        result.put("nextVersion", next == 0 ? null : next);
        http.json(200, result);
    }

    /** The state of the stream's aggregate right after version {@code version} (time travel). */
    void state(Http http) throws IOException {
        StreamId id = StreamId.of(http.required("id"));
        long version = http.number("version", 0);
        AggregateView<?, ?> view = view(id).orElseThrow(() -> new Http.HttpError(404, "no aggregate type is"
                + " registered for category '" + id.category() + "'"));
        ObjectNode result = Json.object().put("stream", id.value()).put("version", version)
                .put("aggregate", view.type().category());
        if (version < 1) {
            result.putNull("state");
        } else {
            try {
                String aggregateId = id.value().substring(view.type().category().length() + 1);
                JsonNode state = Json.MAPPER.valueToTree(view.stateAt(store, aggregateId, version));
                result.set("state", state);
                // Written here, not by the browser: JavaScript numbers would turn 120.00 into 120.
                result.put("stateText", Json.pretty(Json.write(state)));
            } catch (AggregateNotFoundException e) {
                throw new Http.HttpError(404, e.getMessage());
            }
        }
        http.json(200, result);
    }

    private Optional<AggregateView<?, ?>> view(StreamId id) {
        if (id.value().indexOf('-') < 0) {
            return Optional.empty();
        }
        return options.aggregates().stream().filter(v -> v.type().category().equals(id.category())).findFirst();
    }

    void event(Http http) throws IOException {
        UUID id;
        try {
            id = UUID.fromString(http.required("id"));
        } catch (IllegalArgumentException e) {
            throw new Http.HttpError(400, "'" + http.required("id") + "' is not an event id");
        }
        RecordedEvent event = store.readEvent(id).orElseThrow(() -> new Http.HttpError(404, "no event " + id));
        http.json(200, envelope(event));
    }

    void log(Http http) throws IOException {
        LogPage page = store.readAll(position(http), (int) Math.min(http.number("limit", 100), MAX_EVENTS), filter(http));
        ObjectNode result = Json.object().put("next", page.next().asString()).put("head", store.headPosition().asString());
        ArrayNode events = result.putArray("events");
        for (RecordedEvent e : page.events()) {
            events.add(envelope(e));
        }
        http.json(200, result);
    }

    /**
     * The envelope as JSON, with {@code dataText}: the data pretty-printed here, exactly
     * (JavaScript numbers would turn an amount of 100.50 into 100.5).
     */
    static ObjectNode envelope(RecordedEvent e) {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Envelopes.toJson(e));
        return node.put("dataText", Json.pretty(e.dataAsString()));
    }

    static LogPosition position(Http http) {
        try {
            return http.parameter("after").map(LogPosition::parse).orElse(LogPosition.START);
        } catch (RuntimeException e) {
            throw new Http.HttpError(400, e.getMessage());
        }
    }

    static EventFilter filter(Http http) {
        Set<String> types = http.parameter("type").map(Set::of).orElse(Set.of());
        return new EventFilter(types, http.parameter("prefix").orElse(""));
    }

    void horizon(Http http) throws IOException {
        if (options.horizon().isEmpty()) {
            http.json(200, Json.object().put("applies", false).put("heldBack", false));
            return;
        }
        http.json(200, ViewJson.horizon(options.horizon().get().get()));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Http.HttpError(400, "'" + text + "' is not an ISO-8601 instant");
        }
    }
}
