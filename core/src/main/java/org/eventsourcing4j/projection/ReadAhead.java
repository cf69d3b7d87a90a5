package org.eventsourcing4j.projection;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.store.EventFilter;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.store.LogPage;
import org.eventsourcing4j.store.LogPosition;

/**
 * Reads the next page of the global log on a thread of its own while the loop commits the
 * page in hand, so that catching up overlaps a page's read with the previous page's commit
 * (the commit mostly waits for the database's disk, the read for its CPU).
 *
 * <p>A page read ahead is only used for the position it was read after: the log below the
 * store's horizon never changes, so a page read earlier is still a correct page after that
 * position (possibly shorter than one read now; the next read picks up the rest). When the
 * loop asks for another position (a fence, a rebuild, a failed commit that moved the
 * checkpoint elsewhere) the page is dropped. A read ahead that failed is dropped too and the
 * loop reads again itself, so a failure reaches the loop's own handling exactly as without
 * read-ahead. Used by one loop thread; the reading thread ends after some idle seconds.
 */
final class ReadAhead implements AutoCloseable {
    private final GlobalLogReader log;
    private final int batchSize;
    private final EventFilter filter;
    private final ThreadPoolExecutor reader;
    private Future<LogPage> pending;
    private LogPosition pendingAfter;

    ReadAhead(String projection, GlobalLogReader log, int batchSize, EventFilter filter) {
        this.log = log;
        this.batchSize = batchSize;
        this.filter = filter;
        this.reader = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "projection-" + projection + "-read-ahead");
            thread.setDaemon(true);
            return thread;
        });
        reader.allowCoreThreadTimeOut(true);
    }

    /** Starts reading the page after {@code after}; replaces a page read ahead and not taken. */
    void start(LogPosition after) {
        drop();
        pendingAfter = after;
        pending = reader.submit(() -> log.readAll(after, batchSize, filter));
    }

    /**
     * The page after {@code after}: the one read ahead for that position when it succeeded,
     * else read now on the caller's thread (which throws as a read without read-ahead would).
     */
    LogPage read(LogPosition after) {
        if (pending != null && after.equals(pendingAfter)) {
            Future<LogPage> page = pending;
            pending = null;
            pendingAfter = null;
            try {
                return page.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // Read again below: the failure (or its successor) then surfaces on the loop's thread.
            }
        } else {
            drop();
        }
        return log.readAll(after, batchSize, filter);
    }

    private void drop() {
        if (pending != null) {
            pending.cancel(false); // a read in flight finishes on its thread and is thrown away
            pending = null;
            pendingAfter = null;
        }
    }

    /** Drops the page read ahead; a read in flight finishes (it is not interrupted inside the driver) and its thread ends. */
    @Override
    public void close() {
        drop();
        reader.shutdown();
    }
}
