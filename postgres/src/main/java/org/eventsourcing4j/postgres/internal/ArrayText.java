package org.eventsourcing4j.postgres.internal;

import java.util.Collection;

/**
 * PostgreSQL array literals ({@code {"a","b"}}, {@code {1,2}}) to bind as text and cast in
 * the statement ({@code ?::text[]}, {@code ?::int8[]}): cheaper than the driver's
 * {@code createArrayOf}, which looks up the array type and builds an array object per
 * parameter, for the few short arrays of a conditional append.
 */
final class ArrayText {
    private ArrayText() {
    }

    /** A {@code text[]} literal: every element quoted, backslashes and double quotes escaped. */
    static String ofText(Collection<String> values) {
        StringBuilder literal = new StringBuilder(2 + values.size() * 16).append('{');
        for (String value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    /** An {@code int8[]} literal. */
    static String ofLongs(long[] values) {
        StringBuilder literal = new StringBuilder(2 + values.length * 20).append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append(values[i]);
        }
        return literal.append('}').toString();
    }
}
