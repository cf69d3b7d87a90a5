package org.eventsourcing4j.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-lock lease: one holder per projection and database file, across threads and processes. */
class SqliteProjectionLeaseTest {

    @TempDir
    Path directory;

    private Path database() {
        return directory.resolve("events.db");
    }

    @Test
    void one_lease_of_a_projection_holds_it_until_it_is_closed() {
        try (SqliteProjectionLease first = SqliteProjectionLease.of(database(), "balances");
             SqliteProjectionLease second = SqliteProjectionLease.of(database(), "balances");
             SqliteProjectionLease other = SqliteProjectionLease.of(database(), "statements")) {
            assertThat(first.tryAcquire()).isTrue();
            assertThat(first.tryAcquire()).as("taken again by its holder").isTrue();
            assertThat(second.tryAcquire()).isFalse();
            assertThat(second.isHeld()).isFalse();
            assertThat(other.tryAcquire()).as("another projection's lease").isTrue();
            // A failed try of the second lease must not have released the first one's lock.
            assertThat(first.isHeld()).isTrue();
            assertThat(second.tryAcquire()).isFalse();

            first.close();
            assertThat(first.isHeld()).isFalse();
            assertThat(second.tryAcquire()).isTrue();
            assertThat(first.tryAcquire()).isFalse();
            assertThat(first.lockFile()).exists().hasParent(directory);
        }
    }

    @Test
    void another_process_waits_while_this_one_holds_it_and_takes_over_after_a_kill() throws Exception {
        try (SqliteProjectionLease here = SqliteProjectionLease.of(database(), "balances")) {
            assertThat(here.tryAcquire()).isTrue();
            try (ChildProcess child = ChildProcess.start(directory, "lease", database().toString(), "balances");
                 SqliteProjectionLease second = SqliteProjectionLease.of(database(), "balances")) {
                assertThat(child.nextLine()).isEqualTo("trying");
                // A failed try of another lease of this process must not release this process's lock.
                assertThat(second.tryAcquire()).isFalse();
                // The child tries every 10 ms; while this process holds the lease it never gets it.
                assertThat(child.pollLine(500)).isNull();
                here.close();
                assertThat(child.nextLine()).isEqualTo("held");
                assertThat(here.tryAcquire()).as("held by the child").isFalse();
                assertThat(Files.readString(here.lockFile()).trim()).isNotEmpty().doesNotContain(
                        Long.toString(ProcessHandle.current().pid()));

                child.killAndDrain();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!here.tryAcquire() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(here.isHeld()).as("taken over after the holder was killed").isTrue();
            }
        }
    }

    @Test
    void a_process_that_gives_the_lease_up_lets_another_take_it() throws Exception {
        try (ChildProcess child = ChildProcess.start(directory, "lease", database().toString(), "balances");
             SqliteProjectionLease here = SqliteProjectionLease.of(database(), "balances")) {
            assertThat(child.nextLine()).isEqualTo("trying");
            assertThat(child.nextLine()).isEqualTo("held");
            assertThat(here.tryAcquire()).isFalse();
            child.send("release");
            assertThat(child.nextLine()).isEqualTo("released");
            assertThat(child.waitForExit()).isZero();
            assertThat(here.tryAcquire()).isTrue();
        }
    }

    @Test
    void refuses_a_bad_projection_name() {
        assertThatThrownBy(() -> SqliteProjectionLease.of(database(), ""))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("projection name");
        assertThatThrownBy(() -> SqliteProjectionLease.of(database(), "bad\u0000name"))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> SqliteProjectionLease.of(null, "balances"))
                .isInstanceOf(InvalidArgumentException.class);
    }
}
