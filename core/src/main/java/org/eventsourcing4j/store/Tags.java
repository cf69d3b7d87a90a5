package org.eventsourcing4j.store;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.eventsourcing4j.support.Text;

/**
 * Validates event tags: what an event is about, for dynamic consistency boundaries
 * ({@code account:42}, {@code email:ada@example.com}). A tag is 1 to {@link #MAX_LENGTH}
 * characters without white space or control characters; an event has at most
 * {@link #MAX_TAGS} of them. Tags are a set, kept sorted.
 */
public final class Tags {
    /** The longest tag. */
    public static final int MAX_LENGTH = 200;
    /** The most tags one event may have. */
    public static final int MAX_TAGS = 32;

    private Tags() {
    }

    /** The validated, sorted, unmodifiable set of {@code tags}; empty for null. */
    public static Set<String> of(Collection<String> tags) {
        if (tags == null || tags.isEmpty()) {
            return Set.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidArgumentException("tags", tags.size() + " tags, the limit is " + MAX_TAGS);
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String tag : tags) {
            sorted.add(tag(tag));
        }
        return Collections.unmodifiableSet(sorted);
    }

    /** {@code tag}, validated. */
    public static String tag(String tag) {
        if (tag == null) {
            throw new InvalidArgumentException("tag", "must not be null");
        }
        if (tag.isEmpty() || tag.length() > MAX_LENGTH) {
            throw new InvalidArgumentException("tag", "must be 1 to " + MAX_LENGTH + " characters, got " + tag.length());
        }
        Text.checkCharacters(tag, "tag", false);
        for (int i = 0; i < tag.length(); i++) {
            if (Character.isWhitespace(tag.charAt(i))) {
                throw new InvalidArgumentException("tag", "must not contain white space: '" + tag + "'");
            }
        }
        return tag;
    }
}
