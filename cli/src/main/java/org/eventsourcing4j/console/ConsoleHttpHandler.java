package org.eventsourcing4j.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Mounts a {@link Console} on the JDK's HTTP server:
 * {@code server.createContext("/console", new ConsoleHttpHandler(console))}. Paths are taken
 * relative to the context's path.
 */
public final class ConsoleHttpHandler implements HttpHandler {
    private final Console console;

    public ConsoleHttpHandler(Console console) {
        this.console = console;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            console.handle(new Exchange(exchange));
        } finally {
            exchange.close();
        }
    }

    private record Exchange(HttpExchange http) implements ConsoleExchange {
        @Override
        public String method() {
            return http.getRequestMethod();
        }

        @Override
        public String path() {
            String context = http.getHttpContext().getPath();
            String full = http.getRequestURI().getRawPath();
            String below = full.startsWith(context) ? full.substring(context.length()) : full;
            return below.startsWith("/") ? below : "/" + below;
        }

        @Override
        public String rawQuery() {
            String query = http.getRequestURI().getRawQuery();
            return query == null ? "" : query;
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(http.getRequestHeaders().getFirst(name));
        }

        @Override
        public InputStream body() {
            return http.getRequestBody();
        }

        @Override
        public OutputStream respond(int status, Map<String, String> headers, long length) throws IOException {
            headers.forEach((name, value) -> http.getResponseHeaders().set(name, value));
            http.sendResponseHeaders(status, length < 0 ? 0 : length == 0 ? -1 : length);
            return http.getResponseBody();
        }
    }
}
