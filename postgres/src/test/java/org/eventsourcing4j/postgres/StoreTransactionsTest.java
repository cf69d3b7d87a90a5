package org.eventsourcing4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store as {@code JdbcTransactions}: commit, rollback, typed SQL errors, the caller's own exceptions unchanged. */
class StoreTransactionsTest {
    private static PgTestDatabase database;
    private PostgresEventStore store;
    private String table;

    @BeforeAll
    static void createSchema() {
        database = PgTestDatabase.create("storetxs");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @BeforeEach
    void open() throws Exception {
        store = database.store("es_", Clock.systemUTC());
        table = "\"" + database.schema + "\".items";
        store.inTransaction(c -> {
            try (PreparedStatement create = c.prepareStatement("create table if not exists " + table + " (id int)")) {
                create.execute();
            }
            try (PreparedStatement clear = c.prepareStatement("delete from " + table)) {
                clear.execute();
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void work_commits_when_it_returns() throws Exception {
        int inserted = store.inTransaction(c -> insert(c, 1));
        assertThat(inserted).isEqualTo(1);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void the_callers_exception_comes_out_unchanged_and_rolls_back() throws Exception {
        Exception mine = new java.io.IOException("the caller's own");
        assertThatThrownBy(() -> store.inTransaction(c -> {
            insert(c, 1);
            throw mine;
        })).isSameAs(mine);
        assertThat(count()).isZero();
    }

    @Test
    void sql_errors_are_typed_and_roll_back() throws Exception {
        assertThatThrownBy(() -> store.inTransaction(c -> {
            insert(c, 1);
            try (PreparedStatement bad = c.prepareStatement("select 1 / 0")) {
                bad.execute();
            }
            return null;
        })).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e).hasMessageContaining("22012");
        });
        assertThat(count()).isZero();
    }

    @Test
    void a_lost_connection_is_a_retryable_store_unavailable() throws Exception {
        assertThatThrownBy(() -> store.inTransaction(c -> {
            insert(c, 1);
            try (PreparedStatement kill = c.prepareStatement("select pg_terminate_backend(pg_backend_pid())")) {
                kill.execute();
            }
            return null;
        })).isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue());
        assertThat(count()).isZero();
        // The pool replaces the dead connection; the next transaction works.
        assertThat((int) store.inTransaction(c -> insert(c, 2))).isEqualTo(1);
        assertThat(count()).isEqualTo(1);
    }

    private int insert(java.sql.Connection c, int id) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("insert into " + table + " values (?)")) {
            insert.setInt(1, id);
            return insert.executeUpdate();
        }
    }

    private long count() throws Exception {
        return store.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select count(*) from " + table);
                 ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
