package org.eventsourcing4j.testkit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eventsourcing4j.jdbc.JdbcCheckpointStore;
import org.eventsourcing4j.jdbc.JdbcProjectionTarget;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.jdbc.SqlIdentifier;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * A {@link RecordingProjection} in a table of the event store's database, committed with
 * its checkpoint in one transaction (exactly-once target). Portable SQL (SQLite and
 * PostgreSQL); the order applied is a sequence number assigned in the same transaction.
 */
public final class JdbcRecordingProjection implements RecordingProjection {
    private final String name;
    private final JdbcTransactions transactions;
    private final String table;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile Predicate<RecordedEvent> failOn = e -> false;
    private final ProjectionTarget target;

    public JdbcRecordingProjection(String name, JdbcTransactions transactions, JdbcCheckpointStore checkpoints,
                                   String table) {
        this.name = name;
        this.transactions = transactions;
        this.table = SqlIdentifier.table(table);
        transactions.useTransaction(c -> {
            try (PreparedStatement create = c.prepareStatement("create table if not exists " + this.table
                    + " (projection varchar(200) not null, seq bigint not null, event_id varchar(36) not null)")) {
                create.execute();
            }
        });
        this.target = new JdbcProjectionTarget(name, transactions, checkpoints, (event, c) -> {
            if (failOn.test(event) && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("poison " + event.type() + " " + event.eventId());
            }
            try (PreparedStatement insert = c.prepareStatement("insert into " + this.table
                    + " (projection, seq, event_id) select ?, coalesce(max(seq), 0) + 1, ? from " + this.table
                    + " where projection = ?")) {
                insert.setString(1, name);
                insert.setString(2, event.eventId().toString());
                insert.setString(3, name);
                insert.executeUpdate();
            }
        }, c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from " + this.table + " where projection = ?")) {
                delete.setString(1, name);
                delete.executeUpdate();
            }
        });
    }

    @Override
    public ProjectionTarget target() {
        return target;
    }

    @Override
    public List<UUID> applied() {
        try {
            return transactions.inTransaction(c -> {
                List<UUID> ids = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement(
                        "select event_id from " + table + " where projection = ? order by seq")) {
                    select.setString(1, name);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(UUID.fromString(rows.getString(1)));
                        }
                    }
                }
                return ids;
            });
        } catch (RuntimeException e) {
            throw new AssertionError("could not read the recorded projection", e);
        }
    }

    @Override
    public void failOn(Predicate<RecordedEvent> events, int times) {
        failures.set(times);
        failOn = events;
    }
}
