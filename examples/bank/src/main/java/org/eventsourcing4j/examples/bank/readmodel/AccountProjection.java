package org.eventsourcing4j.examples.bank.readmodel;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.eventsourcing4j.examples.bank.domain.Account;
import org.eventsourcing4j.examples.bank.domain.AccountClosed;
import org.eventsourcing4j.examples.bank.domain.AccountCreated;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.MoneyDeposited;
import org.eventsourcing4j.examples.bank.domain.MoneyWithdrawn;
import org.eventsourcing4j.examples.bank.domain.TransferReceived;
import org.eventsourcing4j.examples.bank.domain.TransferSent;
import org.eventsourcing4j.jdbc.JdbcEventHandler;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.serialization.EventCodec;
import org.eventsourcing4j.shredding.PersonalDataSchema;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.RecordedEvent;

/**
 * Keeps the table {@code account_projections_v<VERSION>} equal to the state of every
 * account's events.
 * It runs on the connection of the transaction that also moves the projection's checkpoint
 * ({@link org.eventsourcing4j.jdbc.JdbcProjectionTarget}), so each event takes effect exactly
 * once.
 *
 * <p>Every row carries the version of the last event applied to it, and each event must
 * directly follow it: a gap or a repeat fails the event (and stops the projection) instead
 * of silently producing a wrong balance. Balances are exact decimals kept as text (SQLite
 * has no exact decimal column type, and the same SQL runs on PostgreSQL); the arithmetic is
 * {@link BigDecimal}'s.
 */
public final class AccountProjection implements JdbcEventHandler {

    /**
     * The read model's version. Raise it whenever this class's logic or its table's shape
     * changes: a release with a new version builds its table (and checkpoint, and lease)
     * beside the old version's, from the start of the log, while instances of the old
     * release keep serving theirs; see "Changing the read model" in docs/bank.md.
     * Version 2: the checkpoint moved to the store's own checkpoint table ({@code es_checkpoints}),
     * so the read model is built anew beside version 1's.
     */
    public static final int VERSION = 2;

    /** Common start of the names of every version's table and checkpoint. */
    public static final String BASE_NAME = "account_projections";

    /**
     * This version's name: its table, its checkpoint row, its lease and its status in
     * {@code GET /projections}.
     */
    public static final String NAME = BASE_NAME + "_v" + VERSION;

    private static final String STREAM_PREFIX = Account.TYPE.category() + "-";

    private final EventCodec codec;

    public AccountProjection(EventCodec codec) {
        this.codec = codec;
    }

    /** Only account streams; the checkpoint still moves past everything else. */
    public static EventFilter filter() {
        return EventFilter.streamPrefix(STREAM_PREFIX);
    }

    /**
     * Creates the table and its index if they are missing, under the dialect's migration lock
     * ({@link SqlDialect#lockForMigration}, held to the end of the caller's transaction): bank
     * instances that start at once on one database create it once (on PostgreSQL two
     * concurrent {@code create table if not exists} can both try, and one fails on the
     * catalog's unique index). Not a recorded schema step: a table that was dropped (an
     * operator's rebuild, an older release's name) is created again at the next start.
     */
    public static void createTable(Connection connection, SqlDialect dialect) throws SQLException {
        dialect.lockForMigration(connection, AccountRows.TABLE);
        execute(connection, "create table if not exists " + AccountRows.TABLE + " ("
                + "id text primary key, email text not null, name text not null, balance text not null,"
                + " currency text not null, status text not null, version bigint not null,"
                + " opened_position bigint not null, updated_at text not null)");
        execute(connection, "create index if not exists " + AccountRows.TABLE + "_by_status on "
                + AccountRows.TABLE + " (status, opened_position)");
    }

    /** Empties the table, for a rebuild; runs in the transaction that forgets the checkpoint. */
    public static void clear(Connection connection) throws SQLException {
        execute(connection, "delete from " + AccountRows.TABLE);
    }

