package org.eventsourcing4j.examples.bank.readmodel;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import org.eventsourcing4j.examples.bank.domain.AccountStatus;

/** The shape of a row of the account read model, shared by the projection and the queries. */
final class AccountRows {
    /** This version's table: named like the projection. */
    static final String TABLE = AccountProjection.NAME;
    static final String ACTIVE = "active";
    static final String CLOSED = "closed";
    static final String COLUMNS = "id, email, name, balance, currency, status, version, updated_at";

    /** Fixed width, so the text sorts in time order; microseconds, the stores' precision. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AccountRows() {
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    static String status(AccountStatus status) {
        return switch (status) {
            case ACTIVE -> ACTIVE;
            case CLOSED -> CLOSED;
            case NOT_OPENED -> throw new IllegalArgumentException("no row for an account that was never opened");
        };
    }

    /** Reads the row at the cursor, whose columns are {@link #COLUMNS} in that order. */
    static AccountView read(ResultSet row) throws SQLException {
        String status = row.getString(6);
        return new AccountView(row.getString(1), row.getString(2), row.getString(3),
                new BigDecimal(row.getString(4)), Currency.getInstance(row.getString(5)),
                CLOSED.equals(status) ? AccountStatus.CLOSED : AccountStatus.ACTIVE,
                row.getLong(7), Instant.parse(row.getString(8)));
    }
}
