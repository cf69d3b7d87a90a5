package org.eventsourcing4j.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteProjectionCommandsTest extends ProjectionCommandsTest {
    @TempDir
    Path directory;

    @Override
    CliStore open() {
        return CliStore.sqlite(directory.resolve("events.db"));
    }
}
