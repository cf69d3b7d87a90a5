package org.eventsourcing4j.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The console's page, script and styles, from the jar: nothing is loaded from anywhere else. */
final class Assets {
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/assets/app.js", "app.js",
            "/assets/style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    static boolean has(String path) {
        return FILES.containsKey(path);
    }

    static void serve(Http http) throws IOException {
        String file = FILES.get(http.path());
        byte[] body;
        try (InputStream in = Assets.class.getResourceAsStream("/org/eventsourcing4j/console/assets/" + file)) {
            if (in == null) {
                throw new Http.HttpError(500, "the console's " + file + " is missing from the jar");
            }
            body = in.readAllBytes();
        }
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        http.send(200, type, body, file.endsWith(".html"));
    }

    private Assets() {
    }
}
