package org.eventsourcing4j.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.eventsourcing4j.store.InvalidArgumentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes wrong making a temporary cluster is reported, named, in bounded time, and leaves nothing behind. */
class TemporaryPostgresFailuresTest {
    private Path parent;
    private TemporaryPostgresOptions options;

    @BeforeEach
    void createParent() throws IOException {
        parent = TestDirectories.newParent();
        options = TemporaryPostgresOptions.defaults().withParentDirectory(parent);
    }

    @AfterEach
    void deleteParent() throws IOException {
        TestDirectories.delete(parent);
    }

    @Test
    void a_bin_directory_without_initdb_is_named_in_the_error() throws IOException {
        Path empty = Files.createDirectory(parent.resolve("bin"));

        assertThatThrownBy(() -> TemporaryPostgres.create(options.withBinDirectory(empty)))
                .isInstanceOf(TemporaryPostgresException.class)
                .hasMessageContaining("'initdb' is missing from " + empty)
                .hasMessageContaining(TemporaryPostgresOptions.BIN_VARIABLE);
        assertThat(TestDirectories.entries(parent)).containsExactly(empty);
    }

    @Test
    void a_server_that_refuses_to_start_is_reported_with_its_log_and_its_directory_removed() throws IOException {
        assertThatThrownBy(() -> TemporaryPostgres.create(options.withSetting("shared_buffers", "plenty")))
                .isInstanceOf(TemporaryPostgresException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("invalid value for parameter \"shared_buffers\": \"plenty\"");
        assertThat(TestDirectories.entries(parent)).isEmpty();
    }

    @Test
    void a_command_that_hangs_is_ended_after_the_timeout_and_reported() throws IOException {
        Path bin = Files.createDirectory(parent.resolve("bin"));
        for (String tool : new String[] {"initdb", "pg_ctl"}) {
            Path script = Files.writeString(bin.resolve(tool), "#!/bin/sh\necho started; sleep 600\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        long started = System.nanoTime();

        assertThatThrownBy(() -> TemporaryPostgres.create(options.withBinDirectory(bin).withTimeout(Duration.ofSeconds(1))))
                .isInstanceOf(TemporaryPostgresException.class)
                .hasMessageContaining(bin.resolve("initdb") + " -D")
                .hasMessageContaining("did not finish within 2 s and was ended")
                .hasMessageContaining("started");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(TestDirectories.entries(parent)).containsExactly(bin);
    }

    @Test
    void options_refuse_what_postgresql_conf_cannot_hold() {
        TemporaryPostgresOptions defaults = TemporaryPostgresOptions.defaults();
        assertThatThrownBy(() -> defaults.withSetting("port = 1\nfsync", "off"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("setting name");
        assertThatThrownBy(() -> defaults.withSetting("work_mem", "4MB\nfsync = off"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("one line");
        assertThatThrownBy(() -> defaults.withMaxConnections(3))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("max connections");
        assertThatThrownBy(() -> defaults.withTimeout(Duration.ZERO))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("timeout");
    }
}
