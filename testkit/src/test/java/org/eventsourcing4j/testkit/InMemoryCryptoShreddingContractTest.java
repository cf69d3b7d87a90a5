package org.eventsourcing4j.testkit;

import java.io.ByteArrayOutputStream;
import org.eventsourcing4j.shredding.DataKeyRecord;
import org.eventsourcing4j.shredding.DataKeyStore;
import org.eventsourcing4j.shredding.InMemoryDataKeyStore;
import org.eventsourcing4j.snapshot.InMemorySnapshotStore;
import org.eventsourcing4j.snapshot.SnapshotStore;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.memory.InMemoryEventStore;

/** The crypto-shredding contract on the in-memory stores; "everything stored" is every event, snapshot and key row. */
class InMemoryCryptoShreddingContractTest extends CryptoShreddingContract {
    final InMemoryEventStore store = new InMemoryEventStore();
    final DataKeyStore keys = newKeys();
    final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();

    DataKeyStore newKeys() {
        return new InMemoryDataKeyStore();
    }

    @Override
    protected EventStore store() {
        return store;
    }

    @Override
    protected DataKeyStore dataKeyStore() {
        return keys;
    }

    @Override
    protected SnapshotStore snapshots() {
        return snapshots;
    }

    @Override
    protected byte[] everythingStored() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (RecordedEvent event : store.readAll(LogPosition.START, 10_000).events()) {
            all.writeBytes(event.streamId().value().getBytes());
            all.writeBytes(event.data());
        }
        for (RecordedEvent event : store.readAll(LogPosition.START, 10_000).events()) {
            snapshots.loadLatest(event.streamId()).ifPresent(snapshot -> all.writeBytes(snapshot.data()));
        }
        for (DataKeyRecord row : keys.livePage(null, 10_000)) {
            all.writeBytes(row.wrappedKey());
        }
        return all.toByteArray();
    }
}
