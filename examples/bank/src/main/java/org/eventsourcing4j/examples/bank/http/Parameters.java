package org.eventsourcing4j.examples.bank.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eventsourcing4j.aggregate.CommandContext;
import org.eventsourcing4j.examples.bank.VersionPrecondition;

/** Reads path, query and header values; anything unreadable is a 400 that names it. */
final class Parameters {
    private static final Pattern ENTITY_TAG = Pattern.compile("\"([0-9]{1,18})\"");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private Parameters() {
    }

    /** Account ids are the UUIDs the service hands out; anything else names no account. */
    static String accountId(Request request) {
        String id = request.path("id");
        try {
            if (UUID.fromString(id).toString().equals(id)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // not a UUID: not an account of this service
        }
        throw Problem.notFound("there is no account '" + id + "'");
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
                + max + ", got '" + value + "'").with("parameter", name);
    }

    /** An ISO-8601 instant, {@code 2025-03-01T10:00:00Z} or with an offset, {@code 2025-03-01T11:00:00+01:00}. */
    static Instant instantParameter(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw Problem.malformed("the query parameter '" + name + "' must be an ISO-8601 instant such as "
                    + "2025-03-01T10:00:00Z, got '" + value + "'").with("parameter", name);
        }
    }

    /**
     * The versions {@code If-Match} accepts: any when it is absent or {@code *}, else the
     * listed strong entity tags {@code "<version>"}.
     */
    static VersionPrecondition ifMatch(Request request) {
        List<String> values = request.headers("If-Match");
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
                            + " or be *; got '" + value + "'").with("header", "If-Match");
                }
                versions.add(Long.parseLong(matcher.group(1)));
            }
        }
        return VersionPrecondition.oneOf(versions);
    }

    /** The command's id: the client's {@code X-Request-Id} when it sent one, else a new one. */
    static CommandContext commandContext(Request request) {
        String requestId = request.header("X-Request-Id");
        if (requestId == null) {
            return CommandContext.newCommand();
        }
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw Problem.malformed("X-Request-Id must be 1 to 100 letters, digits or ._:- characters")
                    .with("header", "X-Request-Id");
        }
        return CommandContext.command(requestId);
    }
}
