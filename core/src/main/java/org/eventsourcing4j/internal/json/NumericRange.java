package org.eventsourcing4j.internal.json;

import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * The range of PostgreSQL's {@code numeric}, in which {@code jsonb} keeps JSON numbers: at
 * most 131072 digits before the decimal point and 16383 after it (measured on PostgreSQL
 * 15: {@code '{"a": 1e131072}'::jsonb} fails with "value overflows numeric format"). Every
 * store refuses such numbers, so a payload accepted by one is accepted by all.
 */
final class NumericRange {
    /** Digits after the decimal point that PostgreSQL's numeric keeps at most. */
    private static final long MAX_SCALE = 16383;
    /** Highest power of ten of the leading digit that PostgreSQL's numeric allows. */
    private static final long MAX_LEADING_EXPONENT = 131071;

    private NumericRange() {
    }

    /**
     * Refuses a valid JSON number literal outside the range. Works on the text, so
     * {@code 1e999999} costs nothing to check. Without an exponent the digit limit of
     * {@code Limits} keeps every number in range, so only literals with one need checking.
     */
    static void check(String literal, String argument, int offset) {
        int e = Math.max(literal.indexOf('e'), literal.indexOf('E'));
        String mantissa = e < 0 ? literal : literal.substring(0, e);
        long exponent = 0;
        if (e >= 0) {
            String digits = literal.substring(e + 1);
            boolean negative = digits.startsWith("-");
            digits = digits.startsWith("-") || digits.startsWith("+") ? digits.substring(1) : digits;
            if (digits.length() > 9) {
                throw outOfRange(literal, argument, offset);
            }
            exponent = negative ? -Long.parseLong(digits) : Long.parseLong(digits);
        }
        String unsigned = mantissa.startsWith("-") ? mantissa.substring(1) : mantissa;
        int dot = unsigned.indexOf('.');
        String integer = dot < 0 ? unsigned : unsigned.substring(0, dot);
        String fraction = dot < 0 ? "" : unsigned.substring(dot + 1);
        if (fraction.length() - exponent > MAX_SCALE) {
            throw outOfRange(literal, argument, offset);
        }
        String all = integer + fraction;
        for (int i = 0; i < all.length(); i++) {
            if (all.charAt(i) != '0') {
                if (integer.length() - 1 - i + exponent > MAX_LEADING_EXPONENT) {
                    throw outOfRange(literal, argument, offset);
                }
                return;
            }
        }
    }

    private static InvalidArgumentException outOfRange(String literal, String argument, int offset) {
        String shown = literal.length() > 40 ? literal.substring(0, 40) + "..." : literal;
        return new InvalidArgumentException(argument, "has a number out of the range a database numeric keeps"
                + " (131072 digits before the decimal point, 16383 after), " + shown + " at byte " + offset);
    }
}
