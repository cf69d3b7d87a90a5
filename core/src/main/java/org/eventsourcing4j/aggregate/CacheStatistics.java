package org.eventsourcing4j.aggregate;

/**
 * What an {@link AggregateRepository}'s cache did so far.
 *
 * @param hits   commands that started from a cached state
 * @param misses commands that found no cached state and read the stream
 * @param stale  commands whose cached state was behind the stream and that ran again on the stored state
 *               (a conflict on append, or the check after a command that raised nothing or failed)
 * @param size   aggregates in the cache now
 */
public record CacheStatistics(long hits, long misses, long stale, int size) {
    /** A repository without a cache. */
    public static final CacheStatistics NONE = new CacheStatistics(0, 0, 0, 0);
}
