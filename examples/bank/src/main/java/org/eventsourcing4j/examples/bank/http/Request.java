package org.eventsourcing4j.examples.bank.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.node.ObjectNode;

/** One HTTP request as the handlers see it: path parameters, query parameters, headers, a JSON body. */
final class Request {
    /** Request bodies larger than this are refused with 413. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** How much of a refused body is read and thrown away, so the client can finish sending and see the 413. */
    private static final int MAX_DISCARD_BYTES = 1024 * 1024;

    private final HttpExchange exchange;
    private final Map<String, String> pathParameters;
    private Map<String, String> query;
    private byte[] body;

    Request(HttpExchange exchange, Map<String, String> pathParameters) {
        this.exchange = exchange;
        this.pathParameters = pathParameters;
    }

    String path(String name) {
        return pathParameters.get(name);
    }

    /** The first value of a request header, or null. */
    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** All values of a request header (repeated headers and comma-separated lists are both possible). */
    List<String> headers(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null ? List.of() : values;
    }

    /**
     * The query parameters, which must all be in {@code allowed} and appear once each.
     * {@code +} is a plus sign, not a space, so instants like {@code 10:00+01:00} survive.
     */
    Map<String, String> query(Set<String> allowed) {
        if (query == null) {
            query = parseQuery(exchange.getRequestURI().getRawQuery());
        }
        for (String name : query.keySet()) {
            if (!allowed.contains(name)) {
                throw Problem.malformed("unknown query parameter '" + name + "'"
                        + (allowed.isEmpty() ? "; this resource takes none" : "; this resource takes "
                        + String.join(", ", new TreeSet<>(allowed))))
                        .with("parameter", name);
            }
        }
        return query;
    }

    /** The body as a JSON object of at most {@link #MAX_BODY_BYTES}, sent as {@code application/json}. */
    ObjectNode jsonBody() {
        requireJsonContentType(header("Content-Type"));
        String length = header("Content-Length");
        if (length != null && isLongerThan(length, MAX_BODY_BYTES)) {
            discardBody();
            throw tooLarge();
        }
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                discard(in);
                throw tooLarge();
            }
        } catch (IOException e) {
            throw Problem.malformed("the request body could not be read: " + e.getMessage());
        }
        return Json.readObject(body);
    }

    /** The bytes {@link #jsonBody()} read; empty before it ran. */
    byte[] bodyBytes() {
        return body == null ? new byte[0] : body.clone();
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String rawPath() {
        return exchange.getRequestURI().getRawPath();
    }

    private static void requireJsonContentType(String contentType) {
        if (contentType == null) {
            throw unsupported("the request has no Content-Type; send the body as application/json");
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw unsupported("the body is " + mediaType + "; send it as application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset") && (parameter.length < 2
                    || !parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                throw unsupported("the body must be UTF-8, got " + parts[i].strip());
            }
        }
    }

    private static Problem unsupported(String detail) {
        return new Problem(415, "unsupported-media-type", "Unsupported media type", detail)
                .withHeader("Accept-Post", "application/json");
    }

    private static Problem tooLarge() {
        return new Problem(413, "body-too-large", "The request body is too large",
                "the request body must be at most " + MAX_BODY_BYTES + " bytes (64 KiB)")
                .with("maxBytes", MAX_BODY_BYTES);
    }

    private static boolean isLongerThan(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.strip()) > limit;
        } catch (NumberFormatException e) {
            throw Problem.malformed("the Content-Length header '" + contentLength + "' is not a number");
        }
    }

    private void discardBody() {
        try (InputStream in = exchange.getRequestBody()) {
            discard(in);
        } catch (IOException e) {
            // The client went away or sent less than it announced: nothing left to answer.
        }
    }

    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while (total < MAX_DISCARD_BYTES && (read = in.read(buffer)) > 0) {
            total += read;
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.put(name, value) != null) {
                throw Problem.malformed("the query parameter '" + name + "' is given more than once")
                        .with("parameter", name);
            }
        }
        return parameters;
    }

    static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Problem.malformed("bad percent-encoding in '" + raw + "'");
        }
    }
}
