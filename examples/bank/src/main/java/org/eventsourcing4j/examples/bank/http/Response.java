package org.eventsourcing4j.examples.bank.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What a handler answers: status, body and headers. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    static Response json(int status, JsonNode body) {
        return new Response(status, "application/json", Json.writeLine(body), new LinkedHashMap<>());
    }

    static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    static Response problem(Problem problem) {
        var body = Json.object()
                .put("type", problem.type())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail());
        problem.extensions().forEach((name, value) -> body.set(name, Json.MAPPER.valueToTree(value)));
        Response response = new Response(problem.status(), "application/problem+json", Json.writeLine(body),
                new LinkedHashMap<>());
        problem.headers().forEach(response::header);
        return response;
    }

    /** Adds a header; returns this response. */
    Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** {@code ETag: "<version>"}: a strong validator of the account's state. */
    Response etag(long version) {
        return header("ETag", "\"" + version + "\"");
    }
}
