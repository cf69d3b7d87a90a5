package org.eventsourcing4j.examples.bank.http;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eventsourcing4j.aggregate.CommandContext;
import org.eventsourcing4j.aggregate.CommandOptions;
import org.eventsourcing4j.aggregate.VersionPrecondition;
import org.eventsourcing4j.support.Digests;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;

/**
 * Reads what Spring's binding cannot say the way the API does: account ids, bounded whole
 * numbers and instants in the query, the {@code If-Match}, {@code Idempotency-Key} and
 * {@code X-Request-Id} headers. Anything unreadable is a 400 that names it, and echoes at
 * most the first 40 characters of what was sent.
 */
final class Parameters {
    private static final Pattern ENTITY_TAG = Pattern.compile("\"([0-9]{1,18})\"");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    /** Visible ASCII, as RFC 8941 strings and tokens allow; quotes around it are taken off. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private Parameters() {
    }

    /** Account ids are the UUIDs the service hands out; anything else names no account. */
    static String accountId(String id) {
        try {
            if (UUID.fromString(id).toString().equals(id)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // not a UUID: not an account of this service
        }
        throw Problem.notFound("there is no account '" + Problems.abbreviate(id) + "'");
    }

    static long longParameter(String name, String value, long defaultValue, long min, long max) {
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problem.malformed("the query parameter '" + name + "' must be a whole number from " + min + " to "
                + max + ", got '" + Problems.abbreviate(value) + "'").with("parameter", name);
    }

    /** An ISO-8601 instant, {@code 2025-03-01T10:00:00Z} or with an offset, {@code 2025-03-01T11:00:00+01:00}. */
    static Instant instantParameter(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw Problem.malformed("the query parameter '" + name + "' must be an ISO-8601 instant such as "
                    + "2025-03-01T10:00:00Z, got '" + Problems.abbreviate(value) + "'").with("parameter", name);
        }
    }

    /**
     * The versions {@code If-Match} accepts: any when it is absent or {@code *}, else the
     * listed strong entity tags {@code "<version>"}.
     */
    static VersionPrecondition ifMatch(HttpServletRequest request) {
        List<String> values = headers(request, "If-Match");
        if (values.isEmpty()) {
            return VersionPrecondition.any();
        }
        Set<Long> versions = new HashSet<>();
        for (String value : values) {
            for (String tag : value.split(",")) {
                String trimmed = tag.strip();
                if (trimmed.equals("*")) {
                    return VersionPrecondition.any();
                }
                var matcher = ENTITY_TAG.matcher(trimmed);
                if (!matcher.matches()) {
                    throw Problem.malformed("If-Match must list entity tags of this service such as \"3\" (with the quotes),"
                            + " or be *; got '" + Problems.abbreviate(value) + "'").with("header", "If-Match");
                }
                versions.add(Long.parseLong(matcher.group(1)));
            }
        }
        return VersionPrecondition.oneOf(versions);
    }

    /**
     * How to run the command the request asks for: its context, the {@code If-Match}
     * precondition, and the {@code Idempotency-Key} with a fingerprint of the request
     * (method, path and body), so the same key with another request is refused. Call it
     * after the body was read.
     */
    static CommandOptions commandOptions(HttpServletRequest request, RequestBody body) {
        CommandOptions options = CommandOptions.DEFAULTS.withContext(commandContext(request))
                .withPrecondition(ifMatch(request));
        String key = idempotencyKey(request);
        if (key == null) {
            return options;
        }
        return options.withIdempotencyKey(key, fingerprint(request, body));
    }

    private static String idempotencyKey(HttpServletRequest request) {
        List<String> values = headers(request, "Idempotency-Key");
        if (values.isEmpty()) {
            return null;
        }
        String key = values.get(0).strip();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (values.size() > 1 || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw Problem.malformed("Idempotency-Key must be one value of 1 to 200 visible ASCII characters")
                    .with("header", "Idempotency-Key");
        }
        return key;
    }

    /** A digest of what the request asks for: method, path and body bytes. */
    private static String fingerprint(HttpServletRequest request, RequestBody requestBody) {
        byte[] head = (request.getMethod() + ' ' + request.getRequestURI() + '\n').getBytes(StandardCharsets.UTF_8);
        byte[] body = requestBody.bytes();
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return "sha256:" + HexFormat.of().formatHex(Digests.sha256(all));
    }

    /** The command's id: the client's {@code X-Request-Id} when it sent one, else a new one. */
    static CommandContext commandContext(HttpServletRequest request) {
        String requestId = request.getHeader("X-Request-Id");
        if (requestId == null) {
            return CommandContext.newCommand();
        }
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw Problem.malformed("X-Request-Id must be 1 to 100 letters, digits or ._:- characters")
                    .with("header", "X-Request-Id");
        }
        return CommandContext.command(requestId);
    }

    /** All values of a request header (repeated headers and comma-separated lists are both possible). */
    private static List<String> headers(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name));
    }
}
