package org.eventsourcing4j.postgres.internal;

import org.eventsourcing4j.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the store's channel on a dedicated connection taken from the data source and
 * wakes the local waiters when another process appended. When the connection dies it
 * reconnects by itself, with backoff, and wakes the waiters after every (re)connect,
 * because notifications sent while it was away are lost and only a read can tell.
 */
final class NotificationListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    private static final int WAIT_MILLIS = 250;
    private static final long KEEPALIVE_NANOS = Duration.ofSeconds(10).toNanos();
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final Jdbc jdbc;
    private final String channel;
    private final String ownPayload;
    private final Runnable wake;
    private final Thread thread;
    private volatile boolean closed;
    private volatile int backendPid;

    NotificationListener(Jdbc jdbc, String channel, String ownPayload, Runnable wake) {
        this.jdbc = jdbc;
        this.channel = channel;
        this.ownPayload = ownPayload;
        this.wake = wake;
        this.thread = new Thread(this::run, "eventsourcing4j-pg-listen-" + channel);
        thread.setDaemon(true);
        thread.start();
    }

    /** The backend pid of the listening connection; 0 while not connected. */
    int backendPid() {
        return backendPid;
    }

    private void run() {
        long backoff = 50;
        while (!closed) {
            try (Connection connection = jdbc.dataSource().getConnection()) {
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen \"" + channel + '"');
                }
                backoff = 50;
                wake.run();
                backendPid = pg.getBackendPID(); // after the wake-up, so "connected" implies "woken"
                listen(connection, pg);
            } catch (SQLException | RuntimeException e) {
                backendPid = 0;
                if (closed) {
                    return;
                }
                LOG.warn("notification connection on channel {} lost, reconnecting in {} ms: {}",
                        channel, backoff, e.toString());
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
        backendPid = 0;
    }

    private void listen(Connection connection, PGConnection pg) throws SQLException {
        long lastTraffic = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                lastTraffic = System.nanoTime();
                for (PGNotification notification : notifications) {
                    if (!ownPayload.equals(notification.getParameter())) {
                        wake.run(); // this process's own appends woke its waiters already
                        break;
                    }
                }
            } else if (System.nanoTime() - lastTraffic > KEEPALIVE_NANOS) {
                // A connection that died silently (no reset from the peer) only shows on use.
                try (PreparedStatement ping = connection.prepareStatement("select 1");
                     ResultSet ignored = ping.executeQuery()) {
                    lastTraffic = System.nanoTime();
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