    /**
     * Replaces the account's email and name by {@link PersonalDataSchema#ERASED}, after its
     * owner was forgotten; harmless when the row is missing or erased already.
     */
    public static void erasePersonalData(Connection connection, String id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update " + AccountRows.TABLE
                + " set email = ?, name = ? where id = ?")) {
            update.setString(1, PersonalDataSchema.ERASED);
            update.setString(2, PersonalDataSchema.ERASED);
            update.setString(3, id);
            update.executeUpdate();
        }
    }

    /** The account id of an account stream (the subject of its owner's personal data), or null. */
    public static String accountIdOf(String stream) {
        return stream.startsWith(STREAM_PREFIX) ? stream.substring(STREAM_PREFIX.length()) : null;
    }

    @Override
    public void handle(RecordedEvent event, Connection connection) throws SQLException {
        if (!event.streamId().value().startsWith(STREAM_PREFIX)) {
            return;
        }
        String id = event.streamId().value().substring(STREAM_PREFIX.length());
        List<AccountEvent> decoded = codec.decode(event, AccountEvent.class);
        for (int i = 0; i < decoded.size(); i++) {
            // An upcaster may split one stored event into several; they share its version.
            long previousVersion = i == 0 ? event.version() - 1 : event.version();
            apply(connection, id, decoded.get(i), previousVersion, event);
        }
    }

    private static void apply(Connection c, String id, AccountEvent domainEvent, long previousVersion,
                              RecordedEvent event) throws SQLException {
        String updatedAt = AccountRows.timestamp(event.recordedAt());
        if (domainEvent instanceof AccountCreated created) {
            if (previousVersion != 0) {
                throw new IllegalStateException("account '" + id + "' created at version " + event.version());
            }
            try (PreparedStatement insert = c.prepareStatement("insert into " + AccountRows.TABLE
                    + " (id, email, name, balance, currency, status, version, opened_position, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, created.email());
                insert.setString(3, created.name());
                insert.setString(4, BigDecimal.ZERO.setScale(created.currency().getDefaultFractionDigits()).toPlainString());
                insert.setString(5, created.currency().getCurrencyCode());
                insert.setString(6, AccountRows.ACTIVE);
                insert.setLong(7, event.version());
                insert.setLong(8, event.position());
                insert.setString(9, updatedAt);
                insert.executeUpdate();
            }
        } else if (domainEvent instanceof MoneyDeposited deposited) {
            move(c, id, deposited.amount(), previousVersion, event);
        } else if (domainEvent instanceof MoneyWithdrawn withdrawn) {
            move(c, id, withdrawn.amount().negate(), previousVersion, event);
        } else if (domainEvent instanceof TransferSent sent) {
            move(c, id, sent.amount().negate(), previousVersion, event);
        } else if (domainEvent instanceof TransferReceived received) {
            move(c, id, received.amount(), previousVersion, event);
        } else if (domainEvent instanceof AccountClosed) {
            update(c, "status = ?", AccountRows.CLOSED, id, previousVersion, event);
        } else {
            throw new IllegalStateException("no read-model rule for " + domainEvent.getClass().getName());
        }
    }

    /** Adds {@code change} (negative for money going out) to the balance of the row at {@code previousVersion}. */
    private static void move(Connection c, String id, BigDecimal change, long previousVersion, RecordedEvent event)
            throws SQLException {
        BigDecimal balance = balance(c, id, previousVersion);
        update(c, "balance = ?", balance.add(change).toPlainString(), id, previousVersion, event);
    }

    private static BigDecimal balance(Connection c, String id, long previousVersion) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "select balance, version from " + AccountRows.TABLE + " where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("account '" + id + "' has no row in " + AccountRows.TABLE);
                }
                requireVersion(id, row.getLong(2), previousVersion);
                return new BigDecimal(row.getString(1));
            }
        }
    }

    /** Sets one column, the version and the time, if the row is still at {@code previousVersion}. */
    private static void update(Connection c, String assignment, String value, String id, long previousVersion,
                               RecordedEvent event) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("update " + AccountRows.TABLE + " set " + assignment
                + ", version = ?, updated_at = ? where id = ? and version = ?")) {
            update.setString(1, value);
            update.setLong(2, event.version());
            update.setString(3, AccountRows.timestamp(event.recordedAt()));
            update.setString(4, id);
            update.setLong(5, previousVersion);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("account '" + id + "' has no row at version " + previousVersion
                        + " to apply " + event.type() + " at version " + event.version());
            }
        }
    }

    private static void requireVersion(String id, long rowVersion, long previousVersion) {
        if (rowVersion != previousVersion) {
            throw new IllegalStateException("account '" + id + "' is at version " + rowVersion
                    + " in the read model; the next event must follow version " + previousVersion);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
