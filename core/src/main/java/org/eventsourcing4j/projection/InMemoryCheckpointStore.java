package org.eventsourcing4j.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.support.Checks;

/** Checkpoints in memory: for tests, and read models that are rebuilt at every start. */
public final class InMemoryCheckpointStore implements CheckpointStore {
    private final Map<String, LogPosition> checkpoints = new ConcurrentHashMap<>();

    @Override
    public LogPosition load(String name) {
        return checkpoints.getOrDefault(Checks.notNull(name, "name"), LogPosition.START);
    }

    @Override
    public boolean compareAndSet(String name, LogPosition expected, LogPosition next) {
        Checks.notNull(name, "name");
        Checks.notNull(expected, "expected");
        Checks.notNull(next, "next");
        boolean[] stored = {false};
        checkpoints.compute(name, (key, current) -> {
            LogPosition now = current == null ? LogPosition.START : current;
            if (!now.equals(expected)) {
                return current;
            }
            stored[0] = true;
            return next;
        });
        return stored[0];
    }

    @Override
    public void reset(String name) {
        checkpoints.remove(Checks.notNull(name, "name"));
    }
}
