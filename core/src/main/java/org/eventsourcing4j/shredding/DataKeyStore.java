package org.eventsourcing4j.shredding;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where wrapped data keys live, one row per subject: {@link InMemoryDataKeyStore} for the
 * in-memory store; {@code JdbcDataKeyStore} ({@code org.eventsourcing4j.jdbc}, the SQL store's
 * {@code dataKeys()}) in a table beside the events of SQLite or PostgreSQL. Implementations
 * are thread-safe; they never see an unwrapped key.
 */
public interface DataKeyStore {

    /** The subject's row, live or forgotten. */
    Optional<DataKeyRecord> find(String subject);

    /**
     * Stores {@code record} (live) unless the subject has a row; answers the row that is
     * stored now, so that concurrent first writes for a subject agree on one key.
     */
    DataKeyRecord insertIfAbsent(DataKeyRecord record);

    /**
     * Destroys the subject's wrapped key, leaving a tombstone with {@code at}; also for a subject
     * with no row. Whether a key was destroyed (false when already forgotten or never had one).
     */
    boolean forget(String subject, Instant at);

    /** Live rows (not forgotten) with subjects after {@code afterSubject} (null: from the first), in subject order. */
    List<DataKeyRecord> livePage(String afterSubject, int limit);

    /**
     * Replaces a live row's wrapped key if it still is {@code expected} (compare-and-set, so a
     * rotation never resurrects a key forgotten meanwhile); whether it was replaced.
     */
    boolean replace(DataKeyRecord expected, DataKeyRecord replacement);
}
