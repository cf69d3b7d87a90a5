package org.eventsourcing4j.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eventsourcing4j.projection.ProjectionLease;
import org.eventsourcing4j.store.StorageException;
import org.eventsourcing4j.support.Checks;
import org.eventsourcing4j.support.Digests;
import org.eventsourcing4j.support.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease on one projection among the processes that share a SQLite database file: an
 * operating-system lock on a small file beside the database,
 * {@code <database>.lease-<hash of the projection name>}. The operating system releases it
 * when the holding process ends, however it ends (kill -9 included), so another process
 * can take over; the checkpoint's compare-and-set fences off anything an old holder still
 * tries to commit. Like SQLite itself, it needs the processes on one machine (not a
 * network file system).
 *
 * <p>Within one JVM, leases on the same file are settled without a second lock: file
 * locks belong to the whole process, and closing any channel on a locked file may release
 * the process's lock (see {@link FileLock}), so only the lease that holds it ever opens the
 * file.
 */
public final class SqliteProjectionLease implements ProjectionLease {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteProjectionLease.class);
    /** Lock files in use by a lease of this JVM, by absolute path. */
    private static final ConcurrentMap<Path, SqliteProjectionLease> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final String projection;
    private FileChannel channel;
    private FileLock lock;

    private SqliteProjectionLease(Path lockFile, String projection) {
        this.lockFile = lockFile;
        this.projection = projection;
    }

    /** The lease on {@code projection} among the users of {@code databaseFile}. */
    public static SqliteProjectionLease of(Path databaseFile, String projection) {
        Checks.notNull(databaseFile, "database file");
        Text.identifier(projection, "projection name", 200);
        Path database = databaseFile.toAbsolutePath().normalize();
        return new SqliteProjectionLease(
                database.resolveSibling(database.getFileName() + ".lease-" + nameHash(projection)), projection);
    }

    private static String nameHash(String projection) {
        return HexFormat.of().formatHex(Digests.sha256(projection), 0, 8);
    }

    /** The file whose lock is the lease. */
    public Path lockFile() {
        return lockFile;
    }

    @Override
    public synchronized boolean tryAcquire() {
        if (isHeld()) {
            return true;
        }
        if (IN_THIS_JVM.putIfAbsent(lockFile, this) != null) {
            return false; // another lease of this JVM holds or is taking it
        }
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            release();
            throw new StorageException("could not lock " + lockFile + " for the lease on projection '"
                    + projection + "'", e);
        }
        if (lock == null) {
            release(); // another process holds it
            return false;
        }
        writeOwner();
        LOG.info("projection {}: lease taken (lock on {})", projection, lockFile);
        return true;
    }

    /** Writes this process's id into the lock file, for operators wondering who holds it. */
    private void writeOwner() {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            LOG.debug("projection {}: could not write the owner into {}: {}", projection, lockFile, e.toString());
        }
    }

    @Override
    public synchronized boolean isHeld() {
        return lock != null && lock.isValid();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            release();
        }
    }

    private void release() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.debug("projection {}: releasing {} failed: {}", projection, lockFile, e.toString());
        } finally {
            lock = null;
            channel = null;
            IN_THIS_JVM.remove(lockFile, this);
        }
    }

    @Override
    public String toString() {
        return "SqliteProjectionLease[" + projection + ", " + lockFile + ", held " + isHeld() + "]";
    }
}
