package org.eventsourcing4j.snapshot.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The default place snapshots are written: off the request path, one at a time. */
public final class SnapshotExecutors {
    /** Snapshots waiting beyond this are refused (and counted as failed by the repository). */
    public static final int QUEUE_CAPACITY = 1_000;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private SnapshotExecutors() {
    }

    /**
     * One daemon thread with a bounded queue. The thread stops after 10 idle seconds and
     * starts again on demand, so an executor nobody shuts down holds no thread for long.
     */
    public static Executor background() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
                    Thread thread = new Thread(runnable, "eventsourcing4j-snapshots-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
