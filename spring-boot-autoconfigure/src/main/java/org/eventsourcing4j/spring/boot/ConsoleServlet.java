package org.eventsourcing4j.spring.boot;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import org.eventsourcing4j.console.Console;
import org.eventsourcing4j.console.ConsoleExchange;

/**
 * The web console ({@link Console}) as a servlet, mapped to a path with a trailing
 * {@code /*}, e.g. {@code /console/*}: the console's pages then live at {@code /console/}. A
 * request for the bare mount path ({@code /console}) is redirected to it, since the pages
 * refer to their assets and API relative to it.
 *
 * <p>The live log is a server-sent event stream: it holds a request thread while a page
 * watches it (the console is an operator's tool, not a page for the public).
 */
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Console console;

    public ConsoleServlet(Console console) {
        this.console = java.util.Objects.requireNonNull(console, "console");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String below = request.getPathInfo();
        if (below == null || below.isEmpty()) {
            String query = request.getQueryString();
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            response.setHeader("Location", request.getRequestURI() + "/" + (query == null ? "" : "?" + query));
            return;
        }
        console.handle(new Exchange(request, response));
    }

    private record Exchange(HttpServletRequest request, HttpServletResponse response) implements ConsoleExchange {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            // The raw (still percent-encoded) path below the mapping, as ConsoleExchange asks.
            String uri = request.getRequestURI();
            String mount = request.getContextPath() + request.getServletPath();
            String below = uri.startsWith(mount) ? uri.substring(mount.length()) : request.getPathInfo();
            return below.startsWith("/") ? below : "/" + below;
        }

        @Override
        public String rawQuery() {
            String query = request.getQueryString();
            return query == null ? "" : query;
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(request.getHeader(name));
        }

        @Override
        public InputStream body() throws IOException {
            return request.getInputStream();
        }

        @Override
        public OutputStream respond(int status, Map<String, String> headers, long length) throws IOException {
            response.setStatus(status);
            headers.forEach(response::setHeader);
            if (length >= 0) {
                response.setContentLengthLong(length);
            }
            OutputStream body = response.getOutputStream();
            if (length < 0) {
                // A stream (server-sent events): the status and headers go out now, not with the first event.
                response.flushBuffer();
            }
            return body;
        }
    }
}
