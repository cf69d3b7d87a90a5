package org.eventsourcing4j.internal.json;

import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;

/**
 * Validates an event payload: exactly one JSON object (RFC 8259, strict: no comments, no
 * single quotes, no trailing commas, no NaN) in well-formed UTF-8 without a byte order mark,
 * at most {@link Limits#MAX_EVENT_DATA_BYTES}, followed only by whitespace; no duplicate keys
 * in any object (compared after decoding escapes); no NUL and no lone surrogate in any key or
 * string (PostgreSQL's {@code jsonb} refuses both, so no store accepts them); nesting, number
 * and key sizes within {@link Limits#MAX_EVENT_DATA_DEPTH},
 * {@link Limits#MAX_EVENT_DATA_NUMBER_DIGITS} and {@link Limits#MAX_EVENT_DATA_KEY_BYTES}.
 *
 * <p>Every event passes through here on append, so this is a hand-written scanner over the
 * bytes rather than a JSON parser: it allocates about 200 bytes per payload, and builds no
 * strings unless an object has more than 16 keys or the payload is refused.
 */
public final class JsonPayload {
    private JsonPayload() {
    }

    /** Throws {@link InvalidArgumentException} naming {@code argument} and the first problem's byte offset. */
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
        new JsonScanner(data, argument).scanDocument();
    }
}
