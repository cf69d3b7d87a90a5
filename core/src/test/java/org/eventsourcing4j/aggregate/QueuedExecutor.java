package org.eventsourcing4j.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** Holds tasks until the test runs them: shows what happens before a background write. */
final class QueuedExecutor implements Executor {
    private final List<Runnable> queued = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
        queued.add(task);
    }

    synchronized int size() {
        return queued.size();
    }

    void runAll() {
        List<Runnable> tasks;
        synchronized (this) {
            tasks = new ArrayList<>(queued);
            queued.clear();
        }
        tasks.forEach(Runnable::run);
    }
}
