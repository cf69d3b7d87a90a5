package org.eventsourcing4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A page's handlers share one prepared statement per SQL text, on a real SQLite file. */
class PageStatementsTest {
    @TempDir
    Path dir;

    private Connection real;
    /** The real statements prepared, in order. */
    private final List<PreparedStatement> prepared = new ArrayList<>();
    private Connection counting;

    @BeforeEach
    void open() throws SQLException {
        real = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("page.db"));
        try (var create = real.createStatement()) {
            create.execute("create table t (k text primary key, n integer not null)");
        }
        counting = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(real, args);
                        if (method.getName().equals("prepareStatement")) {
                            prepared.add((PreparedStatement) result);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void close() throws SQLException {
        real.close();
    }

    private static void insert(Connection c, String key, int n) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into t (k, n) values (?, ?)")) {
            insert.setString(1, key);
            insert.setInt(2, n);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    private static int n(Connection c, String key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select n from t where k = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getInt(1) : -1;
            }
        }
    }

    @Test
    void aPagePreparesEachSqlTextOnceAndClosesItAtTheEnd() throws SQLException {
        try (PageStatements page = new PageStatements(counting)) {
            for (int i = 0; i < 50; i++) {
                insert(page.connection(), "k" + i, i);
                assertThat(n(page.connection(), "k" + i)).isEqualTo(i);
            }
            assertThat(prepared).hasSize(2);
            assertThat(prepared).noneMatch(PageStatementsTest::closed);
        }
        assertThat(prepared).allMatch(PageStatementsTest::closed);
        assertThat(n(real, "k49")).isEqualTo(49);
    }

    @Test
    void aClosedStatementRefusesUseAndComesBackWithoutItsParameters() throws SQLException {
        try (PageStatements page = new PageStatements(counting)) {
            PreparedStatement first = page.connection().prepareStatement("insert into t (k, n) values (?, ?)");
            first.setString(1, "a");
            first.setInt(2, 1);
            first.executeUpdate();
            first.close();
            assertThat(first.isClosed()).isTrue();
            assertThatThrownBy(first::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("closed");

            PreparedStatement again = page.connection().prepareStatement("insert into t (k, n) values (?, ?)");
            assertThat(again.isClosed()).isFalse();
            again.setString(1, "b");
            // The second parameter of the first use is gone: SQLite refuses the missing value.
            assertThatThrownBy(again::executeUpdate).isInstanceOf(SQLException.class);
            again.close();
        }
        assertThat(n(real, "a")).isEqualTo(1);
        assertThat(n(real, "b")).isEqualTo(-1);
    }

    @Test
    void theSameSqlOpenTwiceGetsTwoStatements() throws SQLException {
        insert(real, "x", 7);
        insert(real, "y", 8);
        try (PageStatements page = new PageStatements(counting)) {
            Connection c = page.connection();
            try (PreparedStatement outer = c.prepareStatement("select n from t where k = ?")) {
                outer.setString(1, "x");
                try (ResultSet x = outer.executeQuery()) {
                    assertThat(x.next()).isTrue();
                    // Inside the open one: a statement of its own, the outer result untouched.
                    assertThat(n(c, "y")).isEqualTo(8);
                    assertThat(x.getInt(1)).isEqualTo(7);
                }
            }
            assertThat(prepared).hasSize(2);
            assertThat(closed(prepared.get(1))).isTrue(); // its user closed it
            assertThat(closed(prepared.get(0))).isFalse(); // kept for the page
        }
        assertThat(prepared).allMatch(PageStatementsTest::closed);
    }

    private static boolean closed(PreparedStatement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
