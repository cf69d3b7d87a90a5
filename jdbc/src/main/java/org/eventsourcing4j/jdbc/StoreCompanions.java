package org.eventsourcing4j.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eventsourcing4j.store.Registration;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Lazy;

/**
 * What a SQL event store keeps beside its events, the same for every SQL store: its inline
 * projections, and its checkpoint, dead-letter, snapshot, projection-control and data-key tables, each created (migrated)
 * on first use, in the store's database, its schema recorded in the store's history.
 */
public final class StoreCompanions {
    private final List<InlineProjection> inlineProjections = new CopyOnWriteArrayList<>();
    private final Lazy<JdbcCheckpointStore> checkpoints;
    private final Lazy<JdbcDeadLetterStore> deadLetters;
    private final Lazy<JdbcSnapshotStore> snapshots;
    private final Lazy<JdbcProjectionControl> projectionControl;
    private final Lazy<JdbcDataKeyStore> dataKeys;

    /**
     * @param store   the store's transactions, in which the tables live
     * @param prefix  the tables' names start with it (schema-qualified where the store has a schema)
     * @param history where their schema versions are recorded
     */
    public StoreCompanions(JdbcTransactions store, String prefix, SchemaMigrations history) {
        Checks.notNull(store, "store");
        Checks.notNull(prefix, "prefix");
        Checks.notNull(history, "schema history");
        this.checkpoints = new Lazy<>(() -> new JdbcCheckpointStore(store, prefix + "checkpoints", history));
        this.deadLetters = new Lazy<>(() -> new JdbcDeadLetterStore(store, prefix + "dead_letters", history));
        this.snapshots = new Lazy<>(() -> new JdbcSnapshotStore(store, prefix + "snapshots",
                JdbcSnapshotStore.DEFAULT_RETAINED_PER_STREAM, history));
        this.projectionControl = new Lazy<>(() -> new JdbcProjectionControl(store, prefix, history));
        this.dataKeys = new Lazy<>(() -> new JdbcDataKeyStore(store, prefix + "data_keys", history));
    }

    /** See {@link JdbcEventStore#addInlineProjection}. */
    public Registration addInlineProjection(InlineProjection projection) {
        Checks.notNull(projection, "projection");
        inlineProjections.add(projection);
        return () -> inlineProjections.remove(projection);
    }

    /** The inline projections registered now, for one append. */
    public List<InlineProjection> inlineProjections() {
        return List.copyOf(inlineProjections);
    }

    public JdbcCheckpointStore checkpoints() {
        return checkpoints.get();
    }

    public JdbcDeadLetterStore deadLetters() {
        return deadLetters.get();
    }

    public JdbcSnapshotStore snapshots() {
        return snapshots.get();
    }

    public JdbcProjectionControl projectionControl() {
        return projectionControl.get();
    }

    public JdbcDataKeyStore dataKeys() {
        return dataKeys.get();
    }
}
