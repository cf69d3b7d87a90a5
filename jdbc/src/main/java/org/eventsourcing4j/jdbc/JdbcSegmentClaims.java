package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eventsourcing4j.projection.SegmentAssignment;
import org.eventsourcing4j.projection.SegmentClaim;
import org.eventsourcing4j.projection.SegmentClaims;
import org.eventsourcing4j.projection.SegmentLayout;
import org.eventsourcing4j.projection.Segments;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.support.Checks;

/**
 * Segment claims in three tables beside the event store (PostgreSQL across instances,
 * SQLite for all segments in one process): {@code <table>} holds one row per segment of the
 * current generation (owner, epoch, last renewal), {@code <table>_members} the live
 * instances and their last heartbeat, {@code <table>_layouts} the segmentation and where the
 * previous generation stopped. Times are the instances' clocks, in epoch milliseconds.
 *
 * <p>Every change of a claim is a compare-and-set on its epoch, so two instances never both
 * take a segment. A commit of a segment ({@link JdbcSegmentTarget}) updates the claim row
 * first, with the owner and epoch it holds: the row lock orders it before any take-over or
 * re-segmentation of that segment, and a commit after one matches no row and stores nothing.
 */
public final class JdbcSegmentClaims implements SegmentClaims {
    private final JdbcTransactions transactions;
    private final JdbcCheckpointStore checkpoints;
    private final String claims;
    private final String members;
    private final String layouts;

    /** Claims in {@code table} (and the two beside it), checkpoints in {@code checkpoints}; creates the tables. */
    public JdbcSegmentClaims(JdbcTransactions transactions, String table, JdbcCheckpointStore checkpoints) {
        this.transactions = Checks.notNull(transactions, "transactions");
        this.checkpoints = Checks.notNull(checkpoints, "checkpoint store");
        this.claims = SqlIdentifier.table(table);
        this.members = SqlIdentifier.table(table + "_members");
        this.layouts = SqlIdentifier.table(table + "_layouts");
        SchemaMigrations history = SchemaMigrations.besides(this.claims);
        transactions.useTransaction(c -> history.migrate(c, transactions.dialect(), this.claims, migrations(this.claims)));
    }

    /**
     * Claims in the store's own tables, named like its checkpoint table ({@code <prefix>checkpoints}
     * → {@code <prefix>segment_claims}, e.g. {@code public.es_segment_claims}), with its
     * checkpoints: where the operators' tools (the CLI, the console) look for them.
     */
    public static JdbcSegmentClaims of(JdbcEventStore store) {
        Checks.notNull(store, "store");
        return new JdbcSegmentClaims(store, tableOf(store), store.checkpoints());
    }

    /** The name of the claims table {@link #of} uses for {@code store}. */
    public static String tableOf(JdbcEventStore store) {
        String checkpoints = store.checkpoints().table();
        if (!checkpoints.endsWith(CHECKPOINTS)) {
            throw new InvalidArgumentException("store", "its checkpoint table '" + checkpoints
                    + "' does not end in '" + CHECKPOINTS + "'");
        }
        return checkpoints.substring(0, checkpoints.length() - CHECKPOINTS.length()) + "segment_claims";
    }

    private static final String CHECKPOINTS = "checkpoints";

    /** The current layout, if the projection has one; reads only (unlike {@link #layout}). */
    public Optional<SegmentLayout> findLayout(String projection) {
        Checks.notNull(projection, "projection");
        return Optional.ofNullable(transactions.inTransaction(c -> readLayout(c, projection)));
    }

    /** The tables' schema, step by step. */
    public static List<Migration> migrations(String table) {
        String claims = SqlIdentifier.table(table);
        return List.of(Migration.of(1, "segment claims",
                "create table " + claims + " (projection varchar(200) not null, segment integer not null,"
                        + " generation bigint not null, owner varchar(200), epoch bigint not null,"
                        + " renewed_at bigint not null, primary key (projection, segment))",
                "create table " + claims + "_members (projection varchar(200) not null,"
                        + " instance varchar(200) not null, seen_at bigint not null, primary key (projection, instance))",
                "create table " + claims + "_layouts (projection varchar(200) primary key, generation bigint not null,"
                        + " segments integer not null, prior_segments integer not null,"
                        + " prior_checkpoints varchar(20000) not null)"));
    }

    @Override
    public JdbcCheckpointStore checkpoints() {
        return checkpoints;
    }

    @Override
    public SegmentLayout layout(String projection, int initialSegments) {
        Checks.notNull(projection, "projection");
        Segments.check(initialSegments);
        return transactions.inTransaction(c -> layout(c, projection, initialSegments));
    }

