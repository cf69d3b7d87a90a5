package org.eventsourcing4j.examples.bank.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps a method and a path to a handler. Patterns are literal segments and {@code {name}}
 * parameters, e.g. {@code /accounts/{id}/deposits}. A path no route has is a 404; a path
 * whose routes take other methods is a 405 that lists them in {@code Allow}.
 */
final class Router {

    @FunctionalInterface
    interface Handler {
        Response handle(Request request) throws Exception;
    }

    /** A route that matched: its pattern (a metrics tag), its handler and the path parameters. */
    record Match(String pattern, Handler handler, Map<String, String> parameters) {
    }

    private record Route(String method, String pattern, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, segments(pattern), handler));
        return this;
    }

    Match match(String method, String rawPath) {
        String[] path = segments(rawPath);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = parameters(route.segments, path);
            if (parameters == null) {
                continue;
            }
            if (route.method.equals(method)) {
                return new Match(route.pattern, route.handler, parameters);
            }
            allowed.add(route.method);
        }
        if (allowed.isEmpty()) {
            throw Problem.notFound("there is no resource at " + rawPath);
        }
        throw new Problem(405, "method-not-allowed", "Method not allowed",
                rawPath + " takes " + String.join(", ", allowed) + ", not " + method)
                .withHeader("Allow", String.join(", ", allowed));
    }

    /** The decoded path parameters when {@code path} fits {@code pattern}, else null. */
    private static Map<String, String> parameters(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{")) {
                parameters.put(pattern[i].substring(1, pattern[i].length() - 1), Request.decode(path[i]));
            } else if (!pattern[i].equals(path[i])) {
                return null;
            }
        }
        return parameters;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
