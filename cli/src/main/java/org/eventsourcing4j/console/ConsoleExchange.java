package org.eventsourcing4j.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request to the console and its response, as the host that mounts the console
 * hands it over: the JDK's HTTP server ({@link ConsoleHttpHandler}), a servlet, or anything
 * else, in a few lines.
 */
public interface ConsoleExchange {

    /** {@code GET}, {@code POST}, … */
    String method();

    /** The path below where the console is mounted, starting with {@code /} (e.g. {@code /api/streams}). */
    String path();

    /** The raw query string without {@code ?}; empty when there is none. */
    String rawQuery();

    /** A request header (case-insensitive name); empty when absent. */
    Optional<String> header(String name);

    InputStream body() throws IOException;

    /**
     * Sends the status and headers; the body follows on the stream, which the console closes.
     * {@code length} is the body's length, or -1 when it is streamed (server-sent events).
     */
    OutputStream respond(int status, Map<String, String> headers, long length) throws IOException;
}
