package org.eventsourcing4j.testkit.publishing;

import java.io.Closeable;
import java.util.UUID;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.projection.CheckpointStore;
import org.eventsourcing4j.store.AppendBatch;
import org.eventsourcing4j.store.EventStore;

/** A store whose appends can be left in an open transaction (PostgreSQL), with its own checkpoints; closing drops it. */
public interface OpenTransactionLog extends AutoCloseable {

    /** The test server: {@code EVENTSOURCING4J_PG_URL}, default the local one. */
    static String serverUrl() {
        String configured = System.getenv("EVENTSOURCING4J_PG_URL");
        return configured == null || configured.isBlank() ? "jdbc:postgresql://localhost:5432/test?user=postgres"
                : configured;
    }

    /** A fresh schema name for one test, e.g. {@code es4j_test_held_1a2b3c4d}. */
    static String freshSchema(String label) {
        return "es4j_test_" + label + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The log of {@code store}, whose tables live in {@code schema} of the database behind
     * {@code pool}; checkpoints in the store's own table. Closing closes the store, drops the
     * schema and closes the pool.
     */
    static <P extends DataSource & Closeable> OpenTransactionLog inSchema(JdbcEventStore store, P pool,
                                                                            String schema) {
        return new SchemaTransactionLog(store, pool, schema);
    }

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
