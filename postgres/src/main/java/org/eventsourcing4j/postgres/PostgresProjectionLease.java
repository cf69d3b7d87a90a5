package org.eventsourcing4j.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eventsourcing4j.jdbc.SqlFailure;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease on one projection across application instances: a session-level advisory lock
 * ({@code pg_try_advisory_lock}) held on a dedicated connection from the data source for
 * as long as the lease is held. When that connection dies — the instance crashed, the
 * backend was terminated, the server restarted — PostgreSQL releases the lock and another
 * instance can take it; {@link #isHeld()} notices the dead connection. Whatever the old
 * holder still tries to commit is fenced off by the checkpoint's compare-and-set.
 *
 * <p>The lock key is a stable 64-bit number: the first 8 bytes of the SHA-256 of
 * {@code "eventsourcing4j.projection:" + schema + "." + tablePrefix + ":" + name}, so two
 * applications whose stores live in different schemas (or under different prefixes) of one
 * database never block each other's projections of the same name. Keys could
 * collide (odds about n²/2⁶⁴); a collision is harmless but serializes them: the two
 * projections would never run at the same time, in any instance.
 *
 * <p>One lease object per runner; it holds one connection of the pool while held or
 * trying (size pools for it). Not for use by several threads at once beyond the runner's
 * own thread and {@link #close()}.
 */
public final class PostgresProjectionLease implements ProjectionLease {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresProjectionLease.class);
    private static final String NAMESPACE = "eventsourcing4j.projection:";
    /** How long a check of the lease connection may block before the lease counts as lost. */
    private static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    /** How many dead pooled connections one try of the lease skips. */
    private static final int DEAD_CONNECTION_RETRIES = 5;

    private final DataSource dataSource;
    private final String projection;
    private final long key;
    private Connection connection;
    private boolean held;

    /** The lease on {@code projection} of the store whose tables are in {@code schema}. */
    public PostgresProjectionLease(DataSource dataSource, PostgresSchema schema, String projection) {
        this.dataSource = Checks.notNull(dataSource, "data source");
        this.projection = Text.identifier(projection, "projection name", 200);
        this.key = lockKey(Checks.notNull(schema, "schema"), projection);
    }

    /** The advisory-lock key for a projection of the store in {@code schema} (see the class comment). */
    public static long lockKey(PostgresSchema schema, String projection) {
        return PostgresDialect.lockKey(NAMESPACE + schema.schema() + "." + schema.tablePrefix() + ":" + projection);
    }

    public long key() {
        return key;
    }

    /**
     * Tries the lock on the lease connection. A pool may hand out connections that died
     * while idle (after a restart or failover); each such failure is immediate and is tried
     * again on a fresh connection (a few times), so dead pooled connections do not cost
     * polling rounds.
     */
    @Override
    public synchronized boolean tryAcquire() {
        if (isHeld()) {
            return true;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return tryLock();
            } catch (SQLException e) {
                discardConnection();
                if (attempt >= DEAD_CONNECTION_RETRIES || PostgresDialect.INSTANCE.classify(e) != SqlFailure.CONNECTION_LOST) {
                    LOG.debug("projection {}: could not try the lease: {}", projection, e.toString());
                    return false;
                }
            }
        }
    }

    private boolean tryLock() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
        }
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                held = rs.getBoolean(1);
            }
        }
        if (held) {
            LOG.info("projection {}: lease taken (advisory lock {})", projection, key);
        }
        return held;
    }

    /**
     * Whether the lock is still held: asks the server whether this session holds it, so a
     * dead connection (and with it the lock) is noticed here.
     */
    @Override
    public synchronized boolean isHeld() {
        if (!held) {
            return false;
        }
        try (PreparedStatement check = connection.prepareStatement("select exists (select 1 from pg_locks"
                + " where locktype = 'advisory' and pid = pg_backend_pid() and granted"
                + " and classid = ? and objid = ? and objsubid = 1)")) {
            // A bigint key is stored as its high and low 32 bits (objsubid 1 marks the bigint form).
            check.setLong(1, key >>> 32);
            check.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet rs = check.executeQuery()) {
                rs.next();
                held = rs.getBoolean(1);
            }
        } catch (SQLException e) {
            LOG.warn("projection {}: lease connection failed, the lease is lost: {}", projection, e.toString());
            held = false;
        }
        if (!held) {
            discardConnection();
        }
        return held;
    }

    /** Unlocks and closes the connection; the lease can be taken again later. */
    @Override
    public synchronized void close() {
        if (held) {
            try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                unlock.setLong(1, key);
                unlock.execute();
            } catch (SQLException e) {
                LOG.debug("projection {}: unlock failed (closing the session releases it): {}", projection, e.toString());
            }
            held = false;
        }
        discardConnection();
    }

    private void discardConnection() {
        held = false;
        if (connection != null) {
            // The connection goes back to a pool: it must not keep the lock if it is still
            // alive (a failed check need not mean a dead session). On a dead one this fails.
            try (PreparedStatement unlockAll = connection.prepareStatement("select pg_advisory_unlock_all()")) {
                unlockAll.execute();
            } catch (SQLException e) {
                LOG.debug("projection {}: releasing advisory locks failed: {}", projection, e.toString());
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("projection {}: closing the lease connection failed: {}", projection, e.toString());
            }
            connection = null;
        }
    }

    @Override
    public String toString() {
        return "PostgresProjectionLease[" + projection + ", key " + key + ", held " + held + "]";
    }
}
