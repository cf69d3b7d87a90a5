package org.eventsourcing4j.nats;

import java.nio.file.Path;
import java.util.List;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.sqlite.SqliteProjectionLease;
import org.eventsourcing4j.store.EventStore;
import org.eventsourcing4j.subscription.CheckpointStore;
import org.eventsourcing4j.testkit.publishing.BrokerChannel;
import org.eventsourcing4j.testkit.publishing.OpenTransactionLog;
import org.eventsourcing4j.testkit.publishing.PublisherFaultContract;

/**
 * The fault contract on a NATS server of the tests' own: it is killed (kill -9) and restarted, a
 * publisher process on a SQLite file is killed and restarted, and a PostgreSQL transaction
 * is held open. Also the fixture of {@code PublisherProcess}, the child JVM.
 */
class NatsPublisherFaultTest extends PublisherFaultContract {

    @Override
    protected BrokerChannel openRestartableChannel(String label) {
        return NatsChannel.create(NatsTestServer.shared().url(), label, 0);
    }

    @Override
    protected void killBroker() throws Exception {
        NatsTestServer.shared().kill();
    }

    @Override
    protected void startBroker() throws Exception {
        NatsTestServer.shared().start();
    }

    @Override
    protected BrokerChannel channelAt(List<String> address) {
        return NatsChannel.at(address);
    }

    @Override
    protected EventStore openSqlite(Path file) {
        return SqliteEventStore.open(file);
    }

    @Override
    protected CheckpointStore durableCheckpoints(EventStore sqliteStore) {
        return new JdbcCheckpointStore((SqliteEventStore) sqliteStore, "publisher_checkpoints");
    }

    @Override
    protected ProjectionLease lease(Path sqliteFile, String name) {
        return SqliteProjectionLease.of(sqliteFile, name);
    }

    @Override
    protected OpenTransactionLog postgres(String label) {
        return new TestPostgres(label);
    }
}
