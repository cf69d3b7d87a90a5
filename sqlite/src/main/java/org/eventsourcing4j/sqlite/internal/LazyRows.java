package org.eventsourcing4j.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eventsourcing4j.store.RecordedEvent;
import org.eventsourcing4j.store.StreamId;

/**
 * A lazy {@link Stream} over an open result set: one row is decoded per element, so memory
 * stays bounded however many rows there are. It owns the statement and the connection
 * until it is closed, or until the last row has been read, whichever comes first.
 *
 * <p>SQLite runs the statement in one read transaction from its first step to its reset,
 * and in WAL mode that transaction sees one snapshot of the file: the rows are the stream
 * as it was when the read began, never a partly written batch.
 */
public final class LazyRows extends Spliterators.AbstractSpliterator<RecordedEvent> {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final StreamId knownStream;
    private final Consumer<Connection> release;
    private final Function<SQLException, RuntimeException> translate;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LazyRows(Connection connection, PreparedStatement statement, ResultSet rows, StreamId knownStream,
                     Consumer<Connection> release, Function<SQLException, RuntimeException> translate) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.knownStream = knownStream;
        this.release = release;
        this.translate = translate;
    }

    /**
     * Runs {@code statement} (parameters bound) and streams its rows. On failure the
     * statement is closed and the connection released before the error is thrown.
     */
    public static Stream<RecordedEvent> stream(Connection connection, PreparedStatement statement,
                                               StreamId knownStream, Consumer<Connection> release,
                                               Function<SQLException, RuntimeException> translate) {
        ResultSet rows;
        try {
            rows = statement.executeQuery();
        } catch (SQLException e) {
            throw closeAll(statement, connection, release, translate, translate.apply(e));
        }
        LazyRows lazy = new LazyRows(connection, statement, rows, knownStream, release, translate);
        return StreamSupport.stream(lazy, false).onClose(lazy::close);
    }

    @Override
    public boolean tryAdvance(Consumer<? super RecordedEvent> action) {
        if (closed.get()) {
            return false;
        }
        RecordedEvent event;
        try {
            if (!rows.next()) {
                close();
                return false;
            }
            event = EventRows.read(rows, knownStream);
        } catch (SQLException e) {
            RuntimeException failure = translate.apply(e);
            close();
            throw failure;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        action.accept(event);
        return true;
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            RuntimeException failure = null;
            try {
                rows.close();
            } catch (SQLException e) {
                failure = translate.apply(e);
            }
            failure = closeAll(statement, connection, release, translate, failure);
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Closes the statement, which ends SQLite's read transaction, and hands the connection
     * back. A statement that cannot be finalized might keep a read transaction open, so its
     * connection is closed instead of reused.
     *
     * @return {@code failure}, or the close failure when there was none before
     */
    private static RuntimeException closeAll(PreparedStatement statement, Connection connection,
                                             Consumer<Connection> release,
                                             Function<SQLException, RuntimeException> translate,
                                             RuntimeException failure) {
        try {
            statement.close();
        } catch (SQLException e) {
            RuntimeException closeFailure = translate.apply(e);
            if (failure == null) {
                failure = closeFailure;
            } else {
                failure.addSuppressed(closeFailure);
            }
            try {
                connection.close();
            } catch (SQLException second) {
                failure.addSuppressed(second);
            }
            return failure;
        }
        release.accept(connection);
        return failure;
    }
}
