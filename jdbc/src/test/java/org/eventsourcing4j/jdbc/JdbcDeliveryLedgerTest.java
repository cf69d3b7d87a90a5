package org.eventsourcing4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import org.eventsourcing4j.publishing.ConflictingEventException;
import org.eventsourcing4j.publishing.ConsumedEventSink;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.store.Metadata;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consumer's ledger on a real SQLite file: the read model and the ledger commit together. */
class JdbcDeliveryLedgerTest {

    @Test
    void applies_each_event_once_and_drops_what_it_already_applied(@TempDir Path dir) {
        JdbcTransactions transactions = SqliteFile.transactions(dir.resolve("read-model.db"));
        JdbcDeliveryLedger ledger = new JdbcDeliveryLedger(transactions, "delivery_ledger");
        ConsumedEventSink sink = ledger.sink("balances", JdbcDeliveryLedgerTest::record);
        createReadModel(transactions);
        RecordedEvent first = event("account-1", 1);
        RecordedEvent second = event("account-1", 2);

        assertThat(sink.accept(first)).isTrue();
        assertThat(sink.accept(second)).isTrue();
        assertThat(sink.accept(first)).as("an older re-send").isFalse();
        assertThat(sink.accept(second)).as("the last one again").isFalse();
        assertThat(sink.accept(event("account-2", 1))).as("another stream").isTrue();
        assertThat(rows(transactions)).isEqualTo(3);
        assertThat(ledger.last("balances", StreamId.of("account-1")).eventId()).isEqualTo(second.eventId());
        assertThat(ledger.last("other-consumer", StreamId.of("account-1"))).isNull();
    }

    @Test
    void a_failing_handler_records_nothing_so_the_event_is_applied_when_it_comes_again(@TempDir Path dir) {
        JdbcTransactions transactions = SqliteFile.transactions(dir.resolve("read-model.db"));
        JdbcDeliveryLedger ledger = new JdbcDeliveryLedger(transactions, "delivery_ledger");
        createReadModel(transactions);
        RecordedEvent event = event("account-1", 1);
        ConsumedEventSink failing = ledger.sink("balances", (e, connection) -> {
            record(e, connection);
            throw new IllegalStateException("read model broken");
        });
        assertThatThrownBy(() -> failing.accept(event)).hasMessageContaining("read model broken");
        assertThat(rows(transactions)).as("rolled back with the ledger").isZero();
        assertThat(ledger.last("balances", event.streamId())).isNull();

        assertThat(ledger.sink("balances", JdbcDeliveryLedgerTest::record).accept(event)).isTrue();
        assertThat(rows(transactions)).isEqualTo(1);
    }

    @Test
    void another_event_at_an_applied_version_is_a_conflict(@TempDir Path dir) {
        JdbcTransactions transactions = SqliteFile.transactions(dir.resolve("read-model.db"));
        createReadModel(transactions);
        ConsumedEventSink sink = new JdbcDeliveryLedger(transactions, "delivery_ledger")
                .sink("balances", JdbcDeliveryLedgerTest::record);
        sink.accept(event("account-1", 1));
        assertThatThrownBy(() -> sink.accept(event("account-1", 1)))
                .isInstanceOf(ConflictingEventException.class).hasMessageContaining("account-1@1");
        assertThat(rows(transactions)).isEqualTo(1);
    }

    @Test
    void the_table_comes_from_a_versioned_migration_and_a_second_ledger_on_it_keeps_what_was_recorded(@TempDir Path dir) {
        JdbcTransactions transactions = SqliteFile.transactions(dir.resolve("read-model.db"));
        RecordedEvent event = event("account-1", 1);
        new JdbcDeliveryLedger(transactions, "delivery_ledger").record("balances", event);

        JdbcDeliveryLedger again = new JdbcDeliveryLedger(transactions, "delivery_ledger");
        assertThat(again.last("balances", event.streamId()).eventId()).isEqualTo(event.eventId());
        int version = transactions.inTransaction(c -> SchemaMigrations.besides("delivery_ledger").version(c, "delivery_ledger"));
        assertThat(version).isEqualTo(JdbcDeliveryLedger.migrations("delivery_ledger").size());
        again.reset("balances");
        assertThat(again.last("balances", event.streamId())).isNull();
    }

    private static RecordedEvent event(String stream, long version) {
        return new RecordedEvent(UUID.randomUUID(), "Deposited", StreamId.of(stream), version, LogPosition.of(version),
                Instant.parse("2026-03-01T09:00:00Z"), 1, "{}".getBytes(StandardCharsets.UTF_8), Metadata.EMPTY);
    }

    private static void createReadModel(JdbcTransactions transactions) {
        transactions.useTransaction(c -> {
            try (PreparedStatement create = c.prepareStatement("create table applied (event_id varchar(36) primary key)")) {
                create.execute();
            }
        });
    }

    private static void record(RecordedEvent event, java.sql.Connection connection) throws java.sql.SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into applied (event_id) values (?)")) {
            insert.setString(1, event.eventId().toString());
            insert.executeUpdate();
        }
    }

    private static long rows(JdbcTransactions transactions) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement count = c.prepareStatement("select count(*) from applied");
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
