package org.eventsourcing4j.examples.bank.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer in the shape of RFC 9457 ({@code application/problem+json}): a type URI
 * (relative, {@code /problems/<slug>}, listed in docs/bank.md), a short title that is the
 * same for every problem of the type, the HTTP status and a detail for this occurrence.
 * Thrown by request handlers; the server writes it.
 *
 * @param extensions further members, e.g. {@code field} (the request field at fault) or
 *                   {@code rule} (the account rule that was broken)
 */
public final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String slug;
    private final String title;
    private final transient Map<String, Object> extensions = new LinkedHashMap<>();
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    public Problem(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** 400: the request cannot be read (JSON, a field, a query parameter, a header). */
    public static Problem malformed(String detail) {
        return new Problem(400, "malformed-request", "The request is malformed", detail);
    }

    /** 400 naming the request field at fault. */
    public static Problem badField(String field, String detail) {
        return malformed(detail).with("field", field);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not-found", "Not found", detail);
    }

    /** Adds an extension member. */
    public Problem with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    /** Adds a response header. */
    public Problem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String type() {
        return "/problems/" + slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
