package org.eventsourcing4j.benchmarks.sidebyside;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eventsourcing4j.benchmarks.sidebyside.RawDatabase.Statements;
import org.eventsourcing4j.examples.bank.domain.AccountCreated;
import org.eventsourcing4j.examples.bank.domain.AccountEvent;
import org.eventsourcing4j.examples.bank.domain.MoneyDeposited;

/**
 * The bank's account read model written by hand: the same table, the same statements and
 * the same version checks as the bank's {@code AccountProjection}, on the raw side's own
 * table, with its three statements prepared once per page. The raw log has no recorded-at
 * time, so {@code updated_at} is the time the event is applied.
 */
final class RawAccountUpdates {
    private static final String PREFIX = "account-";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final String table;

    RawAccountUpdates(String table) {
        this.table = table;
    }

    List<String> createTable() {
        return List.of("create table " + table + " (id text primary key, email text not null, name text not null,"
                        + " balance text not null, currency text not null, status text not null, version bigint not null,"
                        + " opened_position bigint not null, updated_at text not null)",
                "create index " + table + "_by_status on " + table + " (status, opened_position)");
    }

    String clear() {
        return "delete from " + table;
    }

    /** Applies a page of the log, in the caller's transaction. */
    void apply(Statements s, List<RawSide.Row> rows) throws SQLException {
        PreparedStatement insert = s.prepare("insert into " + table
                + " (id, email, name, balance, currency, status, version, opened_position, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement select = s.prepare("select balance, version from " + table + " where id = ?");
        PreparedStatement update = s.prepare("update " + table
                + " set balance = ?, version = ?, updated_at = ? where id = ? and version = ?");
        for (RawSide.Row row : rows) {
            if (!row.streamId().startsWith(PREFIX)) {
                continue;
            }
            String id = row.streamId().substring(PREFIX.length());
            AccountEvent event = Payloads.decodeAccountEvent(row.type(), row.payload());
            String now = TIMESTAMP.format(Instant.now());
            if (event instanceof AccountCreated created) {
                require(row.version() == 1, id, row);
                insert.setString(1, id);
                insert.setString(2, created.email());
                insert.setString(3, created.name());
                insert.setString(4, BigDecimal.ZERO.setScale(created.currency().getDefaultFractionDigits()).toPlainString());
                insert.setString(5, created.currency().getCurrencyCode());
                insert.setString(6, "active");
                insert.setLong(7, row.version());
                insert.setLong(8, row.position());
                insert.setString(9, now);
                insert.executeUpdate();
            } else if (event instanceof MoneyDeposited deposited) {
                select.setString(1, id);
                BigDecimal balance;
                try (ResultSet current = select.executeQuery()) {
                    require(current.next() && current.getLong(2) == row.version() - 1, id, row);
                    balance = new BigDecimal(current.getString(1));
                }
                update.setString(1, balance.add(deposited.amount()).toPlainString());
                update.setLong(2, row.version());
                update.setString(3, now);
                update.setString(4, id);
                update.setLong(5, row.version() - 1);
                require(update.executeUpdate() == 1, id, row);
            } else {
                throw new IllegalStateException("no read-model rule for " + event);
            }
        }
    }

    private static void require(boolean condition, String id, RawSide.Row row) {
        if (!condition) {
            throw new IllegalStateException("account '" + id + "' is not at version " + (row.version() - 1)
                    + " to apply " + row.type() + " at version " + row.version());
        }
    }
}
