package org.eventsourcing4j.internal.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;

/**
 * One pass over a payload's bytes that checks the rules {@link JsonPayload} documents,
 * by recursive descent over the RFC 8259 grammar. Recursion is bounded by
 * {@link Limits#MAX_EVENT_DATA_DEPTH} (two frames a level), so a deeply nested payload is
 * refused with an {@link InvalidArgumentException}, never a {@code StackOverflowError}.
 */
final class JsonScanner {
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final byte[] data;
    private final String argument;
    private final ObjectKeys keys;
    private int pos;
    private int depth;

    JsonScanner(byte[] data, String argument) {
        this.data = data;
        this.argument = argument;
        this.keys = new ObjectKeys(data);
    }

    void scanDocument() {
        skipWhitespace();
        if (pos == data.length) {
            throw invalid("must be a JSON object, but holds only whitespace", pos);
        }
        if (data[pos] != '{') {
            throw invalid("must be a JSON object, but starts with " + describe(pos), pos);
        }
        object();
        skipWhitespace();
        if (pos < data.length) {
            throw invalid("has content after the JSON object: " + describe(pos), pos);
        }
    }

    private void value() {
        if (pos == data.length) {
            throw syntax("expected a value, found the end of input", pos);
        }
        switch (data[pos]) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string(false);
            case 't' -> literal(TRUE);
            case 'f' -> literal(FALSE);
            case 'n' -> literal(NULL);
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
            default -> throw syntax("expected a value, found " + describe(pos), pos);
        }
    }

    private void object() {
        enterContainer();
        keys.openObject();
        pos++;
        skipWhitespace();
        if (!consume('}')) {
            do {
                skipWhitespace();
                key();
                skipWhitespace();
                expect(':', "':' after the key");
                skipWhitespace();
                value();
                skipWhitespace();
            } while (consume(','));
            expect('}', "',' or '}' after an object member");
        }
        keys.closeObject();
        depth--;
    }

    private void array() {
        enterContainer();
        pos++;
        skipWhitespace();
        if (!consume(']')) {
            do {
                skipWhitespace();
                value();
                skipWhitespace();
            } while (consume(','));
            expect(']', "',' or ']' after an array element");
        }
        depth--;
    }

    private void enterContainer() {
        if (++depth > Limits.MAX_EVENT_DATA_DEPTH) {
            throw invalid("nests objects and arrays more than " + Limits.MAX_EVENT_DATA_DEPTH + " levels deep", pos);
        }
    }

    private void key() {
        int start = pos;
        if (pos == data.length || data[pos] != '"') {
            throw syntax("expected '\"' to start a key, found " + describe(pos), pos);
        }
        boolean escaped = string(true);
        int length = keys.add(start + 1, pos - 1, escaped);
        if (length == ObjectKeys.DUPLICATE) {
            throw invalid("has the duplicate key \"" + keys.lastKey() + "\"", start);
        }
        if (length > Limits.MAX_EVENT_DATA_KEY_BYTES) {
            throw invalid("has a key of " + length + " bytes, the limit is " + Limits.MAX_EVENT_DATA_KEY_BYTES, start);
        }
    }

    private void literal(byte[] word) {
        int end = pos + word.length;
        if (end > data.length || !Arrays.equals(data, pos, end, word, 0, word.length)) {
            throw syntax("expected '" + new String(word, StandardCharsets.US_ASCII) + "'", pos);
        }
        pos = end;
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} */
    private void number() {
        int start = pos;
        consume('-');
        int digits;
        if (consume('0')) {
            if (pos < data.length && isDigit(data[pos])) {
                throw syntax("a number must not have a leading zero", start);
            }
            digits = 1;
        } else {
            digits = digits("expected a digit");
        }
        if (consume('.')) {
            digits += digits("expected a digit after the decimal point");
        }
        boolean exponent = false;
        if (consume('e') || consume('E')) {
            exponent = true;
            if (!consume('+')) {
                consume('-');
            }
            digits += digits("expected a digit in the exponent");
        }
        if (digits > Limits.MAX_EVENT_DATA_NUMBER_DIGITS) {
            throw invalid("has a number of " + digits + " digits, the limit is "
                    + Limits.MAX_EVENT_DATA_NUMBER_DIGITS, start);
        }
        if (exponent) {
            NumericRange.check(new String(data, start, pos - start, StandardCharsets.US_ASCII), argument, start);
        }
    }

    private int digits(String expected) {
        int from = pos;
        while (pos < data.length && isDigit(data[pos])) {
            pos++;
        }
        if (pos == from) {
            throw syntax(expected + ", found " + describe(pos), pos);
        }
        return pos - from;
    }

    /** Scans the string whose opening quote is at {@code pos}; returns whether it has escapes. */
    private boolean string(boolean key) {
        int start = pos;
        int i = start + 1;
        boolean escaped = false;
        while (true) {
            // The hot loop: printable ASCII other than '"' and '\\' (a negative byte is not ASCII).
            while (i < data.length && data[i] >= 0x20 && data[i] != '"' && data[i] != '\\') {
                i++;
            }
            if (i == data.length) {
                throw syntax("the string that starts here has no closing quote", start);
            }
            byte b = data[i];
            pos = i;
            if (b == '"') {
                pos++;
                return escaped;
            } else if (b == '\\') {
                escape(key);
                escaped = true;
            } else if (b < 0) {
                pos = Utf8.sequenceEnd(data, i);
                if (pos < 0) {
                    throw invalid("is not valid UTF-8: malformed sequence starting with " + describe(i), i);
                }
            } else if (b == 0) {
                throw invalid("contains a NUL byte in " + where(key), i);
            } else {
                throw syntax(String.format("the control character U+%04X must be escaped in a string", b), i);
            }
            i = pos;
        }
    }

    private void escape(boolean key) {
        if (pos + 1 == data.length) {
            throw syntax("the escape that starts here ends the input", pos);
        }
        switch (data[pos + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos += 2;
            case 'u' -> unicodeEscape(key);
            default -> throw syntax("invalid escape '\\' followed by " + describe(pos + 1), pos);
        }
    }

    /*
     * A JSON unicode escape (backslash, 'u', four hex digits) stands for one UTF-16 code unit,
     * so a character above U+FFFF is written as two escapes: a high surrogate (D800..DBFF)
     * then a low one (DC00..DFFF).
     * Either half alone is no character at all; Java would keep it as a lone surrogate, and
     * PostgreSQL's jsonb refuses it. So a high surrogate escape must be followed at once by
     * a low one, and a low one must never come first.
     */
    private void unicodeEscape(boolean key) {
        int start = pos;
        int unit = hexEscape(pos);
        pos += 6;
        if (unit == 0) {
            throw invalid("contains a NUL character (\\u0000) in " + where(key), start);
        }
        if (Character.isHighSurrogate((char) unit)) {
            boolean escapeFollows = pos + 1 < data.length && data[pos] == '\\' && data[pos + 1] == 'u';
            if (!escapeFollows || !Character.isLowSurrogate((char) hexEscape(pos))) {
                throw invalid(String.format("contains a lone surrogate \\u%04X in %s, a high surrogate "
                        + "must be followed by a low surrogate escape", unit, where(key)), start);
            }
            pos += 6;
        } else if (Character.isLowSurrogate((char) unit)) {
            throw invalid(String.format("contains a lone surrogate \\u%04X in %s, a low surrogate "
                    + "must follow a high surrogate escape", unit, where(key)), start);
        }
    }

    /** The value of the {@code \}{@code uXXXX} escape at {@code at}. */
    private int hexEscape(int at) {
        int value = at + 6 <= data.length ? JsonEscapes.hex4(data, at + 2) : -1;
        if (value < 0) {
            throw syntax("a \\u escape needs four hex digits", at);
        }
        return value;
    }

    private void skipWhitespace() {
        while (pos < data.length) {
            byte b = data[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private boolean consume(char expected) {
        if (pos < data.length && data[pos] == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char expected, String what) {
        if (!consume(expected)) {
            throw syntax("expected " + what + ", found " + describe(pos), pos);
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String where(boolean key) {
        return key ? "a key" : "a string";
    }

    private String describe(int at) {
        if (at >= data.length) {
            return "the end of input";
        }
        int b = data[at] & 0xFF;
        return b > 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02X", b);
    }

    private InvalidArgumentException syntax(String problem, int at) {
        return invalid("is not valid JSON: " + problem, at);
    }

    private InvalidArgumentException invalid(String problem, int at) {
        return new InvalidArgumentException(argument, problem + " at byte " + at);
    }
}
