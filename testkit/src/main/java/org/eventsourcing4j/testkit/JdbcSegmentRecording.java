package org.eventsourcing4j.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eventsourcing4j.jdbc.JdbcPageHandler;
import org.eventsourcing4j.jdbc.JdbcSegmentClaims;
import org.eventsourcing4j.jdbc.JdbcSegmentTarget;
import org.eventsourcing4j.jdbc.JdbcTransactions;
import org.eventsourcing4j.jdbc.SqlIdentifier;
import org.eventsourcing4j.projection.ProjectionTarget;
import org.eventsourcing4j.projection.SegmentClaim;
import org.eventsourcing4j.projection.SegmentClaims;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * A {@link SegmentRecording} in a table of the event store's database, each page handled at
 * once ({@link JdbcPageHandler}) and committed with the segment's fence and checkpoint in one
 * transaction ({@link JdbcSegmentTarget}, an exactly-once target). Portable SQL (SQLite and PostgreSQL); the stream's previous version
 * is read in the same transaction as the row is written.
 */
public final class JdbcSegmentRecording implements SegmentRecording {
    private final JdbcTransactions transactions;
    private final String table;
    private final Set<UUID> failed = ConcurrentHashMap.newKeySet();
    private volatile Predicate<RecordedEvent> failOn = e -> false;

    public JdbcSegmentRecording(JdbcTransactions transactions, String table) {
        this.transactions = transactions;
        this.table = SqlIdentifier.table(table);
        transactions.useTransaction(c -> {
            try (PreparedStatement create = c.prepareStatement("create table if not exists " + this.table
                    + " (event_id varchar(36) not null, stream_id varchar(200) not null, version bigint not null,"
                    + " previous bigint not null, segment integer not null, generation bigint not null,"
                    + " epoch bigint not null, owner varchar(200) not null)")) {
                create.execute();
            }
        });
    }

    /** {@inheritDoc} {@code claims} must be the {@link JdbcSegmentClaims} of the same database. */
    @Override
    public ProjectionTarget target(SegmentClaim claim, SegmentClaims claims) {
        if (!(claims instanceof JdbcSegmentClaims jdbc)) {
            throw new IllegalArgumentException("a JDBC read model needs the JDBC segment claims, got " + claims);
        }
        JdbcPageHandler handler = (page, c) -> {
            for (RecordedEvent event : page) {
                record(c, claim, event);
            }
        };
        return JdbcSegmentTarget.pageFactory(transactions, jdbc, segment -> handler, c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from " + table)) {
                delete.executeUpdate();
            }
        }).apply(claim);
    }

    private void record(Connection c, SegmentClaim claim, RecordedEvent event) throws SQLException {
        if (failOn.test(event) && failed.add(event.eventId())) {
            throw new IllegalStateException("fails once on " + event.eventId());
        }
        try (PreparedStatement insert = c.prepareStatement("insert into " + table
                + " (event_id, stream_id, version, previous, segment, generation, epoch, owner)"
                + " select ?, ?, ?, coalesce(max(version), -1), ?, ?, ?, ? from " + table + " where stream_id = ?")) {
            insert.setString(1, event.eventId().toString());
            insert.setString(2, event.streamId().value());
            insert.setLong(3, event.version());
            insert.setInt(4, claim.segment());
            insert.setLong(5, claim.generation());
            insert.setLong(6, claim.epoch());
            insert.setString(7, claim.owner());
            insert.setString(8, event.streamId().value());
            insert.executeUpdate();
        }
    }

    @Override
    public List<Applied> applied() {
        try {
            return transactions.inTransaction(c -> {
                List<Applied> all = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement("select event_id, stream_id, version, previous,"
                        + " segment, generation, epoch, owner from " + table);
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        all.add(new Applied(UUID.fromString(rows.getString(1)), rows.getString(2), rows.getLong(3),
                                rows.getLong(4), rows.getInt(5), rows.getLong(6), rows.getLong(7), rows.getString(8)));
                    }
                }
                return all;
            });
        } catch (RuntimeException e) {
            throw new AssertionError("could not read the recorded segments", e);
        }
    }

    @Override
    public void failOnceOn(Predicate<RecordedEvent> events) {
        failOn = events;
    }
}
