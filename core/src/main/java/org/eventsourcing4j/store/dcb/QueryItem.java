package org.eventsourcing4j.store.dcb;

import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.Limits;
import org.eventsourcing4j.store.Tags;
import org.eventsourcing4j.support.Text;

/**
 * One item of an {@link EventQuery}: an event matches it when its type is one of
 * {@link #types()} (any type when empty) and it has every one of {@link #tags()}. At least
 * one of the two is not empty.
 */
public record QueryItem(Set<String> types, Set<String> tags) {

    public QueryItem {
        if (types == null) {
            throw new InvalidArgumentException("query item types", "must not be null (use an empty set)");
        }
        TreeSet<String> sortedTypes = new TreeSet<>();
        for (String type : types) {
            sortedTypes.add(Text.identifier(type, "query item type", Limits.MAX_EVENT_TYPE_LENGTH));
        }
        types = Collections.unmodifiableSet(sortedTypes);
        if (tags == null) {
            throw new InvalidArgumentException("query item tags", "must not be null (use an empty set)");
        }
        tags = Tags.of(tags);
        if (types.isEmpty() && tags.isEmpty()) {
            throw new InvalidArgumentException("query item",
                    "needs at least one type or one tag (EventQuery.all() matches every event)");
        }
    }

    /** Events of any of {@code types}. */
    public static QueryItem types(String... types) {
        return new QueryItem(Set.copyOf(Arrays.asList(notNull(types))), Set.of());
    }

    /** Events with all of {@code tags}, of any type. */
    public static QueryItem tags(String... tags) {
        return new QueryItem(Set.of(), Set.copyOf(Arrays.asList(notNull(tags))));
    }

    /** This item restricted to events that also have all of {@code moreTags}. */
    public QueryItem withTags(String... moreTags) {
        TreeSet<String> all = new TreeSet<>(tags);
        all.addAll(Arrays.asList(notNull(moreTags)));
        return new QueryItem(types, all);
    }

    /** Whether an event of {@code type} with {@code eventTags} matches. */
    public boolean matches(String type, Set<String> eventTags) {
        return (types.isEmpty() || types.contains(type)) && eventTags.containsAll(tags);
    }

    private static String[] notNull(String[] values) {
        if (values == null) {
            throw new InvalidArgumentException("query item", "values must not be null");
        }
        return values;
    }
}
