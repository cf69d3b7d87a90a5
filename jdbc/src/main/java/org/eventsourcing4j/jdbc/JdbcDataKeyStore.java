package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eventsourcing4j.shredding.DataKeyRecord;
import org.eventsourcing4j.shredding.DataKeyStore;
import org.eventsourcing4j.support.Checks;

/**
 * The data keys of crypto-shredding in a table of the event store's database (the store's
 * {@code dataKeys()}); the SQL is common to SQLite and PostgreSQL. Keys are stored wrapped
 * (base64 text), never in the clear; a forgotten subject keeps a row without a key.
 *
 * <p>Table, created and upgraded by versioned {@link #migrations(String) migrations}:
 * {@code (subject varchar(200) primary key, kek_id varchar(200), wrapped_key text null,
 * created_at_micros bigint, forgotten_at_micros bigint null)}.
 */
public final class JdbcDataKeyStore implements DataKeyStore {
    private static final String COLUMNS = "subject, kek_id, wrapped_key, created_at_micros, forgotten_at_micros";

    private final JdbcTransactions transactions;
    private final String table;
    private final Jdbc reads;

    public JdbcDataKeyStore(JdbcTransactions transactions, String table) {
        this(transactions, table, SchemaMigrations.besides(table));
    }

    /** @param history where the table's schema version is recorded */
    public JdbcDataKeyStore(JdbcTransactions transactions, String table, SchemaMigrations history) {
        this.transactions = Checks.notNull(transactions, "transactions");
        this.table = SqlIdentifier.table(table);
        this.reads = null;
        Checks.notNull(history, "schema history");
        transactions.useTransaction(c -> history.migrate(c, transactions.dialect(), this.table, migrations(this.table)));
    }

    private JdbcDataKeyStore(JdbcDataKeyStore writes, Jdbc reads) {
        this.transactions = writes.transactions;
        this.table = writes.table;
        this.reads = reads;
    }

    /**
     * This table, read on auto-commit connections of {@code reads} (the store's database),
     * written as before. Needed on SQLite when keys are looked up inside the store's own
     * transactions (a projection that decodes personal data in its commit): a lookup through
     * the store's transactions would nest in the open one.
     */
    public JdbcDataKeyStore readingThrough(Jdbc reads) {
        return new JdbcDataKeyStore(this, Checks.notNull(reads, "reads"));
    }

    private <T> T read(String what, SqlWork<T, RuntimeException> work) {
        return reads == null ? transactions.inTransaction(work) : reads.autoCommit(what, work);
    }

    /** The table's schema, step by step. */
    public static List<Migration> migrations(String table) {
        return List.of(Migration.of(1, "data key table", "create table " + SqlIdentifier.table(table)
                + " (subject varchar(200) not null primary key, kek_id varchar(200) not null, wrapped_key text,"
                + " created_at_micros bigint not null, forgotten_at_micros bigint)"));
    }

    /** The table's name. */
    public String table() {
        return table;
    }

    @Override
    public Optional<DataKeyRecord> find(String subject) {
        Checks.notNull(subject, "subject");
        return read("reading the data key of '" + subject + "'", c -> select(c, subject));
    }

    @Override
    public DataKeyRecord insertIfAbsent(DataKeyRecord record) {
        Checks.notNull(record, "data key record");
        // The key matters only with the first event it encrypts, appended after it: that
        // append's commit makes the key durable too (see inTransactionDurableWithNext).
        return transactions.inTransactionDurableWithNext(c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into " + table + " (" + COLUMNS
                    + ") values (?, ?, ?, ?, ?) on conflict (subject) do nothing")) {
                insert.setString(1, record.subject());
                insert.setString(2, record.kekId());
                insert.setString(3, Base64.getEncoder().encodeToString(record.wrappedKey()));
                insert.setLong(4, micros(record.createdAt()));
                insert.setNull(5, java.sql.Types.BIGINT);
                insert.executeUpdate();
            }
            return select(c, record.subject()).orElseThrow(() -> new IllegalStateException(
                    "the data key row of '" + record.subject() + "' vanished after its insert"));
        });
    }

    @Override
    public boolean forget(String subject, Instant at) {
        Checks.notNull(subject, "subject");
        Checks.notNull(at, "forgotten at");
        return transactions.inTransaction(c -> {
            int destroyed;
            try (PreparedStatement update = c.prepareStatement("update " + table
                    + " set wrapped_key = null, kek_id = '', forgotten_at_micros = ?"
                    + " where subject = ? and forgotten_at_micros is null")) {
                update.setLong(1, micros(at));
                update.setString(2, subject);
                destroyed = update.executeUpdate();
            }
            if (destroyed == 0) {
                try (PreparedStatement tombstone = c.prepareStatement("insert into " + table + " (" + COLUMNS
                        + ") values (?, '', null, ?, ?) on conflict (subject) do nothing")) {
                    tombstone.setString(1, subject);
                    tombstone.setLong(2, micros(at));
                    tombstone.setLong(3, micros(at));
                    tombstone.executeUpdate();
                }
            }
            return destroyed > 0;
        });
    }

    @Override
    public List<DataKeyRecord> livePage(String afterSubject, int limit) {
        return read("reading data keys", c -> {
            try (PreparedStatement select = c.prepareStatement("select " + COLUMNS + " from " + table
                    + " where forgotten_at_micros is null" + (afterSubject == null ? "" : " and subject > ?")
                    + " order by subject limit ?")) {
                int parameter = 1;
                if (afterSubject != null) {
                    select.setString(parameter++, afterSubject);
                }
                select.setInt(parameter, limit);
                List<DataKeyRecord> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(read(rows));
                    }
                }
                return page;
            }
        });
    }

    @Override
    public boolean replace(DataKeyRecord expected, DataKeyRecord replacement) {
        Checks.notNull(expected, "expected");
        Checks.notNull(replacement, "replacement");
        return transactions.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("update " + table
                    + " set kek_id = ?, wrapped_key = ? where subject = ? and kek_id = ? and wrapped_key = ?"
                    + " and forgotten_at_micros is null")) {
                update.setString(1, replacement.kekId());
                update.setString(2, Base64.getEncoder().encodeToString(replacement.wrappedKey()));
                update.setString(3, expected.subject());
                update.setString(4, expected.kekId());
                update.setString(5, Base64.getEncoder().encodeToString(expected.wrappedKey()));
                return update.executeUpdate() == 1;
            }
        });
    }

    private Optional<DataKeyRecord> select(Connection c, String subject) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select " + COLUMNS + " from " + table + " where subject = ?")) {
            select.setString(1, subject);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        }
    }

    private static DataKeyRecord read(ResultSet row) throws SQLException {
        String wrapped = row.getString(3);
        long forgotten = row.getLong(5);
        Instant forgottenAt = row.wasNull() ? null : instant(forgotten);
        return new DataKeyRecord(row.getString(1), row.getString(2),
                wrapped == null ? null : Base64.getDecoder().decode(wrapped), instant(row.getLong(4)), forgottenAt);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant.truncatedTo(ChronoUnit.MICROS));
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
