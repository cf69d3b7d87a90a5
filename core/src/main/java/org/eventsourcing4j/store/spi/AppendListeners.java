package org.eventsourcing4j.store.spi;

import org.eventsourcing4j.support.Checks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eventsourcing4j.store.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wake-ups registered with a store's {@code onAppend}, run after appends. A wake-up that
 * throws is logged and does not stop the others, nor fail the append that ran them.
 */
public final class AppendListeners {
    private static final Logger LOG = LoggerFactory.getLogger(AppendListeners.class);

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Adds {@code listener}; closing the result removes it. */
    public Registration add(Runnable listener) {
        Checks.notNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Runs every listener on the calling thread. */
    public void wakeAll() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("an append listener failed", e);
            }
        }
    }

    public void clear() {
        listeners.clear();
    }
}
