package org.eventsourcing4j.internal.json;

/** Decoding of the escapes in JSON strings that {@link JsonScanner} has already validated. */
final class JsonEscapes {
    private JsonEscapes() {
    }

    /** The value of the four hex digits at {@code at}, or -1 if one is not a hex digit. */
    static int hex4(byte[] data, int at) {
        int value = 0;
        for (int i = at; i < at + 4; i++) {
            int digit = hexDigit(data[i]);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /**
     * Writes the validated string content {@code data[from, to)} (without its quotes) to
     * {@code out} from {@code outAt} as UTF-8 with every escape decoded; returns the end.
     * An escaped surrogate pair becomes one four-byte character.
     */
    static int decode(byte[] data, int from, int to, byte[] out, int outAt) {
        int i = from;
        int o = outAt;
        while (i < to) {
            byte b = data[i];
            if (b != '\\') {
                out[o++] = b;
                i++;
            } else if (data[i + 1] != 'u') {
                out[o++] = unescape(data[i + 1]);
                i += 2;
            } else {
                int codePoint = hex4(data, i + 2);
                i += 6;
                if (Character.isHighSurrogate((char) codePoint)) {
                    codePoint = Character.toCodePoint((char) codePoint, (char) hex4(data, i + 2));
                    i += 6;
                }
                o = writeUtf8(codePoint, out, o);
            }
        }
        return o;
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static byte unescape(byte kind) {
        return switch (kind) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> kind; // '"', '\\' and '/' stand for themselves
        };
    }

    private static int writeUtf8(int codePoint, byte[] out, int at) {
        int o = at;
        if (codePoint < 0x80) {
            out[o++] = (byte) codePoint;
        } else if (codePoint < 0x800) {
            out[o++] = (byte) (0xC0 | codePoint >> 6);
            out[o++] = (byte) (0x80 | codePoint & 0x3F);
        } else if (codePoint < 0x10000) {
            out[o++] = (byte) (0xE0 | codePoint >> 12);
            out[o++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            out[o++] = (byte) (0x80 | codePoint & 0x3F);
        } else {
            out[o++] = (byte) (0xF0 | codePoint >> 18);
            out[o++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
            out[o++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            out[o++] = (byte) (0x80 | codePoint & 0x3F);
        }
        return o;
    }
}
