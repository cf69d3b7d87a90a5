package org.eventsourcing4j.store;

import org.eventsourcing4j.support.Text;

/**
 * The id of one stream (one aggregate instance), e.g. {@code "account-42"}.
 *
 * <p>Rules, checked on construction: not null, not blank, no leading or trailing
 * whitespace, at most {@link Limits#MAX_STREAM_ID_LENGTH} characters, no control
 * characters (NUL included) and no lone surrogates.
 *
 * <p>A stream's <em>category</em> is the part before the first {@code '-'}
 * ({@code "account"} for {@code "account-42"}); global-log reads can filter by a stream
 * id prefix such as {@code "account-"}.
 */
public record StreamId(String value) implements Comparable<StreamId> {

    public StreamId {
        Text.identifier(value, "stream id", Limits.MAX_STREAM_ID_LENGTH);
    }

    public static StreamId of(String value) {
        return new StreamId(value);
    }

    /** The part before the first {@code '-'}, or the whole id when it has none. */
    public String category() {
        int dash = value.indexOf('-');
        return dash < 0 ? value : value.substring(0, dash);
    }

    @Override
    public int compareTo(StreamId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
