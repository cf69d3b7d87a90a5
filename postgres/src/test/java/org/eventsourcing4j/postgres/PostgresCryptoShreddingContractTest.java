package org.eventsourcing4j.postgres;

import java.time.Clock;
import org.eventsourcing4j.shredding.DataKeyStore;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.testkit.CryptoShreddingContract;
import org.eventsourcing4j.testkit.postgres.PgDump;
import org.junit.jupiter.api.AfterEach;

/**
 * Crypto-shredding on the real PostgreSQL server: the data keys in the store's
 * {@code <prefix>data_keys} table; "everything stored" is a {@code pg_dump} of the test's schema.
 */
class PostgresCryptoShreddingContractTest extends CryptoShreddingContract {
    private PgTestDatabase database;
    private PostgresEventStore store;

    private PostgresEventStore open() {
        if (store == null) {
            database = PgTestDatabase.create("shredding");
            store = database.store("es_", Clock.systemUTC());
        }
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
            database.close();
        }
    }

    @Override
    protected EventStore store() {
        return open();
    }

    @Override
    protected DataKeyStore dataKeyStore() {
        return open().dataKeys();
    }

    @Override
    protected SnapshotStore snapshots() {
        return open().snapshots();
    }

    @Override
    protected byte[] everythingStored() {
        return PgDump.schema(database.url, database.schema);
    }
}
