package org.eventsourcing4j.spring.boot.autoconfigure;

import java.util.List;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjection;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.store.GlobalLogReader;

/**
 * The runners of the application's {@link JdbcProjection} beans. A projection declared
 * without options of its own ({@link ProjectionOptions#DEFAULTS}) runs with the
 * {@code eventsourcing4j.projections.*} ones.
 */
final class JdbcProjectionRunners {
    private final List<ProjectionRunner> runners;

    JdbcProjectionRunners(List<JdbcProjection> projections, JdbcEventStore store, GlobalLogReader log,
                          ProjectionOptions configured) {
        this.runners = projections.stream()
                .map(p -> (p.options().equals(ProjectionOptions.DEFAULTS) ? p.withOptions(configured) : p)
                        .runner(store, log))
                .toList();
    }

    List<ProjectionRunner> runners() {
        return runners;
    }
}
