package org.eventsourcing4j.examples.bank.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.eventsourcing4j.examples.bank.domain.AccountStatus;
import org.eventsourcing4j.jdbc.Jdbc;
import org.eventsourcing4j.jdbc.SqlDialect;
import org.eventsourcing4j.jdbc.SqlWork;
import org.eventsourcing4j.store.InvalidArgumentException;

/**
 * Queries of the account read model (this version's table). They run on connections of
 * their own in auto-commit mode: on SQLite (WAL) they never wait for the writer, on
 * PostgreSQL they see the last committed state of the projection.
 */
public final class AccountReadModel {
    /** The largest page {@link #list} returns. */
    public static final int MAX_LIMIT = 500;

    private final Jdbc queries;

    /** @param dialect the rules of the database behind {@code dataSource}, for its errors */
    public AccountReadModel(DataSource dataSource, SqlDialect dialect) {
        this.queries = new Jdbc(dataSource, dialect);
    }

    public Optional<AccountView> find(String id) {
        return query("reading account '" + id + "'", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "select " + AccountRows.COLUMNS + " from " + AccountRows.TABLE + " where id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(AccountRows.read(row)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Accounts in the order they were opened.
     *
     * @param status null for every status
     */
    public List<AccountView> list(AccountStatus status, int limit, long offset) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidArgumentException("limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (offset < 0) {
            throw new InvalidArgumentException("offset", "must not be negative, got " + offset);
        }
        String where = status == null ? "" : " where status = ?";
        return query("listing accounts", c -> {
            try (PreparedStatement select = c.prepareStatement("select " + AccountRows.COLUMNS + " from "
                    + AccountRows.TABLE + where + " order by opened_position, id limit ? offset ?")) {
                int parameter = 1;
                if (status != null) {
                    select.setString(parameter++, AccountRows.status(status));
                }
                select.setInt(parameter++, limit);
                select.setLong(parameter, offset);
                List<AccountView> accounts = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        accounts.add(AccountRows.read(rows));
                    }
                }
                return accounts;
            }
        });
    }

    /** Every row, in the order accounts were opened: for checks that the read model equals the events. */
    public List<AccountView> all() {
        return query("reading every account", c -> {
            try (PreparedStatement select = c.prepareStatement("select " + AccountRows.COLUMNS + " from "
                    + AccountRows.TABLE + " order by opened_position, id");
                 ResultSet rows = select.executeQuery()) {
                List<AccountView> accounts = new ArrayList<>();
                while (rows.next()) {
                    accounts.add(AccountRows.read(rows));
                }
                return accounts;
            }
        });
    }

    /** Whether the read model's database answers. */
    public void ping() {
        query("checking the read model's database", c -> {
            try (PreparedStatement select = c.prepareStatement("select 1"); ResultSet row = select.executeQuery()) {
                return row.next();
            }
        });
    }

    private <T> T query(String what, SqlWork<T, RuntimeException> query) {
        return queries.autoCommit(what, query);
    }
}