    private SegmentLayout layout(Connection c, String projection, int initialSegments) throws SQLException {
        SegmentLayout layout = readLayout(c, projection);
        if (layout != null) {
            return layout;
        }
        try (PreparedStatement insert = c.prepareStatement("insert into " + layouts
                + " (projection, generation, segments, prior_segments, prior_checkpoints) values (?, 1, ?, 0, '')"
                + " on conflict (projection) do nothing")) {
            insert.setString(1, projection);
            insert.setInt(2, initialSegments);
            if (insert.executeUpdate() == 1) {
                insertClaims(c, projection, 1, initialSegments, 0);
            }
        }
        return readLayout(c, projection);
    }

    private SegmentLayout readLayout(Connection c, String projection) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select generation, segments, prior_segments,"
                + " prior_checkpoints from " + layouts + " where projection = ?")) {
            select.setString(1, projection);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                List<LogPosition> prior = new ArrayList<>();
                String text = row.getString(4);
                if (!text.isEmpty()) {
                    for (String position : text.split(",")) {
                        prior.add(LogPosition.parse(position));
                    }
                }
                return new SegmentLayout(row.getLong(1), row.getInt(2), row.getInt(3), prior);
            }
        }
    }

    private void insertClaims(Connection c, String projection, long generation, int segments, long epoch)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into " + claims
                + " (projection, segment, generation, owner, epoch, renewed_at) values (?, ?, ?, null, ?, 0)")) {
            for (int segment = 0; segment < segments; segment++) {
                insert.setString(1, projection);
                insert.setInt(2, segment);
                insert.setLong(3, generation);
                insert.setLong(4, epoch);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public SegmentAssignment heartbeat(String projection, String instance, int initialSegments, Instant now,
                                       Duration timeout) {
        Checks.notNull(instance, "instance");
        long nowMillis = now.toEpochMilli();
        long expired = nowMillis - timeout.toMillis();
        return transactions.inTransaction(c -> {
            SegmentLayout layout = layout(c, projection, initialSegments);
            try (PreparedStatement update = c.prepareStatement("update " + members
                    + " set seen_at = ? where projection = ? and instance = ?")) {
                update.setLong(1, nowMillis);
                update.setString(2, projection);
                update.setString(3, instance);
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement("insert into " + members
                            + " (projection, instance, seen_at) values (?, ?, ?) on conflict (projection, instance)"
                            + " do update set seen_at = excluded.seen_at")) {
                        insert.setString(1, projection);
                        insert.setString(2, instance);
                        insert.setLong(3, nowMillis);
                        insert.executeUpdate();
                    }
                }
            }
            List<String> live = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("select instance from " + members
                    + " where projection = ? and seen_at >= ? order by instance")) {
                select.setString(1, projection);
                select.setLong(2, expired);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        live.add(rows.getString(1));
                    }
                }
            }
            Set<Integer> wanted = SegmentClaims.share(live, instance, layout.segments());
            List<SegmentClaim> held = new ArrayList<>();
            for (Row row : rows(c, projection)) {
                boolean mine = instance.equals(row.owner());
                boolean free = row.owner() == null || row.renewedAt() < expired;
                if (!mine && !(free && wanted.contains(row.segment()))) {
                    continue;
                }
                long epoch = mine ? row.epoch() : row.epoch() + 1;
                try (PreparedStatement take = c.prepareStatement("update " + claims + " set owner = ?, epoch = ?,"
                        + " renewed_at = ? where projection = ? and segment = ? and generation = ? and epoch = ?")) {
                    take.setString(1, instance);
                    take.setLong(2, epoch);
                    take.setLong(3, nowMillis);
                    take.setString(4, projection);
                    take.setInt(5, row.segment());
                    take.setLong(6, layout.generation());
                    take.setLong(7, row.epoch());
                    if (take.executeUpdate() == 1) {
                        held.add(new SegmentClaim(projection, layout.generation(), row.segment(), layout.segments(),
                                epoch, instance));
                    }
                }
            }
            return new SegmentAssignment(layout, held, wanted, live);
        });
    }

    private record Row(int segment, long generation, String owner, long epoch, long renewedAt) {
    }

    private List<Row> rows(Connection c, String projection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("select segment, generation, owner, epoch, renewed_at from "
                + claims + " where projection = ? order by segment")) {
            select.setString(1, projection);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new Row(row.getInt(1), row.getLong(2), row.getString(3), row.getLong(4), row.getLong(5)));
                }
            }
        }
        return rows;
    }

    @Override
    public void release(SegmentClaim claim) {
        transactions.useTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("update " + claims + " set owner = null"
                    + " where projection = ? and segment = ? and generation = ? and owner = ? and epoch = ?")) {
                bindClaim(update, claim, 1);
                update.executeUpdate();
            }
        });
    }

    private static void bindClaim(PreparedStatement statement, SegmentClaim claim, int first) throws SQLException {
        statement.setString(first, claim.projection());
        statement.setInt(first + 1, claim.segment());
        statement.setLong(first + 2, claim.generation());
        statement.setString(first + 3, claim.owner());
        statement.setLong(first + 4, claim.epoch());
    }

    /**
     * In the caller's transaction: locks {@code claim}'s row if the claim is still current.
     * Commit a segment's page only when this returns true; the lock holds off any take-over
     * or re-segmentation until the transaction ends.
     */
    public boolean fence(Connection connection, SegmentClaim claim) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update " + claims
                + " set renewed_at = renewed_at where projection = ? and segment = ? and generation = ?"
                + " and owner = ? and epoch = ?")) {
            bindClaim(update, claim, 1);
            return update.executeUpdate() == 1;
        }
    }

    @Override
    public void leave(String projection, String instance) {
        transactions.useTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from " + members
                    + " where projection = ? and instance = ?")) {
                delete.setString(1, projection);
                delete.setString(2, instance);
                delete.executeUpdate();
            }
        });
    }

    @Override
    public boolean holds(SegmentClaim claim) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select 1 from " + claims
                    + " where projection = ? and segment = ? and generation = ? and owner = ? and epoch = ?")) {
                bindClaim(select, claim, 1);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    @Override
    public List<SegmentClaim> claims(String projection) {
        return transactions.inTransaction(c -> {
            SegmentLayout layout = readLayout(c, projection);
            List<SegmentClaim> all = new ArrayList<>();
            if (layout != null) {
                for (Row row : rows(c, projection)) {
                    if (row.owner() != null) {
                        all.add(new SegmentClaim(projection, row.generation(), row.segment(), layout.segments(),
                                row.epoch(), row.owner()));
                    }
                }
            }
            return all;
        });
    }

    /**
     * Fences the current generation: deletes its claim rows (waiting for the commits that
     * hold their locks) and returns the highest epoch, from which the next generation counts on.
     */
    private long fenceAll(Connection c, String projection) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("update " + claims
                + " set renewed_at = renewed_at where projection = ?")) {
            lock.setString(1, projection);
            lock.executeUpdate(); // waits for the commits in flight; then no epoch moves until this ends
        }
        long epoch = 0;
        for (Row row : rows(c, projection)) {
            epoch = Math.max(epoch, row.epoch());
        }
        try (PreparedStatement delete = c.prepareStatement("delete from " + claims + " where projection = ?")) {
            delete.setString(1, projection);
            delete.executeUpdate();
        }
        return epoch;
    }

    private void writeLayout(Connection c, String projection, SegmentLayout layout) throws SQLException {
        StringBuilder prior = new StringBuilder();
        for (LogPosition position : layout.priorCheckpoints()) {
            prior.append(prior.length() == 0 ? "" : ",").append(position.asString());
        }
        try (PreparedStatement update = c.prepareStatement("update " + layouts + " set generation = ?, segments = ?,"
                + " prior_segments = ?, prior_checkpoints = ? where projection = ?")) {
            update.setLong(1, layout.generation());
            update.setInt(2, layout.segments());
            update.setInt(3, layout.priorSegments());
            update.setString(4, prior.toString());
            update.setString(5, projection);
            update.executeUpdate();
        }
    }

    @Override
    public SegmentLayout resize(String projection, int segments) {
        Segments.check(segments);
        return transactions.inTransaction(c -> {
            SegmentLayout old = layout(c, projection, segments);
            long epoch = fenceAll(c, projection);
            // After the fence no commit of the old generation can land: their checkpoints are final.
            List<LogPosition> stopped = new ArrayList<>();
            for (int segment = 0; segment < old.segments(); segment++) {
                stopped.add(checkpoints.load(c, Segments.name(projection, old.generation(), segment)));
            }
            old.requireHandedOver(stopped);
            SegmentLayout next = new SegmentLayout(old.generation() + 1, segments, old.segments(), stopped);
            for (int segment = 0; segment < segments; segment++) {
                String name = Segments.name(projection, next.generation(), segment);
                checkpoints.reset(c, name);
                checkpoints.compareAndSet(c, name, LogPosition.START, next.start());
            }
            writeLayout(c, projection, next);
            insertClaims(c, projection, next.generation(), segments, epoch);
            return next;
        });
    }

    @Override
    public SegmentLayout restart(String projection, Consumer<SegmentLayout> resetReadModel) {
        // Fenced and re-laid-out with no claim rows: no segment can be claimed while the read model is reset.
        long[] epoch = new long[1];
        SegmentLayout next = transactions.inTransaction(c -> {
            SegmentLayout old = readLayout(c, projection);
            if (old == null) {
                throw new InvalidArgumentException("projection", "'" + projection + "' has no segments yet");
            }
            epoch[0] = fenceAll(c, projection);
            SegmentLayout layout = new SegmentLayout(old.generation() + 1, old.segments(), 0, List.of());
            for (int segment = 0; segment < layout.segments(); segment++) {
                checkpoints.reset(c, Segments.name(projection, layout.generation(), segment));
            }
            writeLayout(c, projection, layout);
            return layout;
        });
        resetReadModel.accept(next);
        transactions.useTransaction(c -> insertClaims(c, projection, next.generation(), next.segments(), epoch[0]));
        return next;
    }
}
