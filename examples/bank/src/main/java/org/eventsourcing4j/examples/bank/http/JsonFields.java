package org.eventsourcing4j.examples.bank.http;

import java.math.BigDecimal;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed access to the fields of a JSON request object. Every mistake is a 400 whose detail
 * and {@code field} member name the field: unknown, missing, of the wrong type, or an
 * amount that is not a decimal number within {@link #MAX_DIGITS} digits on either side of
 * the point. The bound holds at parse time, before any arithmetic: {@code 1e999999999} is
 * 23 bytes of JSON, but a billion digits as a plain decimal.
 */
final class JsonFields {
    /** At most this many digits before the decimal point, and at most this many after it. */
    static final int MAX_DIGITS = 20;
    /** A plain decimal in a string: digits, optionally a sign and a fraction; no exponent, no spaces. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]{1," + MAX_DIGITS + "}(\\.[0-9]{1,"
            + MAX_DIGITS + "})?");

    private final ObjectNode object;

    private JsonFields(ObjectNode object) {
        this.object = object;
    }

    /** The object, which may have no fields but {@code allowed}. */
    static JsonFields of(ObjectNode object, Set<String> allowed) {
        for (String name : object.propertyNames()) {
            if (!allowed.contains(name)) {
                throw Problem.badField(Problems.abbreviate(name), "unknown field '" + Problems.abbreviate(name)
                        + "'; this request takes "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return new JsonFields(object);
    }

    String requiredString(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw Problem.badField(field, "the field '" + field + "' is required");
        }
        return value;
    }

    /** Null when the field is absent or null. */
    String optionalString(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw Problem.badField(field, "the field '" + field + "' must be a string, got " + Json.describe(node));
        }
        return node.stringValue();
    }

    /**
     * An amount given as a JSON number ({@code 70.5}) or a string ({@code "70.50"}); read as
     * an exact decimal either way, never through {@code double}.
     */
    BigDecimal requiredAmount(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw Problem.badField(field, "the field '" + field + "' is required");
        }
        if (node.isNumber()) {
            BigDecimal amount = node.decimalValue();
            if (amount.scale() > MAX_DIGITS || amount.precision() - amount.scale() > MAX_DIGITS) {
                throw Problem.badField(field, "the field '" + field + "' must be a decimal number with at most "
                        + MAX_DIGITS + " digits before and " + MAX_DIGITS + " after the decimal point");
            }
            return amount;
        }
        if (node.isString() && DECIMAL.matcher(node.stringValue()).matches()) {
            return new BigDecimal(node.stringValue());
        }
        throw Problem.badField(field, "the field '" + field + "' must be a decimal number such as \"70.00\" or 70.5, got "
                + (node.isString() ? "the string '" + abbreviate(node.stringValue()) + "'" : Json.describe(node)));
    }

    private static String abbreviate(String text) {
        return Problems.abbreviate(text);
    }
}
