package org.eventsourcing4j.benchmarks.sidebyside;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.eventsourcing4j.examples.bank.domain.MoneyDeposited;

/**
 * The fair baseline: what a skilled engineer writes by hand for the same job, and no more.
 * A minimal table (see {@link RawDatabase#createEvents}); one single-row {@code INSERT} per
 * event and one multi-row {@code INSERT … VALUES (…), (…)} per batch, in auto-commit, at
 * the version after the one the writer knows (the unique index refuses a stale one: then
 * it re-reads {@code max(version)} and tries again); one {@code SELECT … ORDER BY version}
 * per stream load; keyset pages of 1,000 ({@code position > ?}) for the log. It has no
 * event ids, no metadata, no timestamps, no gap safety on the log.
 */
public final class RawSide implements Side {
    private static final int PAGE_SIZE = 1_000;
    private static final String EXACTLY_ONCE = "exactly_once";

    /** One row of a log page, as a hand-written subscriber holds it. */
    record Row(long position, String streamId, long version, String type, byte[] payload) {
    }

    private final String name;
    private final RawDatabase main;
    private final RawDatabase log;
    private final RawDatabase bank;
    private final RawAccountUpdates readModel;
    /** The multi-row INSERT for each batch size, per database. */
    private final Map<RawDatabase, Map<Integer, String>> inserts = new ConcurrentHashMap<>();
    /** Keeps the decoded values alive, so that the JIT cannot drop the decoding. */
    private long sink;

    /** Opens the database of one log of the raw side. */
    @FunctionalInterface
    public interface Opener {
        RawDatabase open(String log) throws SQLException;
    }

