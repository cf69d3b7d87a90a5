package org.eventsourcing4j.examples.bank.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query of a request, parsed from the raw query string (not the servlet's parameters):
 * {@code +} is a plus sign, not a space, so instants like {@code 10:00+01:00} survive; a
 * parameter given twice, an unknown one, or a malformed percent-escape is a 400 that names it.
 */
final class QueryParameters {
    private QueryParameters() {
    }

    /** The parameters of {@code rawQuery} (null: none), which must all be in {@code allowed}. */
    static Map<String, String> parse(String rawQuery, Set<String> allowed) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (parameters.put(name, value) != null) {
                    throw Problem.malformed("the query parameter '" + Problems.abbreviate(name)
                            + "' is given more than once").with("parameter", Problems.abbreviate(name));
                }
            }
        }
        for (String name : parameters.keySet()) {
            if (!allowed.contains(name)) {
                throw Problem.malformed("unknown query parameter '" + Problems.abbreviate(name) + "'"
                        + (allowed.isEmpty() ? "; this resource takes none" : "; this resource takes "
                        + String.join(", ", new TreeSet<>(allowed))))
                        .with("parameter", Problems.abbreviate(name));
            }
        }
        return parameters;
    }

    static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Problem.malformed("bad percent-encoding in '" + Problems.abbreviate(raw) + "'");
        }
    }
}
