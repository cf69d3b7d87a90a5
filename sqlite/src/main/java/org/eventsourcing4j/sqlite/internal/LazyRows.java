package org.eventsourcing4j.sqlite.internal;

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
 * stays bounded however many rows there are. It owns the statement (unless it is one of the
 * session's cached statements, which it only resets) and the session until it is closed, or
 * until the last row has been read, whichever comes first.
 *
 * <p>SQLite runs the statement in one read transaction from its first step to its reset,
 * and in WAL mode that transaction sees one snapshot of the file: the rows are the stream
 * as it was when the read began, never a partly written batch.
 */
public final class LazyRows extends Spliterators.AbstractSpliterator<RecordedEvent> {
    private final Session session;
    private final PreparedStatement statement;
    private final boolean cached;
    private final ResultSet rows;
    private final EventRows.Decoder decoder;
    private final Release release;
    private final Function<SQLException, RuntimeException> translate;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Gives the session back; {@code discard} when it may be unusable. */
    @FunctionalInterface
    public interface Release {
        void release(Session session, boolean discard);
    }

    private LazyRows(Session session, PreparedStatement statement, boolean cached, ResultSet rows,
                     StreamId knownStream, Release release, Function<SQLException, RuntimeException> translate) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.session = session;
        this.statement = statement;
        this.cached = cached;
        this.rows = rows;
        this.decoder = new EventRows.Decoder(knownStream);
        this.release = release;
        this.translate = translate;
    }

    /**
     * Runs {@code statement} (parameters bound) and streams its rows. On failure the
     * statement is closed (or, when {@code cached}, the session discarded) and the session
     * released before the error is thrown.
     *
     * @param cached {@code statement} is one of the session's cached statements: reset it at
     *               the end instead of closing it
     */
    public static Stream<RecordedEvent> stream(Session session, PreparedStatement statement, boolean cached,
                                               StreamId knownStream, Release release,
                                               Function<SQLException, RuntimeException> translate) {
        ResultSet rows;
        try {
            rows = statement.executeQuery();
        } catch (SQLException e) {
            RuntimeException failure = translate.apply(e);
            if (cached) {
                release.release(session, true);
                throw failure;
            }
            throw closeAll(statement, session, release, translate, failure);
        }
        LazyRows lazy = new LazyRows(session, statement, cached, rows, knownStream, release, translate);
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
            event = decoder.read(rows);
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
                rows.close(); // resets the statement, which ends SQLite's read transaction
            } catch (SQLException e) {
                failure = translate.apply(e);
            }
            if (cached) {
                release.release(session, failure != null);
            } else {
                failure = closeAll(statement, session, release, translate, failure);
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Closes the statement, which ends SQLite's read transaction, and hands the session
     * back. A statement that cannot be finalized might keep a read transaction open, so its
     * session is discarded instead of reused.
     *
     * @return {@code failure}, or the close failure when there was none before
     */
    private static RuntimeException closeAll(PreparedStatement statement, Session session, Release release,
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
            release.release(session, true);
            return failure;
        }
        release.release(session, false);
        return failure;
    }
}
