package org.eventsourcing4j.postgres.internal;

import org.eventsourcing4j.jdbc.Jdbc;
import java.time.Duration;
import java.util.UUID;
import org.eventsourcing4j.store.spi.AppendListeners;

/**
 * Wake-ups for readers of the global log: local listeners run right after an append of
 * this store instance returns; appends of other processes arrive by LISTEN/NOTIFY. A
 * wake-up only says "read again": readers keep polling as the fallback, since
 * notifications can be lost (connection drops, a process dying after its commit).
 */
public final class Notifications implements AutoCloseable {
    private final Jdbc jdbc;
    private final String channel;
    /** Sent as the payload, so the listener can ignore this instance's own notifications. */
    private final String instanceId = UUID.randomUUID().toString();
    private final AppendListeners listeners = new AppendListeners();
    private final NotifySender notifier;
    private NotificationListener listener;
    private boolean closed;

    /** @param notifyInterval at most one NOTIFY per interval; null to send none */
    public Notifications(Jdbc jdbc, String channel, Duration notifyInterval) {
        this.jdbc = jdbc;
        this.channel = channel;
        this.notifier = notifyInterval == null ? null : new NotifySender(jdbc, channel, instanceId, notifyInterval);
    }

    /** After an append of this instance committed. */
    public void appended() {
        listeners.wakeAll();
        if (notifier != null) {
            notifier.appended();
        }
    }

    /** Registers a wake-up; starts listening for other processes' appends on first use. */
    public synchronized org.eventsourcing4j.store.Registration register(Runnable wakeUp) {
        if (closed) {
            throw new IllegalStateException("the event store is closed");
        }
        org.eventsourcing4j.store.Registration registration = listeners.add(wakeUp);
        if (listener == null) {
            listener = new NotificationListener(jdbc, channel, instanceId, listeners::wakeAll);
        }
        return registration;
    }

    /** The backend pid of the listening connection; 0 when not listening. */
    public synchronized int listenerBackendPid() {
        return listener == null ? 0 : listener.backendPid();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (notifier != null) {
            notifier.close();
        }
        if (listener != null) {
            listener.close();
        }
        listeners.clear();
    }
}
