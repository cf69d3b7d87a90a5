package org.eventsourcing4j.store.internal;

import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Validates an event payload: one JSON object in UTF-8, at most
 * {@link Limits#MAX_EVENT_DATA_BYTES}, no duplicate keys, and no NUL or lone surrogate in
 * any key or string (PostgreSQL's {@code jsonb} refuses both, so no store accepts them), and
 * no number outside the range of PostgreSQL's {@code numeric}, in which {@code jsonb} keeps
 * numbers: at most 131072 digits before the decimal point and 16383 after it.
 */
public final class JsonPayload {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonPayload() {
    }

    public static void validate(byte[] data, String argument) {
        if (data == null) {
            throw new InvalidArgumentException(argument, "must not be null");
        }
        if (data.length == 0) {
            throw new InvalidArgumentException(argument, "must not be empty");
        }
        if (data.length > Limits.MAX_EVENT_DATA_BYTES) {
            throw new InvalidArgumentException(argument,
                    "is " + data.length + " bytes, the limit is " + Limits.MAX_EVENT_DATA_BYTES);
        }
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), data)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidArgumentException(argument, "must be a JSON object, starts with " + first);
            }
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.PROPERTY_NAME) {
                    Text.checkCharacters(parser.currentName(), argument + " key", true);
                } else if (token == JsonToken.VALUE_STRING) {
                    Text.checkCharacters(parser.getString(), argument + " string value", true);
                } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    checkNumberRange(parser.getText(), argument);
                }
                if (parser.streamReadContext().inRoot() && token.isStructEnd()) {
                    if (parser.nextToken() != null) {
                        throw new InvalidArgumentException(argument, "has content after the JSON object");
                    }
                    return;
                }
            }
            throw new InvalidArgumentException(argument, "is not valid JSON: unexpected end of input");
        } catch (JacksonException e) {
            throw new InvalidArgumentException(argument, "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Digits after the decimal point that PostgreSQL's numeric keeps at most. */
    private static final long MAX_SCALE = 16383;
    /** Highest power of ten of the leading digit that PostgreSQL's numeric allows. */
    private static final long MAX_LEADING_EXPONENT = 131071;

    /**
     * Refuses a JSON number literal that PostgreSQL's {@code jsonb} would refuse with
     * "value overflows numeric format". Works on the text (Jackson caps its length), so
     * {@code 1e999999} costs nothing to check.
     */
    static void checkNumberRange(String literal, String argument) {
        int e = Math.max(literal.indexOf('e'), literal.indexOf('E'));
        String mantissa = e < 0 ? literal : literal.substring(0, e);
        long exponent = 0;
        if (e >= 0) {
            String digits = literal.substring(e + 1);
            boolean negative = digits.startsWith("-");
            digits = digits.startsWith("-") || digits.startsWith("+") ? digits.substring(1) : digits;
            if (digits.length() > 9) {
                throw numberOutOfRange(literal, argument);
            }
            exponent = negative ? -Long.parseLong(digits) : Long.parseLong(digits);
        }
        String unsigned = mantissa.startsWith("-") ? mantissa.substring(1) : mantissa;
        int dot = unsigned.indexOf('.');
        String integer = dot < 0 ? unsigned : unsigned.substring(0, dot);
        String fraction = dot < 0 ? "" : unsigned.substring(dot + 1);
        if (fraction.length() - exponent > MAX_SCALE) {
            throw numberOutOfRange(literal, argument);
        }
        String all = integer + fraction;
        for (int i = 0; i < all.length(); i++) {
            if (all.charAt(i) != '0') {
                long leadingExponent = integer.length() - 1 - i + exponent;
                if (leadingExponent > MAX_LEADING_EXPONENT) {
                    throw numberOutOfRange(literal, argument);
                }
                return;
            }
        }
    }

    private static InvalidArgumentException numberOutOfRange(String literal, String argument) {
        String shown = literal.length() > 40 ? literal.substring(0, 40) + "..." : literal;
        return new InvalidArgumentException(argument, "number " + shown
                + " is out of the range databases store (at most 131072 digits before the decimal point, 16383 after)");
    }
}
