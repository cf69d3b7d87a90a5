package org.eventsourcing4j.nats;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.postgres.PostgresOptions;
import org.eventsourcing4j.postgres.PostgresSchema;
import org.eventsourcing4j.sqlite.SqliteEventStore;
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
    protected JdbcEventStore openSqlite(Path file) {
        return SqliteEventStore.open(file);
    }

    @Override
    protected OpenTransactionLog postgres(String label) {
        String schema = OpenTransactionLog.freshSchema(label);
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(OpenTransactionLog.serverUrl());
        pool.setMaximumPoolSize(6);
        pool.setPoolName(schema);
        PostgresEventStore store = PostgresEventStore.create(pool, PostgresOptions.DEFAULTS
                .withSchema(PostgresSchema.of(schema, "es_")).withHorizonWait(Duration.ofMillis(100)));
        return OpenTransactionLog.inSchema(store, pool, schema);
    }
}
