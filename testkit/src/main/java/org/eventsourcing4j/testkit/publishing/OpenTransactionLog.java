package org.eventsourcing4j.testkit.publishing;

import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.projection.CheckpointStore;

/** A store whose appends can be left in an open transaction (PostgreSQL), with its own checkpoints; closing drops it. */
public interface OpenTransactionLog extends AutoCloseable {

    EventStore store();

    CheckpointStore checkpoints();

    /** Appends {@code batch} in a transaction that stays open until the handle commits or rolls it back. */
    OpenAppend appendAndHold(AppendBatch batch);

    /** An append whose transaction is still open. */
    interface OpenAppend {
        void commit();

        void rollback();
    }

    @Override
    void close();
}
