package org.eventsourcing4j.console.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eventsourcing4j.cli.internal.Json;
import org.eventsourcing4j.console.ConsoleExchange;

/** One request as the console's handlers see it: its query parameters, and the responses they send. */
public final class Http {
    /** No scripts, styles, images or connections from anywhere but the console itself; no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ConsoleExchange exchange;
    private final Map<String, String> query = new HashMap<>();

    public Http(ConsoleExchange exchange) {
        this.exchange = exchange;
        for (String pair : exchange.rawQuery().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.putIfAbsent(name, value);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The same request with {@code after} set (a reconnecting browser's {@code Last-Event-ID}). */
    Http withAfter(String position) {
        Http copy = new Http(exchange);
        copy.query.put("after", position);
        return copy;
    }

    public ConsoleExchange exchange() {
        return exchange;
    }

    public String method() {
        return exchange.method();
    }

    public String path() {
        return exchange.path();
    }

    /** A query parameter; empty when absent or blank. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isBlank());
    }

    /** A required query parameter. */
    public String required(String name) {
        return parameter(name).orElseThrow(() -> new HttpError(400, "the query parameter '" + name + "' is missing"));
    }

    public long number(String name, long otherwise) {
        Optional<String> value = parameter(name);
        try {
            return value.isPresent() ? Long.parseLong(value.get()) : otherwise;
        } catch (NumberFormatException e) {
            throw new HttpError(400, "'" + name + "' must be a whole number, got '" + value.get() + "'");
        }
    }

    public void json(int status, Object body) throws IOException {
        send(status, "application/json; charset=utf-8", Json.write(body).getBytes(StandardCharsets.UTF_8), true);
    }

    public void error(int status, String message) throws IOException {
        json(status, Json.object().put("error", message));
    }

    /** Sends a whole body with the console's security headers. */
    public void send(int status, String contentType, byte[] body, boolean noStore) throws IOException {
        try (OutputStream out = exchange.respond(status, headers(contentType, noStore), body.length)) {
            out.write(body);
        }
    }

    /** Starts a streamed response (server-sent events). */
    public OutputStream stream(String contentType) throws IOException {
        return exchange.respond(200, headers(contentType, true), -1);
    }

    private static Map<String, String> headers(String contentType, boolean noStore) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put("Cache-Control", noStore ? "no-store" : "max-age=60");
        return headers;
    }

    /** A failure that becomes an HTTP status and a one-line JSON error. */
    public static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public HttpError(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
