package org.eventsourcing4j.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection a page's handlers get ({@link JdbcProjectionTarget}): {@code
 * prepareStatement(sql)} hands out one prepared statement per SQL text for the whole page
 * instead of a new one per event, and the page closes them at its end.
 *
 * <p>Why: a handler naturally prepares its statements per event, inside try-with-resources.
 * PostgreSQL's driver keeps server-side statements per connection, so that costs little
 * there; SQLite's driver compiles the SQL at every prepare, which made the bank's read model
 * (a select and an update per deposit) catch up at 0.42 of a loop that prepares once per page
 * (issue 14's P1 on SQLite, see docs/benchmarks-sqlite.md).
 *
 * <p>A statement the handler closes goes back for the next event with its parameters cleared
 * (executing it again closes its previous result set, as JDBC says). A statement whose SQL
 * is in use already (two open at once) is a plain one of its own, closed by its user. Every
 * other call goes to the real connection and statements.
 */
final class PageStatements implements AutoCloseable {
    private final Connection connection;
    private final Connection view;
    private final Map<String, Shared> statements = new HashMap<>();

    PageStatements(Connection connection) {
        this.connection = connection;
        this.view = (Connection) Proxy.newProxyInstance(PageStatements.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                        return prepare((String) args[0]);
                    }
                    return invoke(method, connection, args);
                });
    }

    /** The connection to hand to the page's handlers. */
    Connection connection() {
        return view;
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        Shared shared = statements.get(sql);
        if (shared == null) {
            shared = new Shared(connection.prepareStatement(sql));
            statements.put(sql, shared);
        } else if (shared.inUse) {
            return connection.prepareStatement(sql);
        }
        shared.inUse = true;
        return shared.view;
    }

    /** Closes the real statements. */
    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (Shared shared : statements.values()) {
            try {
                shared.statement.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        statements.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** One real statement and the view of it that the handlers get. */
    private final class Shared {
        final PreparedStatement statement;
        final PreparedStatement view;
        boolean inUse;

        Shared(PreparedStatement statement) {
            this.statement = statement;
            this.view = (PreparedStatement) Proxy.newProxyInstance(PageStatements.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "close" -> {
                            if (inUse) {
                                inUse = false;
                                statement.clearParameters();
                            }
                            yield null;
                        }
                        case "isClosed" -> !inUse || statement.isClosed();
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "toString" -> "statement shared by a page: " + statement;
                        case "getConnection" -> PageStatements.this.view;
                        default -> {
                            if (!inUse) {
                                throw new SQLException("statement is closed");
                            }
                            yield invoke(method, statement, args);
                        }
                    });
        }
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
