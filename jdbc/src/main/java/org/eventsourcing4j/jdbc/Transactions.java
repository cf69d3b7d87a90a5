package org.eventsourcing4j.jdbc;

import java.sql.SQLException;
import org.eventsourcing4j.store.EventSourcingException;
import org.eventsourcing4j.store.StorageException;

/** Runs library-owned SQL work (no user handler inside) and turns every failure into a typed error. */
final class Transactions {
    private Transactions() {
    }

    static <T> T call(JdbcTransactions transactions, String what, SqlWork<T> work) {
        try {
            return transactions.inTransaction(work);
        } catch (EventSourcingException e) {
            throw e;
        } catch (SQLException e) {
            throw DataSourceTransactions.translate(e, what);
        } catch (Exception e) {
            throw new StorageException(what + " failed: " + e.getMessage(), e);
        }
    }
}
