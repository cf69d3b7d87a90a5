package org.eventsourcing4j.internal.json;

/**
 * Well-formed UTF-8 (the Unicode Standard, table 3-7), checked one multi-byte sequence at a time.
 *
 * <p>A lead byte fixes the sequence length; every following byte must be a continuation
 * byte 0x80..0xBF. Four lead bytes narrow the range of the second byte, and each of those
 * narrowings is why a decoder that only counted continuation bytes would be wrong:
 * <ul>
 *   <li>0xE0 needs 0xA0..0xBF and 0xF0 needs 0x90..0xBF: lower second bytes would encode a
 *       code point that fits a shorter sequence (an overlong encoding, the classic way to
 *       smuggle a '"' or a NUL past a byte-level filter). The two-byte overlongs are the
 *       lead bytes 0xC0 and 0xC1, which are never valid.
 *   <li>0xED needs 0x80..0x9F: 0xA0..0xBF would encode U+D800..U+DFFF, UTF-16 surrogates,
 *       which are not characters; a Java decoder would turn them into lone surrogates.
 *   <li>0xF4 needs 0x80..0x8F: higher would pass U+10FFFF, the last code point. Lead bytes
 *       0xF5..0xFF could only start such sequences, so they are never valid either.
 * </ul>
 */
final class Utf8 {
    private Utf8() {
    }

    /**
     * The offset just after the well-formed sequence whose lead byte (0x80 or more) is at
     * {@code at}, or -1 if the lead byte is invalid or the sequence is truncated or malformed.
     */
    static int sequenceEnd(byte[] data, int at) {
        int lead = data[at] & 0xFF;
        int length;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                secondMin = 0xA0;
            } else if (lead == 0xED) {
                secondMax = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                secondMin = 0x90;
            } else if (lead == 0xF4) {
                secondMax = 0x8F;
            }
        } else {
            return -1; // a continuation byte without a lead, 0xC0, 0xC1 or 0xF5..0xFF
        }
        if (at + length > data.length) {
            return -1;
        }
        int second = data[at + 1] & 0xFF;
        if (second < secondMin || second > secondMax) {
            return -1;
        }
        for (int i = at + 2; i < at + length; i++) {
            if ((data[i] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return at + length;
    }
}
