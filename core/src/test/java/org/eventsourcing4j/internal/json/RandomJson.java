package org.eventsourcing4j.internal.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random JSON payloads from one seeded {@link Random}: mostly valid objects built from random
 * structures (unicode, every escape, numbers, nesting, large objects), with a few semantic
 * faults mixed in (duplicate keys spelled differently, NUL and lone surrogate escapes, bad
 * numbers and literals), and byte-level mutations of them.
 */
final class RandomJson {
    private static final int[] CODE_POINTS = {
        0x01, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x20AC, 0x4E2D,
        0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    private static final String[] BAD_NUMBERS = {
        "01", "-01", "+1", ".5", "1.", "1.e5", "1e", "1e+", "-", "--1", "NaN", "Infinity", "-Infinity", "0x1F", "1_000"};
    private static final String[] BAD_LITERALS = {"True", "nul", "tru", "falsy", "NULL", "undefined"};
    private static final int[] INTERESTING_BYTES = {
        0x00, 0x01, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x20, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED,
        0xEF, 0xF0, 0xF4, 0xF5, 0xFF, '"', '\\', ',', ':', '{', '}', '[', ']', '-', '+', '.', '0', '1', 'e', 'u', '/'};
    private static final byte[][] SNIPPETS = {
        ascii("\\x"), ascii("\\u12"), ascii("\\uZZZZ"), ascii("\\ud800"), ascii("\\udc00"), ascii("\\ud800\\ud800"),
        ascii("\\ud83d\\ude00"), ascii("\\u0000"), ascii("\\"), ascii("\""), ascii(",}"), ascii(",]"), ascii("//"),
        ascii("/*x*/"), ascii("'"), ascii("\"k\":1,"), ascii("{}"), ascii("[]"), ascii("01"), ascii("e5"),
        ascii("NaN"), ascii("true"), bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF), bytes(0xED, 0x9F, 0xBF),
        bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF4, 0x8F, 0xBF, 0xBF), bytes(0xC0, 0xAF), bytes(0xE0, 0x80, 0xAF),
        bytes(0xE0, 0xA0, 0x80), bytes(0xF0, 0x80, 0x80, 0x80), bytes(0xF0, 0x90, 0x80, 0x80), bytes(0xE2, 0x82),
        bytes(0xEF, 0xBB, 0xBF), bytes(0xC2, 0xA0), bytes(0xF8, 0x88, 0x80, 0x80, 0x80)};

    private final Random random;

    RandomJson(Random random) {
        this.random = random;
    }

    /** A payload that is usually, but not always, valid. */
    byte[] document() {
        StringBuilder json = new StringBuilder();
        whitespace(json);
        if (chance(0.005)) {
            deepChain(json, 490 + random.nextInt(20));
        } else {
            object(json, 1 + random.nextInt(6), 1);
        }
        whitespace(json);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code document} changed by one to three random byte-level mutations. */
    byte[] mutate(byte[] document) {
        byte[] result = document;
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            result = mutateOnce(result);
        }
        return result;
    }

    private byte[] mutateOnce(byte[] in) {
        int at = random.nextInt(in.length + 1);
        switch (random.nextInt(8)) {
            case 0:
                return replace(in, at, new byte[] {(byte) random.nextInt(256)});
            case 1:
                return replace(in, at, new byte[] {(byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]});
            case 2:
                return Arrays.copyOf(in, at);
            case 3:
                return insert(in, at, new byte[] {(byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]});
            case 4:
                return insert(in, at, SNIPPETS[random.nextInt(SNIPPETS.length)]);
            case 5:
                return delete(in, at, 1 + random.nextInt(3));
            case 6:
                int from = random.nextInt(in.length + 1);
                int to = Math.min(in.length, from + random.nextInt(8));
                return insert(in, at, Arrays.copyOfRange(in, from, to));
            default:
                return replace(in, at, new byte[] {(byte) (at < in.length ? in[at] ^ 1 << random.nextInt(8) : 0)});
        }
    }

    private void deepChain(StringBuilder json, int levels) {
        json.append("{\"deep\":");
        for (int i = 1; i < levels; i++) {
            json.append(random.nextBoolean() ? "[" : "{\"k\":");
        }
        json.append("0");
        for (int i = json.length() - 1; i >= 0; i--) {
            char c = json.charAt(i);
            if (c == '[') {
                json.append(']');
            } else if (c == '{') {
                json.append('}');
            }
        }
    }

    private void object(StringBuilder json, int depthLeft, int minMembers) {
        json.append('{');
        int members = chance(0.05) ? 15 + random.nextInt(30) : minMembers + random.nextInt(6);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                json.append(',');
            }
            whitespace(json);
            String key = !keys.isEmpty() && chance(0.02) ? keys.get(random.nextInt(keys.size())) : randomKey(members);
            keys.add(key);
            string(json, key);
            whitespace(json);
            json.append(':');
            whitespace(json);
            value(json, depthLeft - 1);
            whitespace(json);
        }
        if (members > 0 && chance(0.01)) {
            json.append(',');
        }
        json.append('}');
    }

    private void array(StringBuilder json, int depthLeft) {
        json.append('[');
        int elements = random.nextInt(5);
        for (int i = 0; i < elements; i++) {
            if (i > 0) {
                json.append(',');
            }
            whitespace(json);
            value(json, depthLeft - 1);
            whitespace(json);
        }
        json.append(']');
    }

    private void value(StringBuilder json, int depthLeft) {
        int kind = random.nextInt(depthLeft > 0 ? 7 : 5);
        switch (kind) {
            case 0, 1 -> string(json, randomText());
            case 2 -> number(json);
            case 3 -> json.append(chance(0.01) ? pick(BAD_LITERALS) : pick(new String[] {"true", "false", "null"}));
            case 4 -> number(json);
            case 5 -> object(json, depthLeft, 0);
            default -> array(json, depthLeft);
        }
    }

    private void number(StringBuilder json) {
        if (chance(0.01)) {
            json.append(pick(BAD_NUMBERS));
            return;
        }
        if (random.nextBoolean()) {
            json.append('-');
        }
        if (chance(0.3)) {
            json.append('0');
        } else {
            json.append(1 + random.nextInt(9));
            digits(json, random.nextInt(chance(0.05) ? 40 : 6));
        }
        if (chance(0.3)) {
            json.append('.');
            digits(json, 1 + random.nextInt(8));
        }
        if (chance(0.2)) {
            json.append(random.nextBoolean() ? 'e' : 'E').append(pick(new String[] {"", "+", "-"}));
            digits(json, 1 + random.nextInt(3));
        }
    }

    private void digits(StringBuilder json, int count) {
        for (int i = 0; i < count; i++) {
            json.append(random.nextInt(10));
        }
    }

    /** A random key, long enough that accidental duplicates are rare but happen. */
    private String randomKey(int members) {
        return chance(0.02) ? "" : randomText((members > 8 ? 3 : 1) + random.nextInt(4));
    }

    private String randomText() {
        return randomText(random.nextInt(chance(0.1) ? 40 : 6));
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            double r = random.nextDouble();
            int codePoint = r < 0.6 ? 0x20 + random.nextInt(0x5F) : r < 0.7 ? "\"\\/".charAt(random.nextInt(3))
                    : CODE_POINTS[random.nextInt(CODE_POINTS.length)];
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    /** Writes {@code text} as a JSON string, escaping each character one of the valid ways at random. */
    private void string(StringBuilder json, String text) {
        json.append('"');
        text.codePoints().forEach(c -> character(json, c));
        if (chance(0.01)) {
            json.append(pick(new String[] {"\\u0000", "\\ud800", "\\uDBFF", "\\udc00", "\\uDFFF", "\\ude00\\ud83d"}));
        }
        json.append('"');
    }

    private void character(StringBuilder json, int c) {
        boolean mustEscape = c < 0x20 || c == '"' || c == '\\';
        if (!mustEscape && random.nextDouble() < 0.7) {
            json.appendCodePoint(c);
            return;
        }
        String shortEscape = switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '/' -> "\\/";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> null;
        };
        if (shortEscape != null && random.nextBoolean()) {
            json.append(shortEscape);
            return;
        }
        for (char unit : Character.toChars(c)) {
            String hex = String.format("%04x", (int) unit);
            json.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase());
        }
    }

    private void whitespace(StringBuilder json) {
        while (chance(0.2)) {
            json.append(" \t\r\n".charAt(random.nextInt(4)));
        }
    }

    private boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] replace(byte[] in, int at, byte[] with) {
        return at == in.length ? insert(in, at, with) : insert(delete(in, at, 1), at, with);
    }

    private static byte[] insert(byte[] in, int at, byte[] what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + what.length);
        out.write(in, 0, at);
        out.write(what, 0, what.length);
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    private static byte[] delete(byte[] in, int at, int count) {
        int end = Math.min(in.length, at + count);
        byte[] out = new byte[in.length - (end - at)];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, end, out, at, in.length - end);
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
