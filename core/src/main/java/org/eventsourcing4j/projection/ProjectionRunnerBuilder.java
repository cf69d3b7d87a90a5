package org.eventsourcing4j.projection;

import java.time.Clock;
import org.eventsourcing4j.store.GlobalLogReader;
import org.eventsourcing4j.support.Checks;

/** Configures a {@link ProjectionRunner}; only the name, the log and the target are required. */
public final class ProjectionRunnerBuilder {
    final String name;
    final GlobalLogReader log;
    final ProjectionTarget target;
    ProjectionOptions options = ProjectionOptions.DEFAULTS;
    DeadLetterStore deadLetters = new InMemoryDeadLetterStore();
    ProjectionLease lease = ProjectionLease.alwaysHeld();
    Clock clock = Clock.systemUTC();

    ProjectionRunnerBuilder(String name, GlobalLogReader log, ProjectionTarget target) {
        this.name = name;
        this.log = log;
        this.target = target;
    }

    public ProjectionRunnerBuilder options(ProjectionOptions value) {
        this.options = Checks.notNull(value, "options");
        return this;
    }

    /** Where {@link FailurePolicy#PARK} puts events; in memory by default. */
    public ProjectionRunnerBuilder deadLetters(DeadLetterStore value) {
        this.deadLetters = Checks.notNull(value, "dead-letter store");
        return this;
    }

    /** Who may run the projection when several instances start it; always this one by default. */
    public ProjectionRunnerBuilder lease(ProjectionLease value) {
        this.lease = Checks.notNull(value, "lease");
        return this;
    }

    /** The clock for lag and parking times. */
    public ProjectionRunnerBuilder clock(Clock value) {
        this.clock = Checks.notNull(value, "clock");
        return this;
    }

    public ProjectionRunner build() {
        return new ProjectionRunner(this);
    }
}