    /** @param open opens the log of the given name ({@code main}, {@code log}, {@code bank}) */
    public RawSide(String name, Opener open) throws SQLException {
        this.name = name;
        this.main = open.open("main");
        this.log = open.open("log");
        this.bank = open.open("bank");
        for (RawDatabase db : List.of(main, log, bank)) {
            execute(db, db.createEvents(db.table("events")));
        }
        readModel = new RawAccountUpdates(bank.table("accounts"));
        for (String ddl : readModel.createTable()) {
            execute(bank, ddl);
        }
        execute(bank, "create table " + bank.table("checkpoints")
                + " (name text primary key, position bigint not null)");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Writer writer(String stream) throws SQLException {
        return new Writer() {
            long version = maxVersion(stream);

            @Override
            public int append(int count) throws SQLException {
                for (int conflicts = 0; ; conflicts++) {
                    String[] payloads = new String[count];
                    for (int i = 0; i < count; i++) {
                        payloads[i] = Payloads.deposit(version + i);
                    }
                    try {
                        insert(main, stream, version, count, i -> Payloads.DEPOSIT_TYPE, i -> payloads[i]);
                        version += count;
                        return conflicts;
                    } catch (SQLException e) {
                        if (!main.isUniqueViolation(e)) {
                            throw e;
                        }
                        version = maxVersion(stream);
                    }
                }
            }
        };
    }

    private long maxVersion(String stream) throws SQLException {
        return main.read(s -> {
            PreparedStatement query = s.prepare("select coalesce(max(version), 0) from " + main.table("events")
                    + " where stream_id = ?");
            query.setString(1, stream);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** One INSERT of {@code count} rows at versions {@code after + 1 ..}, in auto-commit. */
    private void insert(RawDatabase db, String stream, long after, int count, IntFunction<String> type,
                        IntFunction<String> payload) throws SQLException {
        String sql = inserts.computeIfAbsent(db, d -> new ConcurrentHashMap<>())
                .computeIfAbsent(count, rows -> insertSql(db, rows));
        db.write(s -> {
            PreparedStatement insert = s.prepare(sql);
            for (int i = 0, p = 0; i < count; i++) {
                insert.setString(++p, stream);
                insert.setLong(++p, after + i + 1);
                insert.setString(++p, type.apply(i));
                insert.setString(++p, payload.apply(i));
            }
            if (insert.executeUpdate() != count) {
                throw new IllegalStateException("an insert of " + count + " rows into " + stream + " wrote fewer");
            }
            return null;
        });
    }

    private static String insertSql(RawDatabase db, int rows) {
        StringBuilder sql = new StringBuilder("insert into ").append(db.table("events"))
                .append(" (stream_id, version, event_type, payload) values ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ").append(db.jsonParameter()).append(')');
        }
        return sql.toString();
    }

    @Override
    public void prepareStream(String stream, int events) throws SQLException {
        prepare(main, Prepared.stream(stream, events));
    }

    /** Writes each batch in one multi-row INSERT. */
    private void prepare(RawDatabase db, Prepared prepared) throws SQLException {
        prepared.forEachBatch((stream, from, count) -> insert(db, prepared.streamName().apply(stream), from, count,
                i -> prepared.type(from + i), i -> prepared.json(stream, from + i)));
    }

    @Override
    public int load(String stream) throws SQLException {
        return main.read(s -> {
            PreparedStatement query = s.prepare("select version, event_type, payload from " + main.table("events")
                    + " where stream_id = ? order by version");
            query.setString(1, stream);
            int count = 0;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sink += Payloads.decodeDeposit(rows.getBytes(3)).amount();
                    count++;
                }
            }
            return count;
        });
    }

    @Override
    public void prepareLog(int events) throws SQLException {
        prepare(log, Prepared.log(events));
    }

    @Override
    public long readLog(long events) throws SQLException {
        long read = 0;
        long after = 0;
        while (read < events) {
            List<Row> page = page(log, after, (int) Math.min(PAGE_SIZE, events - read));
            if (page.isEmpty()) {
                throw new IllegalStateException("the log holds only " + read + " events, not " + events);
            }
            for (Row row : page) {
                sink += Payloads.decodeDeposit(row.payload()).amount();
            }
            read += page.size();
            after = page.get(page.size() - 1).position();
        }
        return read;
    }

    /** At most {@code limit} rows after {@code after}, in position order. */
    private static List<Row> page(RawDatabase db, long after, int limit) throws SQLException {
        return db.read(s -> {
            PreparedStatement query = s.prepare("select position, stream_id, version, event_type, payload from "
                    + db.table("events") + " where position > ? order by position limit ?");
            query.setLong(1, after);
            query.setInt(2, limit);
            List<Row> page = new ArrayList<>(limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    page.add(new Row(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4),
                            rows.getBytes(5)));
                }
            }
            return page;
        });
    }

    @Override
    public void prepareAccounts(int events) throws SQLException {
        prepare(bank, Prepared.accounts(events));
    }

    @Override
    public void resetProjections() throws SQLException {
        bank.inTransaction(s -> {
            s.prepare(readModel.clear()).executeUpdate();
            s.prepare("delete from " + bank.table("checkpoints")).executeUpdate();
            PreparedStatement insert = s.prepare("insert into " + bank.table("checkpoints")
                    + " (name, position) values (?, 0)");
            insert.setString(1, EXACTLY_ONCE);
            return insert.executeUpdate();
        });
    }

    /** Reads a page, then applies it and moves the checkpoint in one transaction, until the log ends. */
    @Override
    public long projectExactlyOnce() throws SQLException {
        String checkpoints = bank.table("checkpoints");
        long after = bank.read(s -> {
            PreparedStatement query = s.prepare("select position from " + checkpoints + " where name = ?");
            query.setString(1, EXACTLY_ONCE);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
        long processed = 0;
        for (List<Row> page = page(bank, after, PAGE_SIZE); !page.isEmpty(); page = page(bank, after, PAGE_SIZE)) {
            List<Row> rows = page;
            long last = page.get(page.size() - 1).position();
            bank.inTransaction(s -> {
                readModel.apply(s, rows);
                PreparedStatement update = s.prepare("update " + checkpoints + " set position = ? where name = ?");
                update.setLong(1, last);
                update.setString(2, EXACTLY_ONCE);
                return update.executeUpdate();
            });
            processed += page.size();
            after = last;
        }
        return processed;
    }

    /** A plain paged read of the projection log, decoding each event. */
    @Override
    public long projectAtLeastOnce() throws SQLException {
        long processed = 0;
        long after = 0;
        for (List<Row> page = page(bank, after, PAGE_SIZE); !page.isEmpty(); page = page(bank, after, PAGE_SIZE)) {
            for (Row row : page) {
                sink += Payloads.decodeAccountEvent(row.type(), row.payload()) instanceof MoneyDeposited ? 1 : 0;
            }
            processed += page.size();
            after = page.get(page.size() - 1).position();
        }
        return processed;
    }

    private static void execute(RawDatabase db, String sql) throws SQLException {
        db.write(s -> s.prepare(sql).execute());
    }

    @Override
    public void close() throws SQLException {
        for (RawDatabase db : List.of(main, log, bank)) {
            db.close();
        }
    }
}
