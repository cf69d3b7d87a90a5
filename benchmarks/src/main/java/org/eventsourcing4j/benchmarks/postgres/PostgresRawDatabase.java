package org.eventsourcing4j.benchmarks.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eventsourcing4j.benchmarks.sidebyside.RawDatabase;

/**
 * A raw log on PostgreSQL: tables named {@code raw_<log>_<name>} in the pool's schema, a
 * pooled connection per operation with its statements prepared on it (the driver keeps
 * the server-side prepared statements per connection), as an application would.
 */
final class PostgresRawDatabase implements RawDatabase {
    private final DataSource pool;
    private final String prefix;

    PostgresRawDatabase(DataSource pool, String log) {
        this.pool = pool;
        this.prefix = "raw_" + log + "_";
    }

    @Override
    public String table(String name) {
        return prefix + name;
    }

    @Override
    public String createEvents(String table) {
        return "create table " + table + " (position bigserial primary key, stream_id text not null,"
                + " version bigint not null, event_type text not null, payload jsonb not null, unique (stream_id, version))";
    }

    @Override
    public String jsonParameter() {
        return "?::jsonb";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    public <T> T write(Work<T> work) throws SQLException {
        return borrow(false, work);
    }

    @Override
    public <T> T read(Work<T> work) throws SQLException {
        return borrow(false, work);
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws SQLException {
        return borrow(true, work);
    }

    private <T> T borrow(boolean transaction, Work<T> work) throws SQLException {
        List<PreparedStatement> prepared = new ArrayList<>();
        try (Connection connection = pool.getConnection()) {
            try {
                Statements statements = sql -> {
                    PreparedStatement statement = connection.prepareStatement(sql);
                    prepared.add(statement);
                    return statement;
                };
                if (!transaction) {
                    return work.run(statements);
                }
                connection.setAutoCommit(false);
                try {
                    T result = work.run(statements);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } finally {
                for (PreparedStatement statement : prepared) {
                    statement.close();
                }
            }
        }
    }

    @Override
    public void close() {
        // the pool belongs to the harness
    }
}
