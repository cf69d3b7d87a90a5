package org.eventsourcing4j.support;

import org.eventsourcing4j.store.InvalidArgumentException;

/** Checks for the identifier-like strings of the model (stream ids, type names, header names). */
public final class Text {
    private Text() {
    }

    /**
     * An identifier: not null, not blank, no surrounding whitespace, at most {@code maxLength}
     * characters, no control characters (NUL included) and no lone surrogates.
     */
    public static String identifier(String value, String argument, int maxLength) {
        if (value == null) {
            throw new InvalidArgumentException(argument, "must not be null");
        }
        if (value.isEmpty()) {
            throw new InvalidArgumentException(argument, "must not be empty");
        }
        if (value.isBlank()) {
            throw new InvalidArgumentException(argument, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidArgumentException(argument,
                    "is " + value.length() + " characters long, the limit is " + maxLength);
        }
        if (!value.strip().equals(value)) {
            throw new InvalidArgumentException(argument, "must not start or end with whitespace");
        }
        checkCharacters(value, argument, false);
        return value;
    }

    /**
     * Free text (header values): not null, at most {@code maxLength} characters, no NUL and
     * no lone surrogates; other control characters such as newlines are allowed.
     */
    public static String freeText(String value, String argument, int maxLength) {
        if (value == null) {
            throw new InvalidArgumentException(argument, "must not be null");
        }
        if (value.length() > maxLength) {
            throw new InvalidArgumentException(argument,
                    "is " + value.length() + " characters long, the limit is " + maxLength);
        }
        checkCharacters(value, argument, true);
        return value;
    }

    /** Rejects NUL and lone surrogates always, and other control characters unless allowed. */
    public static void checkCharacters(CharSequence value, String argument, boolean allowControl) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                throw new InvalidArgumentException(argument, "contains a NUL character at index " + i);
            }
            if (!allowControl && Character.isISOControl(c)) {
                throw new InvalidArgumentException(argument,
                        String.format("contains the control character U+%04X at index %d", (int) c, i));
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidArgumentException(argument, "contains a lone surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new InvalidArgumentException(argument, "contains a lone surrogate at index " + i);
            }
        }
    }
}
